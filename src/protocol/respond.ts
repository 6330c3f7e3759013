// Builds every response the Worker sends: success bodies, Kinesis errors in JSON, and AWS's XML and
// coral-envelope answers for requests that are not Kinesis JSON (aws-behaviour §1.2, §1.3). Must not decide *which* error.
import { KinesisError } from './errors';
import { encodeBody } from './codec';
import type { Wire } from './target';

export interface ReplyContext {
  requestId: string;
  id2: string;
  /** The request's content type, echoed back (aws-behaviour §1.1). */
  contentType: string;
  wire: Wire;
}

function baseHeaders(ctx: ReplyContext): Record<string, string> {
  return { 'x-amzn-RequestId': ctx.requestId, 'x-amz-id-2': ctx.id2 };
}

/** 200 with the output, or an empty body for operations with no output (aws-behaviour §1.1). */
export function success(ctx: ReplyContext, output: object | undefined): Response {
  const headers = baseHeaders(ctx);
  headers['Content-Type'] = ctx.contentType;
  if (output === undefined) return new Response(null, { status: 200, headers });
  return new Response(encodeBody(ctx.wire, output), { status: 200, headers });
}

/** An operation's answer that is an event stream (SubscribeToShard): the body is streamed as the object produces it. */
export class EventStreamBody {
  constructor(readonly stream: ReadableStream<Uint8Array>) {}
}

/** 200 with an event stream body (https://smithy.io/2.0/aws/amazon-eventstream.html), request ids as always. */
export function streamed(ctx: ReplyContext, body: EventStreamBody): Response {
  const headers = baseHeaders(ctx);
  headers['Content-Type'] = 'application/vnd.amazon.eventstream';
  return new Response(body.stream, { status: 200, headers });
}

export function errorBody(err: KinesisError): Record<string, string> {
  if (!err.hasMessage) return { __type: err.type };
  // SerializationException spells its key `Message` (aws-behaviour §1.2).
  return err.type === 'SerializationException' ? { __type: err.type, Message: err.message } : { __type: err.type, message: err.message };
}

export function failure(ctx: ReplyContext, err: KinesisError): Response {
  const headers = baseHeaders(ctx);
  headers['Content-Type'] = ctx.contentType;
  return new Response(encodeBody(ctx.wire, errorBody(err)), { status: err.status, headers });
}

/** AWS's XML answer for requests it cannot even route (aws-behaviour §1.3), 403/404, no Content-Type. */
export function xmlError(ids: { requestId: string; id2: string }, status: number, type: string, message?: string): Response {
  const body = message === undefined ? `<${type}/>\n` : `<${type}>\n  <Message>${message}</Message>\n</${type}>\n`;
  // Bytes, not a string: a string body would make the runtime add `Content-Type: text/plain`, which AWS does not send.
  return new Response(new TextEncoder().encode(body), { status, headers: { 'x-amzn-RequestId': ids.requestId, 'x-amz-id-2': ids.id2 } });
}

/** The coral envelope AWS uses under plain `application/json` (aws-behaviour §1.3 steps 4-5). */
export function coralError(ids: { requestId: string; id2: string }, status: number, type: string): Response {
  const body = JSON.stringify({ Output: { __type: `com.amazon.coral.service#${type}` }, Version: '1.0' });
  return new Response(body, { status, headers: { 'x-amzn-RequestId': ids.requestId, 'x-amz-id-2': ids.id2, 'Content-Type': 'application/json' } });
}
