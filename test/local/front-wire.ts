// Wire-level helpers for the local front's tests (test/local/front-*.test.ts): the real Worker started in this
// process (local/server.mjs, in memory), the front started on its own with chosen timeouts, raw-socket exchanges
// with a deadline, signed raw HTTP/1.1 requests, and a parser for Content-Length framed answers.
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kinesisHeaders } from '../clients/raw';

export interface Front {
  port: number;
  close(): Promise<void>;
}
export interface Timeouts {
  headersMs?: number;
  requestMs?: number;
  keepAliveMs?: number;
}
export interface FrontOptions {
  host?: string;
  hosts?: string[];
  port: number;
  upstream: { host: string; port: number };
  tls?: { key: string; cert: string };
  timeouts?: Timeouts;
}
interface LocalServer {
  port: number;
  innerUrl: string;
  stop(): Promise<void>;
}

// Non-literal specifiers keep tsc (allowJs: false) from looking for declarations of the .mjs files.
const frontUrl = new URL('../../local/front.mjs', import.meta.url).href;
const serverUrl = new URL('../../local/server.mjs', import.meta.url).href;
export const startFront = async (opts: FrontOptions): Promise<Front> => ((await import(frontUrl)) as { startFront(o: FrontOptions): Promise<Front> }).startFront(opts);

/** The real server (Worker in workerd, front on a free loopback port with its production timeouts), in memory. */
export async function startLocal(): Promise<LocalServer & { upstream: { host: string; port: number } }> {
  const { startServer } = (await import(serverUrl)) as { startServer(o: object): Promise<LocalServer> };
  const server = await startServer({
    // In memory: nothing is written under this path.
    path: path.join(tmpdir(), 'kinesis-edge-front-test'),
    inMemory: true,
    host: '127.0.0.1',
    port: 0,
    createStreamMs: 0,
    deleteStreamMs: 0,
    shardLimit: 100,
  });
  const inner = new URL(server.innerUrl);
  return { ...server, upstream: { host: inner.hostname, port: Number(inner.port) } };
}

export interface Exchange {
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** The server closed (or reset) the connection before the deadline. */
  closed: boolean;
  /** From connect to close (or to the deadline). */
  elapsedMs: number;
}

/**
 * Connects, lets `drive` write (all at once, or over time), and collects what comes back until the server closes
 * or `deadlineMs` passes (then the client closes).
 */
export function exchange(port: number, drive: string | Buffer | ((socket: net.Socket) => void), deadlineMs = 5_000, host = '127.0.0.1'): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const socket = net.connect(port, host);
    const parts: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ text: Buffer.concat(parts).toString('latin1'), closed, elapsedMs: Date.now() - t0 });
      socket.destroy();
    };
    const timer = setTimeout(() => finish(false), deadlineMs);
    socket.on('data', (c: Buffer) => parts.push(c));
    socket.on('close', () => finish(true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A reset after the server answered still counts as the server closing; a refused connect is the test's error.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return finish(true);
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.on('connect', () => {
      if (typeof drive === 'function') drive(socket);
      else socket.write(drive);
    });
  });
}

/**
 * A signed POST / for `operation` as raw HTTP/1.1: head and body with Content-Length, or (framing 'none') the head
 * alone, for the caller to frame the body. `extra` header lines go after the signed ones.
 */
export function signedRequest(port: number, operation: string, body: string, extra: string[] = [], framing: 'length' | 'none' = 'length'): string {
  const url = `http://127.0.0.1:${port}`;
  const headers = kinesisHeaders(url, operation, body);
  const lines = [`POST / HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (framing === 'length') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${[...lines, ...extra].join('\r\n')}\r\n\r\n${framing === 'length' ? body : ''}`;
}

export interface Answer {
  status: number;
  /** Header names lower-cased; repeats joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/** Splits a byte stream of answers framed by Content-Length (what the front sends for Worker answers). */
export function parseAnswers(text: string): Answer[] {
  const answers: Answer[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end < 0) throw new Error(`incomplete head at ${at}: ${JSON.stringify(text.slice(at, at + 200))}`);
    const [statusLine, ...lines] = text.slice(at, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]);
    const length = headers['content-length'];
    if (length === undefined && status >= 200) throw new Error(`answer without Content-Length: ${statusLine}`);
    const bodyEnd = end + 4 + Number(length ?? 0);
    answers.push({ status, headers, body: text.slice(end + 4, bodyEnd) });
    at = bodyEnd;
  }
  return answers;
}
