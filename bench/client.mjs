// The one Kinesis client every target is measured with: raw keep-alive HTTP/1.1 over a pool of TCP connections
// (one request at a time on each), JSON 1.1 bodies, SigV4-signed per request. Owns the wire only: no retries of
// service errors, no timing, no verification. (node:http's client costs about twice the CPU per call.)
import net from 'node:net';
import { createSigner } from '../local/sigv4.mjs';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const CRLF2 = Buffer.from('\r\n\r\n');

/** A failed call: the service's __type and message (status > 0), or a transport error (status 0). */
export class CallError extends Error {
  constructor(type, message, status) {
    super(`${type}: ${message}`);
    this.type = type;
    this.status = status;
  }
}

/**
 * The response being read on a connection.
 * @typedef {object} Pending
 * @property {(res: { status: number, body: Buffer }) => void} resolve
 * @property {(err: CallError) => void} reject
 * @property {Buffer[]} chunks
 * @property {number} size
 * @property {number} headerEnd
 * @property {number} received
 * @property {number} status set from the status line
 * @property {number} [length]
 * @property {{ pos: number, parts: Buffer[] }} [chunked]
 * @property {boolean} [close]
 * @property {boolean} [untilClose]
 * @property {Buffer} [body]
 */

/** One keep-alive connection; request() resolves { status, body: Buffer } of one response. */
class Connection {
  constructor(host, port, timeoutMs, onDead) {
    this.dead = false;
    this.used = 0;
    /** @type {Pending | undefined} */
    this.pending = undefined;
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('timeout', () => this.fail(new CallError('Timeout', `no answer in ${timeoutMs} ms`, 0)));
    this.socket.on('error', (/** @type {NodeJS.ErrnoException} */ err) => this.fail(new CallError(err.code ?? 'SocketError', err.message, 0)));
    this.socket.on('close', () => {
      if (this.pending?.untilClose) this.finish();
      this.fail(new CallError('ECONNRESET', 'connection closed before the response ended', 0));
    });
    this.timeoutMs = timeoutMs;
    this.onDead = onDead;
  }

  request(head, body) {
    this.used++;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, chunks: [], size: 0, headerEnd: -1, received: 0, status: 0 };
      this.socket.setTimeout(this.timeoutMs);
      this.socket.cork();
      this.socket.write(head, 'latin1');
      this.socket.write(body);
      this.socket.uncork();
    });
  }

  fail(err) {
    if (!this.dead) {
      this.dead = true;
      this.socket.destroy();
      this.onDead(this);
    }
    const p = this.pending;
    this.pending = undefined;
    p?.reject(Object.assign(err, { noBytes: p.received === 0 }));
  }

  onData(chunk) {
    const p = this.pending;
    if (!p) return this.fail(new CallError('BadResponse', 'bytes arrived with no request pending', 0));
    p.received += chunk.length;
    p.chunks.push(chunk);
    p.size += chunk.length;
    if (p.headerEnd < 0) {
      const all = p.chunks.length === 1 ? p.chunks[0] : Buffer.concat(p.chunks);
      p.chunks = [all];
      const end = all.indexOf(CRLF2);
      if (end < 0) return undefined;
      p.headerEnd = end + 4;
      this.parseHead(all.toString('latin1', 0, end));
      if (!this.pending) return undefined;
    }
    if (p.chunked) return this.readChunked();
    if (p.length !== undefined && p.size - p.headerEnd >= p.length) return this.finish();
    return undefined;
  }

  parseHead(text) {
    const p = /** @type {Pending} */ (this.pending); // called only with a response pending
    const lines = text.split('\r\n');
    p.status = Number(lines[0].slice(9, 12));
    if (!/^HTTP\/1\.[01] \d{3}/.test(lines[0])) return this.fail(new CallError('BadResponse', `not HTTP/1.1: ${lines[0].slice(0, 80)}`, 0));
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      const name = lines[i].slice(0, colon).trim().toLowerCase();
      const value = lines[i].slice(colon + 1).trim();
      if (name === 'content-length') p.length = Number(value);
      else if (name === 'transfer-encoding' && /chunked/i.test(value)) p.chunked = { pos: p.headerEnd, parts: [] };
      else if (name === 'connection' && /close/i.test(value)) p.close = true;
    }
    if (p.length === undefined && !p.chunked) p.untilClose = true; // HTTP/1.1: the body runs to the end of the connection
    return undefined;
  }

  /** Transfer-Encoding: chunked, decoded incrementally from p.chunked.pos. */
  readChunked() {
    const p = /** @type {Pending} */ (this.pending); // called only with a response pending
    const buf = p.chunks.length === 1 ? p.chunks[0] : Buffer.concat(p.chunks);
    p.chunks = [buf];
    const c = /** @type {NonNullable<Pending['chunked']>} */ (p.chunked); // only chunked responses come here
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', c.pos, 'latin1');
      if (lineEnd < 0) return undefined;
      const size = parseInt(buf.toString('latin1', c.pos, lineEnd), 16);
      if (!Number.isFinite(size)) return this.fail(new CallError('BadResponse', 'bad chunk size', 0));
      if (size === 0) {
        if (buf.indexOf(CRLF2, lineEnd) < 0) return undefined; // the last chunk, trailers, then an empty line
        p.body = Buffer.concat(c.parts);
        return this.finish();
      }
      if (buf.length < lineEnd + 2 + size + 2) return undefined;
      c.parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
      c.pos = lineEnd + 2 + size + 2;
    }
  }

  finish() {
    const p = /** @type {Pending} */ (this.pending); // called only with a response pending
    this.pending = undefined;
    this.socket.setTimeout(0);
    const all = p.chunks.length === 1 ? p.chunks[0] : Buffer.concat(p.chunks);
    const body = p.body ?? (p.length !== undefined ? all.subarray(p.headerEnd, p.headerEnd + p.length) : all.subarray(p.headerEnd));
    if (p.close && !this.dead) {
      this.dead = true;
      this.socket.end();
      this.onDead(this);
    }
    p.resolve({ status: p.status, body });
  }
}

