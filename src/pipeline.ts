// The Kinesis request pipeline for POST /, in AWS's order of checks (aws-behaviour §1.3): method, empty body, content type,
// body parse, operation, auth, types, constraints, then the operation. Must not know any operation's rules.
import { KinesisError } from './protocol/errors';
import { classifyContentType, parseTarget, type Wire } from './protocol/target';
import { decodeBody } from './protocol/codec';
import { readCappedBody } from './protocol/body';
import { requestIds } from './protocol/ids';
import { logInternalFailure } from './protocol/failure-log';
import { coralError, EventStreamBody, failure, streamed, success, xmlError, type ReplyContext } from './protocol/respond';
import { readSignature } from './auth/sigv4';
import { verifySignature } from './auth/verify';
import { admitRequest, tenantLookup } from './auth/tenants';
import { withIteratorKey } from './auth/iterator-key';
import { accountFromAccessKey, type Tenant } from './model/tenant';
import { parseInput, hasOperation } from './schema/validate';
import { operations } from './operations/registry';
import { asResourceOwner } from './operations/access';
import { injectCallFault } from './operations/faults';
import { checkControlRate } from './operations/control-rates';
import { FAULTS_IN_OPERATION } from './model/faults';
import { readConfig } from './config';
import { MAX_REQUEST_BODY_BYTES } from './limits';
import { systemClock } from './model/clock';
import { noteRequest, type RequestNotes } from './protocol/request-log';
import type { Env } from './env';

/** Region used when the credential scope names none. */
const DEFAULT_REGION = 'us-east-1';
const NOT_AUTHORIZABLE = 'Unable to determine service/operation name to be authorized';

/** Work to finish after the answer is sent (the Worker's waitUntil); awaited in place when there is none. */
export type Defer = (work: Promise<unknown>) => void;

/** `notes`, when the request is being logged, learns the tenant and stream (src/protocol/request-log.ts). */
export async function handleKinesis(request: Request, env: Env, notes?: RequestNotes, defer?: Defer): Promise<Response> {
  const now = systemClock.now();
  const ids = requestIds();
  if (request.method !== 'POST') return xmlError(ids, 403, 'AccessDeniedException', NOT_AUTHORIZABLE);

  const body = await readCappedBody(request, MAX_REQUEST_BODY_BYTES);
  // Bare (no body), but with request ids like every answer, so a client can report which request it was.
  if (!body.ok && body.reason === 'too-large') return new Response(null, { status: 413, headers: { 'x-amzn-RequestId': ids.requestId, 'x-amz-id-2': ids.id2 } });
  // The client stopped sending its body: usually it is gone and will never read this; nothing to log.
  if (!body.ok) return new Response(null, { status: 400, headers: { 'x-amzn-RequestId': ids.requestId, 'x-amz-id-2': ids.id2 } });
  const bytes = body.bytes;

  const target = parseTarget(request.headers.get('x-amz-target'));
  const known = target.operation !== undefined && hasOperation(target.operation);
  const contentTypeHeader = request.headers.get('content-type');
  const content = classifyContentType(contentTypeHeader);

  if (bytes.byteLength === 0) {
    const exactJson = (contentTypeHeader ?? '') === 'application/x-amz-json-1.1';
    // Anything but exactly json-1.1 is answered in CBOR, body included [KL index.js: sendCborSerialization/Unknown].
    const reply: ReplyContext = exactJson
      ? { ...ids, contentType: 'application/x-amz-json-1.1', wire: 'json' }
      : { ...ids, contentType: 'application/x-amz-cbor-1.1', wire: 'cbor' };
    return failure(reply, new KinesisError(known ? 'SerializationException' : 'UnknownOperationException'));
  }
  if (content.kind === 'other') {
    return target.hasServiceAndOperation ? xmlError(ids, 404, 'UnknownOperationException') : xmlError(ids, 403, 'AccessDeniedException', NOT_AUTHORIZABLE);
  }
  if (content.kind === 'plain-json') {
    return decodeBody('json', bytes) === undefined ? coralError(ids, 400, 'SerializationException') : coralError(ids, 404, 'UnknownOperationException');
  }

  const wire: Wire = content.wire;
  const reply: ReplyContext = { ...ids, contentType: content.contentType, wire };
  try {
    const body = decodeBody(wire, bytes);
    if (body === undefined) throw new KinesisError('SerializationException');
    const operation = known ? operations[target.operation!] : undefined;
    if (!operation) throw new KinesisError('UnknownOperationException');
    const url = new URL(request.url);
    const signature = readSignature(request.headers, url);
    let config = readConfig(env);
    let tenant: Tenant;
    if (config.authMode === 'verify') {
      // aws-behaviour §1.7: the signature checked against the secret of the tenant its key names; the tenant's
      // account is the account, its quotas bound this request.
      const verified = await verifySignature(signature, { method: request.method, url, headers: request.headers, body: bytes }, now, tenantLookup(env, now));
      tenant = { account: verified.tenant.account, region: verified.region };
      const report = admitRequest(env, verified.tenant, verified.region, now);
      if (report) (defer ?? ((w) => void w.catch(() => {})))(report);
      const { quotas } = verified.tenant;
      config = await withIteratorKey({ ...config, shardLimit: Math.min(config.shardLimit, quotas.openShards), streamLimit: quotas.streams, storedBytesLimit: quotas.storedBytes }, env);
    } else {
      tenant = { account: accountFromAccessKey(signature.accessKeyId), region: signature.region ?? DEFAULT_REGION };
    }
    if (notes) noteRequest(notes, tenant, body);
    const input = parseInput(target.operation!, body, wire);
    operation.check?.(input);
    // Another account's resource: its policy decides, and the operation then runs as its owner's (operations/access.ts).
    const ctx = await asResourceOwner({ env, tenant, config, now, requestId: ids.requestId, wire }, target.operation!, input as Record<string, unknown>);
    // THROTTLE=aws: the operation's documented control-plane rate, once the input is known good (operations/control-rates.ts).
    checkControlRate(ctx, target.operation!, input as Record<string, unknown>);
    // An injected fault (--fault) answers before the operation changes anything; the put and read operations inject
    // their own where they know the shard that AWS's throttling messages name (model/faults.ts).
    if (!FAULTS_IN_OPERATION.has(target.operation!)) injectCallFault(ctx, target.operation!);
    const output = await operation.run(ctx, input);
    // SubscribeToShard answers an event stream, not an encoded object.
    const events = (output as { EventStream?: unknown } | undefined)?.EventStream;
    if (events instanceof EventStreamBody) return streamed(reply, events);
    return success(reply, output);
  } catch (err) {
    if (err instanceof KinesisError) return failure(reply, err);
    // Anything unexpected is the bare InternalFailure, status 500, of https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html,
    // logged as one line with the request id.
    logInternalFailure(ids.requestId, target.operation, err);
    return failure(reply, new KinesisError('InternalFailure'));
  }
}
