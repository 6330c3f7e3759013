// By default the server listens on both loopbacks, so http://localhost:<port> works whether localhost resolves to
// 127.0.0.1 or ::1 first; --host X listens on X alone. Never a public interface unless --host says so.
import { afterAll, describe, expect, test } from 'vitest';
import net from 'node:net';
import { startServer, type Server } from '../clients/server';

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

/** Whether this machine can listen on ::1 at all (a container without IPv6 cannot). */
async function hasIpv6Loopback(): Promise<boolean> {
  const probe = net.createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}

const health = async (host: string, port: number) => (await fetch(`http://${host}:${port}/health`)).status;

describe('listening addresses', () => {
  test('by default: the start line shows http://localhost:<port>, and /health answers on 127.0.0.1 and [::1]', async () => {
    const server = await startServer({ ignoreExternal: true, noAddressFlags: true, args: ['--port', '0', '--in-memory'], env: { HOST: '' } });
    servers.push(server);
    expect(server.output().stdout).toContain(`kinesis-edge listening on http://localhost:${server.port} (in memory)`);
    expect(await health('127.0.0.1', server.port)).toBe(200);
    if (await hasIpv6Loopback()) expect(await health('[::1]', server.port)).toBe(200);
    expect(await health('localhost', server.port)).toBe(200);
  });

  test('--host 127.0.0.1 listens there only: [::1] refuses the connection', async () => {
    const server = await startServer({ ignoreExternal: true, args: ['--in-memory'] });
    servers.push(server);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await health('127.0.0.1', server.port)).toBe(200);
    if (await hasIpv6Loopback()) await expect(health('[::1]', server.port)).rejects.toThrow();
  });
});
