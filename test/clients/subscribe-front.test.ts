// The local front carries a long event-stream answer (SubscribeToShard's) through as it is produced: over HTTP/1.1
// (chunked) and h2, each chunk reaches the client before the next is written (no buffering), and an answer that
// streams for longer than the front's request timeout is not cut (it bounds receiving a request, not sending an
// answer). The front runs with small timeouts in front of a stand-in upstream that writes a chunk only when the test
// asks, so the test is synchronised by the chunks themselves.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { startFront, type Front } from '../local/front-wire';

// An h2 session with no frames either way for keepAliveMs is closed by design (65 s in production, far above the
// 5 s SubscribeToShard heartbeat); the waits here stay below it and pass the request timeout.
const TIMEOUTS = { headersMs: 300, requestMs: 400, keepAliveMs: 2_000 };
const CHUNKS = 4;

/** Upstream: answers 200 event-stream and writes chunk i when `release()` is called, then ends after CHUNKS. */
let release: () => void = () => {};
let upstream: http.Server;
let front: Front;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      let n = 0;
      release = () => {
        res.write(`chunk${n}|`);
        if (++n === CHUNKS) res.end();
      };
      release();
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  front = await startFront({ hosts: ['127.0.0.1'], port: 0, upstream: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port }, timeouts: TIMEOUTS });
});
afterAll(async () => {
  await front?.close();
  await new Promise((r) => upstream?.close(r));
});

/** Waits past the front's request timeout: the time passing is what is under test. */
const outlastTimeouts = () => new Promise((r) => setTimeout(r, TIMEOUTS.requestMs + 300));

async function drive(onChunk: (cb: (text: string) => void) => void, ended: Promise<void>) {
  const seen: string[] = [];
  let wake: (() => void) | undefined;
  onChunk((text) => {
    seen.push(...text.split('|').filter(Boolean));
    wake?.();
  });
  for (let i = 0; i < CHUNKS; i++) {
    // A failed answer ends the wait too (its rejection fails the test instead of hanging it).
    while (seen.length <= i) await Promise.race([new Promise<void>((r) => (wake = r)), ended.then(() => undefined)]);
    expect(seen[i]).toBe(`chunk${i}`);
    if (i < CHUNKS - 1) {
      await outlastTimeouts();
      release();
    }
  }
  await ended;
  return seen;
}

describe('the front streams answers through', () => {
  test('HTTP/1.1: chunk by chunk, past the request timeout', async () => {
    let onData: (t: string) => void = () => {};
    let headers: http.IncomingHttpHeaders = {};
    const ended = new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: front.port, method: 'POST', path: '/' }, (res) => {
        headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (c: string) => onData(c));
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end('{}');
    });
    const seen = await drive((cb) => (onData = cb), ended);
    expect(seen).toEqual(['chunk0', 'chunk1', 'chunk2', 'chunk3']);
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(headers['content-type']).toBe('application/vnd.amazon.eventstream');
  });

  test('h2c: chunk by chunk, past the request timeout', async () => {
    const session = http2.connect(`http://127.0.0.1:${front.port}`);
    try {
      let onData: (t: string) => void = () => {};
      const ended = new Promise<void>((resolve, reject) => {
        const stream = session.request({ ':method': 'POST', ':path': '/' });
        stream.setEncoding('utf8');
        stream.on('data', (c: string) => onData(c));
        stream.on('end', resolve);
        stream.on('error', reject);
        stream.end('{}');
      });
      const seen = await drive((cb) => (onData = cb), ended);
      expect(seen).toEqual(['chunk0', 'chunk1', 'chunk2', 'chunk3']);
    } finally {
      session.close();
    }
  });
});
