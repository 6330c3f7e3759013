// One JSON line per request when the Worker's LOG_FORMAT var is "json" (wrangler.toml's deployed environments), so a
// team endpoint can be followed with `wrangler tail` and a client's failure found by the x-amzn-RequestId it was
// sent. Only what the pipeline already knows is logged: ids, the tenant, the operation and stream names, the
// outcome; never record data, partition keys or credentials. Off (not a line) locally and in tests unless set.
import type { MiddlewareHandler } from 'hono';
import { decodeBody } from './codec';
import { parseTarget } from './target';
import { readConfig } from '../config';
import type { Tenant } from '../model/tenant';
import type { Env } from '../env';

/** What the pipeline learns about a request once it has read it; filled in by noteRequest. */
export interface RequestNotes {
  account?: string;
  region?: string;
  stream?: string;
}

export interface RequestLine {
  requestId?: string;
  account?: string;
  region?: string;
  operation?: string;
  stream?: string;
  status: number;
  errorType?: string;
  ms: number;
}

/** Names come from the client: a line stays a line of bounded size whatever was sent. Operation names are at most
 *  30 characters today, stream names at most 128 (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html). */
const MAX_OPERATION_CHARS = 64;
const MAX_STREAM_CHARS = 128;
/** Error bodies are small (a type and a message); anything larger is not read for its type. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** The stream an ARN names: arn:aws:kinesis:<region>:<account>:stream/<name>[/consumer/...]. */
const STREAM_IN_ARN = /:stream\/([^/]+)/;

export type RequestLogVariables = { requestNotes?: RequestNotes };

/** Called by the pipeline once it knows the tenant and has the decoded body: the stream named by StreamName, or by
 *  the ARN of a stream, consumer or tagged resource. */
export function noteRequest(notes: RequestNotes, tenant: Tenant, body: Record<string, unknown>): void {
  notes.account = tenant.account;
  notes.region = tenant.region;
  const named = typeof body.StreamName === 'string' ? body.StreamName : undefined;
  const arn = [body.StreamARN, body.ConsumerARN, body.ResourceARN].find((v): v is string => typeof v === 'string');
  const stream = named ?? (arn === undefined ? undefined : STREAM_IN_ARN.exec(arn)?.[1]);
  if (stream !== undefined) notes.stream = stream.slice(0, MAX_STREAM_CHARS);
}

/** Hono middleware: first in the chain, so it sees every answer, onError's InternalFailure included. */
export const requestLog: MiddlewareHandler<{ Bindings: Env; Variables: RequestLogVariables }> = async (c, next) => {
  if (readConfig(c.env).logFormat !== 'json') return next();
  const started = Date.now();
  const notes: RequestNotes = {};
  c.set('requestNotes', notes);
  await next();
  try {
    const res = c.res;
    const line: RequestLine = {
      requestId: res.headers.get('x-amzn-RequestId') ?? undefined,
      account: notes.account,
      region: notes.region,
      operation: parseTarget(c.req.header('x-amz-target')).operation?.slice(0, MAX_OPERATION_CHARS),
      stream: notes.stream,
      status: res.status,
      errorType: res.status >= 400 ? await errorTypeOf(res) : undefined,
      ms: Date.now() - started,
    };
    // Workers' logs keep what console.log writes; one call, one line (JSON escapes every newline).
    console.log(JSON.stringify(line));
  } catch {
    // A log line must never change the answer: a throw here would reach onError and replace it.
  }
};

/** The error type the client was sent, read from a copy of the answer in whichever form it took: JSON or CBOR
 *  `__type`, the coral envelope's `Output.__type`, or the root element of AWS's XML answer. Bare answers (413, a body
 *  cut off) have none. */
async function errorTypeOf(res: Response): Promise<string | undefined> {
  if (res.body === null) return undefined;
  const length = Number(res.headers.get('content-length') ?? NaN);
  if (length > MAX_ERROR_BODY_BYTES) return undefined;
  const bytes = new Uint8Array(await res.clone().arrayBuffer());
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_ERROR_BODY_BYTES) return undefined;
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.startsWith('application/x-amz-cbor')) return typeField(decodeBody('cbor', bytes));
  if (contentType.startsWith('application/x-amz-json') || contentType === 'application/json') {
    const body = decodeBody('json', bytes);
    const output = body?.Output;
    const type = typeField(typeof output === 'object' && output !== null ? (output as Record<string, unknown>) : body);
    // The coral envelope names it com.amazon.coral.service#<Type>.
    return type?.slice(type.lastIndexOf('#') + 1);
  }
  return /^<([A-Za-z]+)[\s/>]/.exec(new TextDecoder().decode(bytes))?.[1];
}

function typeField(body: Record<string, unknown> | undefined): string | undefined {
  return typeof body?.__type === 'string' ? body.__type : undefined;
}