/** The keys every target is signed with unless it names its own (a target that verifies signatures, see
 *  targets.mjs): servers that only read a signature's form take any. */
const BENCH_KEYS = { accessKeyId: 'AKIDBENCHEXAMPLE', secretAccessKey: 'bench-secret-key' };

/** @param {{ host?: string, port: number, maxSockets?: number, timeoutMs?: number, credentials?: { accessKeyId: string, secretAccessKey: string } }} options */
export function createClient({ host = '127.0.0.1', port, maxSockets = 64, timeoutMs = 120_000, credentials = BENCH_KEYS }) {
  const sign = createSigner(credentials);
  const hostHeader = `${host}:${port}`;
  const idle = [];
  const waiting = [];
  const all = new Set();
  let closed = false;

  const drop = (conn) => {
    all.delete(conn);
    const i = idle.indexOf(conn);
    if (i >= 0) idle.splice(i, 1);
    if (waiting.length && all.size < maxSockets) waiting.shift()(open());
  };
  const open = () => {
    const conn = new Connection(host, port, timeoutMs, drop);
    all.add(conn);
    return conn;
  };
  const acquire = () => {
    while (idle.length) {
      const conn = idle.pop(); // LIFO: the warmest connection
      if (!conn.dead) return Promise.resolve(conn);
    }
    if (all.size < maxSockets) return Promise.resolve(open());
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (conn) => {
    if (conn.dead || closed) return;
    if (waiting.length) waiting.shift()(conn);
    else idle.push(conn);
  };

  async function exchange(head, body, retried = false) {
    const conn = await acquire();
    const reused = conn.used > 0;
    try {
      const res = await conn.request(head, body);
      release(conn);
      return res;
    } catch (err) {
      // A kept-alive connection the server closed while idle: send once more on a new one (nothing was answered).
      if (reused && err.noBytes && !retried && !closed) return exchange(head, body, true);
      throw err;
    }
  }

  /** Sends a prepared JSON body (string) to operation `op`; resolves the parsed response, rejects a CallError. */
  async function send(op, json) {
    const body = Buffer.from(json);
    const target = `Kinesis_20131202.${op}`;
    const h = sign({ host: hostHeader, headers: { 'Content-Type': CONTENT_TYPE, 'X-Amz-Target': target }, body });
    const head = `POST / HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: ${CONTENT_TYPE}\r\nX-Amz-Date: ${h['X-Amz-Date']}\r\nX-Amz-Target: ${target}\r\nAuthorization: ${h.Authorization}\r\nContent-Length: ${body.length}\r\n\r\n`;
    const res = await exchange(head, body);
    const text = res.body.toString();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new CallError('BadResponse', `status ${res.status}, body not JSON: ${text.slice(0, 200)}`, res.status);
    }
    if (res.status !== 200) {
      const type = String(parsed.__type ?? 'HttpError').split('#').pop();
      throw new CallError(type, parsed.message ?? parsed.Message ?? text.slice(0, 200), res.status);
    }
    return parsed;
  }

  return {
    send,
    call: (op, params = {}) => send(op, JSON.stringify(params)),
    close() {
      closed = true;
      for (const conn of all) {
        conn.dead = true;
        conn.socket.destroy();
      }
      all.clear();
      idle.length = 0;
    },
  };
}
