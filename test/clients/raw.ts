// Raw Kinesis requests over fetch, signed with a tiny SigV4 signer (node:crypto), for wire-level tests.
// Must stay independent of the SDK, so a malformed body reaches the server exactly as written.
import { createHash, createHmac } from 'node:crypto';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

export interface SignOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  date?: Date;
}

/** SigV4 headers (Authorization, X-Amz-Date, X-Amz-Content-Sha256) for a POST / to service `kinesis`. */
export function sign(url: string, headers: Record<string, string>, body: Uint8Array | string, opts: SignOptions = {}): Record<string, string> {
  const { host } = new URL(url);
  const region = opts.region ?? 'us-east-1';
  const amzDate = (opts.date ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256(body);
  const all: Record<string, string> = { ...headers, host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash };
  const names = Object.keys(all).map((k) => k.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const canonical = ['POST', '/', '', names.map((n) => `${n}:${lower[n]}\n`).join(''), names.join(';'), payloadHash].join('\n');
  const scope = `${day}/${region}/kinesis/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${opts.secretAccessKey ?? 'secret'}`, day);
  for (const part of [region, 'kinesis', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    Authorization: `AWS4-HMAC-SHA256 Credential=${opts.accessKeyId ?? 'AKIDEXAMPLE'}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Content-Sha256': payloadHash,
  };
}

export interface RawReply {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, or undefined when it is not JSON. */
  json: any;
}

export interface RawOptions extends SignOptions {
  /** Defaults to application/x-amz-json-1.1. */
  contentType?: string;
  method?: string;
  /** Send no Authorization header at all. */
  unsigned?: boolean;
}

/** POSTs `body` (a string or bytes, sent verbatim) as Kinesis_20131202.<operation>. */
export async function rawCall(url: string, operation: string | undefined, body: Uint8Array | string, opts: RawOptions = {}): Promise<RawReply> {
  const res = await fetch(`${url}/`, { method: opts.method ?? 'POST', headers: kinesisHeaders(url, operation, body, opts), body });
  return reply(res);
}

/** Every header rawCall sends (Content-Type, X-Amz-Target, SigV4), for other clients: node:http, node:http2. */
export function kinesisHeaders(url: string, operation: string | undefined, body: Uint8Array | string, opts: RawOptions = {}): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': opts.contentType ?? 'application/x-amz-json-1.1' };
  if (operation !== undefined) headers['X-Amz-Target'] = `Kinesis_20131202.${operation}`;
  const signed = opts.unsigned ? { 'X-Amz-Date': new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '') } : sign(url, headers, body, opts);
  return { ...headers, ...signed };
}

export interface RawBytesReply {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

/** Like rawCall, for binary answers (CBOR): the body as bytes. */
export async function rawCallBytes(url: string, operation: string | undefined, body: Uint8Array | string, opts: RawOptions = {}): Promise<RawBytesReply> {
  const res = await fetch(`${url}/`, { method: opts.method ?? 'POST', headers: kinesisHeaders(url, operation, body, opts), body });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

export async function reply(res: Response): Promise<RawReply> {
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
