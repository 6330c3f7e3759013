// Raw Kinesis requests over fetch, signed with the project's one SigV4 signer (local/sigv4.mjs), for wire-level
// tests. Must stay independent of the SDK, so a malformed body reaches the server exactly as written.
import { amzDate, createSigner } from '../../local/sigv4.mjs';

export interface SignOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  date?: Date;
}

/** SigV4 headers (Authorization, X-Amz-Date, X-Amz-Content-Sha256) for a POST / to service `kinesis`. */
export function sign(url: string, headers: Record<string, string>, body: Uint8Array | string, opts: SignOptions = {}): Record<string, string> {
  const signer = createSigner({ accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, region: opts.region });
  return signer({ host: new URL(url).host, headers, body, now: opts.date, contentSha256: true });
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
  const signed = opts.unsigned ? { 'X-Amz-Date': amzDate(new Date()) } : sign(url, headers, body, opts);
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
