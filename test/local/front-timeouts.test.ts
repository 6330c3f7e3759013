// The local front bounds every phase of a connection in time (issue 7): a silent connection, a request head or a
// whole request that takes too long, an idle keep-alive connection, an idle HTTP/2 session and a stalled TLS
// handshake are all closed. The front runs here with small timeouts (startFront's `timeouts`) in front of the real
// Worker; requests inside the bounds keep working. Each bound is checked from both sides: not closed before it,
// closed within a margin after it (the margin absorbs a loaded machine, not a missing timeout).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { kinesisHeaders } from '../clients/raw';
import { exchange, parseAnswers, signedRequest, startFront, startLocal, type Front } from './front-wire';

const certModuleUrl = new URL('../../local/cert.mjs', import.meta.url).href;
const { generateCertificate } = (await import(certModuleUrl)) as { generateCertificate(): { cert: string; key: string } };

const HEADERS_MS = 400;
const REQUEST_MS = 1_200;
const KEEP_ALIVE_MS = 800;
/** Slack for a loaded 2-core machine; far below the production defaults a missing bound would leave (10-65 s). */
const MARGIN_MS = 3_000;

let local: Awaited<ReturnType<typeof startLocal>>;
let front: Front;
let tlsFront: Front;
const pair = generateCertificate();

beforeAll(async () => {
  local = await startLocal();
  const timeouts = { headersMs: HEADERS_MS, requestMs: REQUEST_MS, keepAliveMs: KEEP_ALIVE_MS };
  front = await startFront({ hosts: ['127.0.0.1'], port: 0, upstream: local.upstream, timeouts });
  tlsFront = await startFront({ hosts: ['127.0.0.1'], port: 0, upstream: local.upstream, timeouts, tls: pair });
});
afterAll(async () => {
  await front?.close();
  await tlsFront?.close();
  await local?.stop();
});

