// A raw HTTP/1.1 client over node:net for the fuzz suite: requests are sent as exact bytes (no client rewrites
// headers or framing), answers are parsed strictly enough to tell a status, and every wait has a deadline.
import net from 'node:net';

export interface Http1Reply {
  status: number;
  /** Lower-cased names; repeated headers keep every value. */
  headers: Record<string, string[]>;
  body: Buffer;
}

export const header = (reply: Http1Reply, name: string): string | undefined => reply.headers[name]?.join(', ');

/** A readable rendering of bytes for failure messages: printable ASCII as is, the rest as \xNN, capped. */
export function showBytes(bytes: Uint8Array, cap = 3000): string {
  let out = '';
  for (const b of bytes.subarray(0, cap)) {
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n\n';
    else if (b >= 0x20 && b < 0x7f && b !== 0x5c) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return bytes.length > cap ? `${out}... (${bytes.length} bytes in all)` : out;
}

/** Largest answer head this client accepts; the server's are a few hundred bytes. */
const MAX_HEAD = 64 * 1024;

/** One complete response at the start of `buf`, or undefined while more bytes are needed. `closed`: no more will come. */
export function parseReply(buf: Buffer, closed: boolean): { reply: Http1Reply; used: number } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) {
    if (buf.length > MAX_HEAD || (closed && buf.length > 0)) throw new Error(`bad response head: ${showBytes(buf, 200)}`);
    return undefined;
  }
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0]);
  if (!m) throw new Error(`bad status line: ${JSON.stringify(lines[0])}`);
  const headers: Record<string, string[]> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`bad response header: ${JSON.stringify(line)}`);
    (headers[line.slice(0, colon).trim().toLowerCase()] ??= []).push(line.slice(colon + 1).trim());
  }
  const status = Number(m[1]);
  let at = end + 4;
  // 1xx answers (100 Continue) carry no body; the caller reads the final answer after them.
  if (status < 200 || status === 204 || status === 304) return { reply: { status, headers, body: Buffer.alloc(0) }, used: at };
  if (headers['transfer-encoding']?.some((v) => /chunked/i.test(v))) {
    const parts: Buffer[] = [];
    for (;;) {
      const eol = buf.indexOf('\r\n', at);
      if (eol < 0) return undefined;
      const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
      if (!Number.isFinite(size) || size < 0) throw new Error('bad chunk size in response');
      if (buf.length < eol + 2 + size + 2) return undefined;
      if (size === 0) {
        // No trailers from this server: the last chunk is followed by the final CRLF.
        return { reply: { status, headers, body: Buffer.concat(parts) }, used: eol + 4 };
      }
      parts.push(buf.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
  }
  const length = headers['content-length'];
  if (length) {
    const n = Number(length[0]);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad response Content-Length ${length[0]}`);
    if (buf.length < at + n) return undefined;
    return { reply: { status, headers, body: buf.subarray(at, at + n) }, used: at + n };
  }
  // Neither: the body runs to the close of the connection.
  return closed ? { reply: { status, headers, body: buf.subarray(at) }, used: buf.length } : undefined;
}

/** A socket with a byte buffer and a way to wait for "more bytes or close". */
class Wire {
  buf: Buffer = Buffer.alloc(0);
  closed = false;
  private wake: (() => void) | undefined;
  constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      this.wake?.();
    });
    const close = () => {
      this.closed = true;
      this.wake?.();
    };
    socket.on('end', close);
    socket.on('close', close);
    socket.on('error', close);
  }
  /** Resolves on new bytes or close; false when `deadline` (a Date.now() value) passes first. */
  more(deadline: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => ((this.wake = undefined), resolve(false)), Math.max(0, deadline - Date.now()));
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(true);
      };
    });
  }
  /** The next complete answer, skipping 1xx; undefined when the connection closed first. Throws past the deadline. */
  async next(deadline: number, what: () => string): Promise<Http1Reply | undefined> {
    for (;;) {
      const parsed = parseReply(this.buf, this.closed);
      if (parsed) {
        this.buf = this.buf.subarray(parsed.used);
        if (parsed.reply.status >= 200) return parsed.reply;
        continue;
      }
      if (this.closed) return undefined;
      if (!(await this.more(deadline))) throw new Error(`no answer within the deadline (a hang) for:\n${what()}`);
    }
  }
}

function connect(port: number, host: string, deadline: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('connect timed out'))), Math.max(0, deadline - Date.now()));
    socket.once('connect', () => (clearTimeout(timer), resolve(socket)));
    socket.once('error', (err) => (clearTimeout(timer), reject(err)));
  });
}

/** A keep-alive connection that sends one request at a time and reconnects when the server closed it. */
export class KeepAlive {
  private wire: Wire | undefined;
  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
  ) {}

  async request(bytes: Uint8Array, deadlineMs: number): Promise<Http1Reply> {
    const deadline = Date.now() + deadlineMs;
    const what = () => showBytes(bytes);
    // A reused connection the server closed while idle gets no answer; clients retry that once on a fresh one.
    for (let attempt = 0; ; attempt++) {
      const reused = this.wire !== undefined && !this.wire.closed;
      if (!reused) this.wire = new Wire(await connect(this.port, this.host, deadline));
      const wire = this.wire!;
      wire.socket.write(bytes);
      const reply = await wire.next(deadline, what);
      if (reply === undefined) {
        this.wire = undefined;
        if (reused && attempt === 0) continue;
        throw new Error(`connection closed without an answer for:\n${what()}`);
      }
      if (wire.closed || /close/i.test(header(reply, 'connection') ?? '')) this.close();
      return reply;
    }
  }

  close(): void {
    this.wire?.socket.destroy();
    this.wire = undefined;
  }
}

export interface Exchange {
  /** The first complete answer, if one came before the close. */
  replies: Http1Reply[];
  /** The server closed the connection (or reset it). */
  closed: boolean;
  /** Bytes after the last complete answer: an answer cut off by the close. */
  leftover: Buffer;
}

/**
 * Writes `bytes` on a fresh connection, then half-closes it when `halfClose` (so an incomplete message ends rather
 * than waits), and returns once the first answer is complete or the server closed. Throws past the deadline.
 */
export async function exchangeOnce(port: number, bytes: Uint8Array, opts: { halfClose: boolean; deadlineMs: number; host?: string }): Promise<Exchange> {
  const deadline = Date.now() + opts.deadlineMs;
  const wire = new Wire(await connect(port, opts.host ?? '127.0.0.1', deadline));
  try {
    wire.socket.write(bytes);
    if (opts.halfClose) wire.socket.end();
    let reply: Http1Reply | undefined;
    try {
      reply = await wire.next(deadline, () => showBytes(bytes));
    } catch (err) {
      // A head cut off by the close is not an answer; report what arrived.
      if (!wire.closed) throw err;
    }
    return { replies: reply ? [reply] : [], closed: wire.closed, leftover: wire.buf };
  } finally {
    wire.socket.destroy();
  }
}
