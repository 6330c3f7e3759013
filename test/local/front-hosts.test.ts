// startFront on several hosts at once (`hosts`, one port): 127.0.0.1 and ::1 both answer on the port the first
// listen picked, nothing listens where it was not asked to, close() closes every listener, a port taken on any host
// fails the start without leaving the others open, an address this machine lacks is skipped, and `host` alone still
// works. The front forwards to the real Worker.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import net from 'node:net';
import { exchange, parseAnswers, signedRequest, startFront, startLocal, type Front } from './front-wire';

let local: Awaited<ReturnType<typeof startLocal>>;
const fronts: Front[] = [];

beforeAll(async () => {
  local = await startLocal();
});
afterAll(async () => {
  for (const f of fronts) await f.close();
  await local?.stop();
});

async function start(opts: { host?: string; hosts?: string[]; port?: number }) {
  const front = await startFront({ port: 0, ...opts, upstream: local.upstream });
  fronts.push(front);
  return front;
}

async function listStreamsStatus(port: number, host: string) {
  const got = await exchange(port, signedRequest(port, 'ListStreams', '{}', ['Connection: close']), 5_000, host);
  return parseAnswers(got.text)[0]?.status;
}

/** Whether something accepts TCP connections at host:port. */
function accepts(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function listen(port: number, host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
const close = (server: net.Server) => new Promise((resolve) => server.close(resolve));

/** A port the kernel just gave us on `host` (then let go): the other loopback is held on it by the test itself. */
async function portFreeOn(host: string): Promise<number> {
  const probe = await listen(0, host);
  const { port } = probe.address() as net.AddressInfo;
  await close(probe);
  return port;
}

describe('listening on several hosts', () => {
  test('this machine has an IPv6 loopback (else the ::1 cases below would prove nothing)', async () => {
    const server = await listen(0, '::1');
    await close(server);
  });

  test('127.0.0.1 and ::1 both answer on one port; close() closes both', async () => {
    const front = await start({ hosts: ['127.0.0.1', '::1'] });
    expect(await listStreamsStatus(front.port, '127.0.0.1')).toBe(200);
    expect(await listStreamsStatus(front.port, '::1')).toBe(200);
    await front.close();
    expect(await accepts(front.port, '127.0.0.1')).toBe(false);
    expect(await accepts(front.port, '::1')).toBe(false);
  });

  test('nothing listens on a loopback it was not given', async () => {
    // ::1 held by us on the port: a front given 127.0.0.1 alone starts there, so it did not take ::1 too.
    const port = await portFreeOn('127.0.0.1');
    const held = await listen(port, '::1');
    try {
      const front = await start({ hosts: ['127.0.0.1'], port });
      expect(await listStreamsStatus(front.port, '127.0.0.1')).toBe(200);
    } finally {
      await close(held);
    }
  });

  test('a port taken on the second host fails the start with EADDRINUSE and releases the first', async () => {
    const port = await portFreeOn('127.0.0.1');
    const squatter = await listen(port, '::1');
    try {
      await expect(start({ hosts: ['127.0.0.1', '::1'], port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // Released: the port can be listened on again at 127.0.0.1.
      await close(await listen(port, '127.0.0.1'));
    } finally {
      await close(squatter);
    }
  });

  test('an address this machine does not have is skipped; with no host left the start fails', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a machine, so binding it is EADDRNOTAVAIL.
    const front = await start({ hosts: ['192.0.2.1', '127.0.0.1'] });
    expect(await listStreamsStatus(front.port, '127.0.0.1')).toBe(200);
    await expect(start({ hosts: ['192.0.2.1'] })).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });

  test('`host` alone still works', async () => {
    // 127.0.0.1 held by us on a port: a front told ::1 alone starts on that same port (taking 127.0.0.1 as well would
    // fail with EADDRINUSE) and answers there. Probing a random port for "nothing listens" could meet another process.
    const port = await portFreeOn('::1');
    const held = await listen(port, '127.0.0.1');
    try {
      const front = await start({ host: '::1', port });
      expect(front.port).toBe(port);
      expect(await listStreamsStatus(port, '::1')).toBe(200);
    } finally {
      await close(held);
    }
  });
});