const trickle = (text: string, everyMs: number) => (socket: net.Socket) => {
  let at = 0;
  const timer = setInterval(() => {
    if (at >= text.length || socket.destroyed) return clearInterval(timer);
    socket.write(text[at++]);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
};

function expectClosedAfter(got: { closed: boolean; elapsedMs: number; text: string }, boundMs: number) {
  expect(got.closed, `still open after ${got.elapsedMs} ms; got ${JSON.stringify(got.text)}`).toBe(true);
  expect(got.elapsedMs).toBeGreaterThanOrEqual(boundMs - 50);
  expect(got.elapsedMs).toBeLessThan(boundMs + MARGIN_MS);
}

describe('HTTP/1.1 timeouts', () => {
  test('a connection that sends nothing is closed after the headers timeout', async () => {
    const got = await exchange(front.port, () => {}, HEADERS_MS + MARGIN_MS);
    expectClosedAfter(got, HEADERS_MS);
    expect(got.text).toBe('');
  });

  test('a request head sent one byte at a time is cut off at the headers timeout (408), though never idle', async () => {
    const head = signedRequest(front.port, 'ListStreams', '{}');
    const got = await exchange(front.port, trickle(head, 20), HEADERS_MS + MARGIN_MS);
    expectClosedAfter(got, HEADERS_MS);
    expect(got.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('a body trickled slower than the request timeout allows is cut off (408)', async () => {
    const body = JSON.stringify({ Limit: 1, Pad: 'x'.repeat(200) });
    const request = signedRequest(front.port, 'ListStreams', body);
    const head = request.slice(0, request.length - body.length);
    const got = await exchange(
      front.port,
      (socket) => {
        socket.write(head);
        trickle(body, 50)(socket);
      },
      REQUEST_MS + MARGIN_MS,
    );
    expectClosedAfter(got, REQUEST_MS);
    expect(got.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('an idle keep-alive connection is closed after the keep-alive timeout; requests inside it reuse the connection', async () => {
    const requests = [0, 1, 2].map(() => signedRequest(front.port, 'ListStreams', '{}'));
    let answeredAt = 0;
    const got = await exchange(
      front.port,
      (socket) => {
        let text = '';
        let sent = 0;
        const sendNext = () => socket.write(requests[sent++]);
        socket.on('data', (c: Buffer) => {
          text += c.toString('latin1');
          const answers = (text.match(/HTTP\/1\.1 200 /g) ?? []).length;
          if (answers < sent || !text.endsWith('}')) return;
          if (sent < requests.length) setTimeout(sendNext, KEEP_ALIVE_MS / 2);
          else answeredAt = Date.now();
        });
        sendNext();
      },
      3 * KEEP_ALIVE_MS + KEEP_ALIVE_MS + MARGIN_MS,
    );
    expect(got.closed, got.text).toBe(true);
    expect(parseAnswers(got.text).map((a) => a.status)).toEqual([200, 200, 200]);
    // Measured from when this side saw the last answer, which a loaded machine may deliver late: half the bound
    // still tells the keep-alive timeout from an immediate close.
    const idleMs = Date.now() - answeredAt;
    expect(idleMs).toBeGreaterThanOrEqual(KEEP_ALIVE_MS / 2);
    expect(idleMs).toBeLessThan(KEEP_ALIVE_MS + MARGIN_MS);
  });

  test('answers announce the production keep-alive timeout, 65 s', async () => {
    const got = await exchange(local.port, signedRequest(local.port, 'ListStreams', '{}', ['Connection: keep-alive']), 2_000);
    const [answer] = parseAnswers(got.text);
    expect(answer.status).toBe(200);
    expect(answer.headers['keep-alive']).toBe('timeout=65');
  });
});

describe('HTTP/2 and TLS timeouts', () => {
  test('an idle HTTP/2 session is closed (GOAWAY) after the keep-alive timeout, after answering', async () => {
    const session = http2.connect(`http://127.0.0.1:${front.port}`);
    let goaway = false;
    session.on('goaway', () => (goaway = true));
    session.on('error', () => {});
    const closed = new Promise<number>((resolve) => session.on('close', () => resolve(Date.now())));
    const status = await new Promise<number>((resolve, reject) => {
      const headers = kinesisHeaders(`http://127.0.0.1:${front.port}`, 'ListStreams', '{}');
      const stream = session.request({ ':method': 'POST', ':path': '/', ...headers });
      stream.on('response', (h) => resolve(Number(h[':status'])));
      stream.on('error', reject);
      stream.resume();
      stream.end('{}');
    });
    expect(status).toBe(200);
    const answeredAt = Date.now();
    const closedAt = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), KEEP_ALIVE_MS + MARGIN_MS))]);
    session.destroy();
    expect(closedAt, 'session still open').toBeGreaterThan(0);
    expect(closedAt - answeredAt).toBeGreaterThanOrEqual(KEEP_ALIVE_MS / 2);
    expect(goaway).toBe(true);
  });

  test('a TLS handshake that never starts is dropped after the headers timeout', async () => {
    const got = await exchange(tlsFront.port, () => {}, HEADERS_MS + MARGIN_MS);
    expectClosedAfter(got, HEADERS_MS);
  });

  test('after a TLS handshake (http/1.1), a connection that sends nothing is closed after the headers timeout', async () => {
    const t0 = Date.now();
    const socket = tls.connect({ host: '127.0.0.1', port: tlsFront.port, ca: pair.cert, servername: 'localhost', ALPNProtocols: ['http/1.1'] });
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    expect(socket.alpnProtocol).toBe('http/1.1');
    const closedAt = await Promise.race([
      new Promise<number>((r) => socket.once('close', () => r(Date.now()))),
      new Promise<number>((r) => setTimeout(() => r(-1), HEADERS_MS + MARGIN_MS)),
    ]);
    socket.destroy();
    expect(closedAt, 'still open').toBeGreaterThan(0);
    expect(closedAt - t0).toBeGreaterThanOrEqual(HEADERS_MS - 50);
  });

  test('a request over TLS inside the bounds is answered', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const body = '{}';
      const headers = kinesisHeaders(`https://127.0.0.1:${tlsFront.port}`, 'ListStreams', body);
      const req = http.request(
        { host: '127.0.0.1', port: tlsFront.port, method: 'POST', path: '/', headers, createConnection: () => tls.connect({ host: '127.0.0.1', port: tlsFront.port, ca: pair.cert, servername: 'localhost' }) },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(200);
  });
});

describe('the front\'s own connections to workerd', () => {
  test('are dropped while idle before workerd closes them, so no request is sent on a closing socket', async () => {
    const { UPSTREAM_IDLE_MS } = (await import(new URL('../../local/front.mjs', import.meta.url).href)) as { UPSTREAM_IDLE_MS: number };
    // Measure how long workerd keeps an idle keep-alive connection: one request, then wait for its close.
    const socket = net.connect(local.upstream.port, local.upstream.host);
    socket.on('error', () => {});
    const answered = new Promise<number>((resolve) => socket.once('data', () => resolve(Date.now())));
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const idleFrom = await answered;
    const closedAt = await Promise.race([
      new Promise<number>((r) => socket.once('close', () => r(Date.now()))),
      new Promise<number>((r) => setTimeout(() => r(-1), 120_000)),
    ]);
    socket.destroy();
    // workerd does close idle connections (else nothing to race with) and the front lets go of its own a good
    // second earlier.
    expect(closedAt, 'workerd kept the idle connection open').toBeGreaterThan(0);
    expect(UPSTREAM_IDLE_MS).toBeLessThanOrEqual(closedAt - idleFrom - 900);
  }, 130_000);
});
