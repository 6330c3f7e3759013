// Whole Kinesis API requests for the fuzz suite (method, X-Amz-Target, Content-Type, auth, body) and the answer each
// deserves. The expectation follows AWS's order of checks: method, empty body, content type, body parse, operation,
// authentication, member types, constraints, then the operation itself.
import fc from 'fast-check';
import { operationInputs } from '../../../src/schema/shapes.generated';
import { sign } from '../raw';
import { judge, type Fault, type Wire } from './judge';
import { structure } from './generate';
import { malformedCbor, toCbor } from './cbor';
import { Deep, toJson } from './values';

/** The operations this server implements; every other model operation may still answer UnknownOperationException. */
export const IMPLEMENTED = [
  'AddTagsToStream', 'CreateStream', 'DecreaseStreamRetentionPeriod', 'DeleteStream', 'DescribeStream', 'DescribeStreamSummary',
  'GetRecords', 'GetShardIterator', 'IncreaseStreamRetentionPeriod', 'ListShards', 'ListStreams', 'ListTagsForStream', 'PutRecord',
  'PutRecords', 'RemoveTagsFromStream', 'SplitShard', 'MergeShards', 'UpdateShardCount', 'RegisterStreamConsumer', 'DescribeStreamConsumer',
  'ListStreamConsumers', 'DeregisterStreamConsumer', 'SubscribeToShard',
  'UpdateStreamMode', 'UpdateStreamWarmThroughput', 'DescribeLimits', 'DescribeAccountSettings', 'UpdateAccountSettings',
  'StartStreamEncryption', 'StopStreamEncryption', 'EnableEnhancedMonitoring', 'DisableEnhancedMonitoring', 'UpdateMaxRecordSize',
  'UpdateStreamRecordDistributionStrategy',
];
/**
 * Operations whose ValidationException may come from the state of the stream: resharding an on-demand stream
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html), and a put without PartitionKey,
 * which the model makes optional for AUTO streams, to a stream that places by key (API_PutRecord, API_PutRecords).
 */
const STATE_VALIDATION = ['SplitShard', 'MergeShards', 'UpdateShardCount', 'PutRecord', 'PutRecords'];
const MODEL_OPERATIONS = Object.keys(operationInputs) as Array<keyof typeof operationInputs>;

/** Errors a request that is valid by the model may still get, from the state of the streams it names. */
export const STATE_ERRORS = [
  'ResourceNotFoundException', 'ResourceInUseException', 'LimitExceededException', 'InvalidArgumentException', 'ExpiredIteratorException',
  'ExpiredNextTokenException', 'ProvisionedThroughputExceededException', 'AccessDeniedException',
  // A KeyId KMS could not find (StartStreamEncryption); DryRun: true on a request that passes every check.
  'KMSNotFoundException', 'DryRunOperationException',
];

export type Expect =
  /** A Kinesis answer in the request's wire form: 200 when `ok`, else 400 with one of `types` as __type. */
  | { kind: 'kinesis'; wire: Wire; contentType: string; types: string[]; ok: boolean }
  /** AWS's XML answer for requests it cannot route. */
  | { kind: 'xml'; status: number; type: string }
  /** The Coral envelope under plain application/json. */
  | { kind: 'coral'; status: number; type: string }
  /** Bytes whose reading AWS leaves open (BOM, invalid UTF-8 in JSON text): any Kinesis 200 or 4xx answer. */
  | { kind: 'any-kinesis'; wire: Wire; contentType: string };

export interface ApiCase {
  method: string;
  target: string | undefined;
  contentType: string | undefined;
  auth: 'signed' | 'none' | 'no-date' | 'partial' | 'garbage';
  /** The wire form the body was written in, whatever Content-Type says. */
  encoding: Wire;
  body: Uint8Array;
  /** How the body was made, for the failure message. */
  note: string;
  expect: Expect;
}

const JSON_11 = 'application/x-amz-json-1.1';
const CBOR_11 = 'application/x-amz-cbor-1.1';

const targets = (operation: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 30, arbitrary: operation.map((op) => `Kinesis_20131202.${op}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(undefined, '', 'Kinesis_20131202.', 'Kinesis_20131202.putRecord', 'Kinesis_20131202.Frobnicate', 'DynamoDB_20120810.ListTables',
        'Kinesis_20131202', 'ListStreams', '.ListStreams', 'kinesis_20131202.ListStreams', 'Kinesis_20131202.ListStreams.Extra'),
    },
  );

const contentTypes = (wire: Wire) =>
  fc.oneof(
    { weight: 30, arbitrary: fc.constant(wire === 'json' ? JSON_11 : CBOR_11) },
    { weight: 4, arbitrary: fc.constantFrom(...(wire === 'json' ? [`${JSON_11}; charset=utf-8`, ` ${JSON_11} `, 'application/x-amz-json-1.0'] : [`${CBOR_11}; charset=x`])) },
    { weight: 2, arbitrary: fc.constantFrom(undefined, 'application/json', 'text/plain', 'APPLICATION/X-AMZ-JSON-1.1', 'application/x-amz-json-1.2', 'application/cbor', wire === 'json' ? CBOR_11 : JSON_11) },
  );

/** The body for an operation: a judged value tree, a top-level non-object, or damaged bytes. */
function bodies(wire: Wire, shape: string): fc.Arbitrary<{ bytes: Uint8Array; fault: Fault | 'loose'; note: string }> {
  const encodeTree = (tree: unknown, indefinite = false) => (wire === 'json' ? Buffer.from(toJson(tree)) : toCbor(tree, indefinite));
  const tree = fc.oneof(structure(shape, wire, 0), structure(shape, wire, 0, true));
  const judged = tree.map((t) => ({ bytes: encodeTree(t), fault: judge(shape, t, wire) as Fault | 'loose', note: 'generated' }));
  const variants: Array<fc.WeightedArbitrary<{ bytes: Uint8Array; fault: Fault | 'loose'; note: string }>> = [
    { weight: 30, arbitrary: judged },
    {
      weight: 2,
      arbitrary: fc.constantFrom<unknown>([], 'StreamName', 12, true, null, [{}], new Deep('array', 5000)).map((t) => ({ bytes: encodeTree(t), fault: 'malformed' as const, note: 'not an object' })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(judged, fc.nat()).map(([b, n]) => ({ bytes: b.bytes.subarray(0, n % b.bytes.length), fault: 'malformed' as const, note: 'truncated' })),
    },
  ];
  if (wire === 'json') {
    variants.push(
      { weight: 1, arbitrary: judged.map((b) => ({ ...b, bytes: Buffer.concat([b.bytes, Buffer.from('x')]), fault: 'malformed' as const, note: 'trailing garbage' })) },
      {
        weight: 2,
        arbitrary: fc.tuple(judged, fc.nat(), fc.constantFrom(Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0]))).map(([b, n, bad]) => {
          const at = n % (b.bytes.length + 1);
          return { bytes: Buffer.concat([b.bytes.subarray(0, at), bad, b.bytes.subarray(at)]), fault: 'loose' as const, note: 'bytes that are not UTF-8' };
        }),
      },
      { weight: 1, arbitrary: judged.map((b) => ({ ...b, bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b.bytes]), fault: 'loose' as const, note: 'byte order mark' })) },
    );
  } else {
    variants.push(
      { weight: 6, arbitrary: tree.map((t) => ({ bytes: toCbor(t, true), fault: judge(shape, t, wire) as Fault | 'loose', note: 'indefinite lengths' })) },
      { weight: 4, arbitrary: malformedCbor.map((m) => ({ bytes: m.bytes, fault: 'malformed' as const, note: m.note })) },
      { weight: 1, arbitrary: judged.map((b) => ({ ...b, bytes: Buffer.concat([Buffer.from([0xd9, 0xd9, 0xf7]), b.bytes]), note: 'self-describe tag 55799' })) },
    );
  }
  return fc.oneof(...variants);
}

export function apiCase(wire: Wire): fc.Arbitrary<ApiCase> {
  const operation = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...IMPLEMENTED) }, { weight: 1, arbitrary: fc.constantFrom(...MODEL_OPERATIONS) });
  return fc
    .record({
      method: fc.oneof({ weight: 40, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH') }),
      target: targets(operation),
      contentType: contentTypes(wire),
      auth: fc.oneof({ weight: 30, arbitrary: fc.constant('signed' as const) }, { weight: 1, arbitrary: fc.constantFrom('none' as const, 'no-date' as const, 'partial' as const, 'garbage' as const) }),
      // The shape the body is drawn from: the target's, or another operation's for targets that name none.
      fallback: fc.constantFrom(...MODEL_OPERATIONS),
      seed: fc.nat(),
    })
    .chain((r) => {
      const op = modelOperation(r.target) ?? r.fallback;
      return fc.oneof({ weight: 40, arbitrary: bodies(wire, operationInputs[op]) }, { weight: 1, arbitrary: fc.constant({ bytes: new Uint8Array(0), fault: 'none' as Fault | 'loose', note: 'empty' }) }).map((body) => {
        const c = { method: r.method, target: r.target, contentType: r.contentType, auth: r.auth, encoding: wire, body: body.bytes, note: body.note };
        return { ...c, expect: expectation(c, body.fault) };
      });
    });
}

function modelOperation(target: string | undefined): keyof typeof operationInputs | undefined {
  const prefix = 'Kinesis_20131202.';
  const op = target?.startsWith(prefix) ? target.slice(prefix.length) : undefined;
  return op !== undefined && op in operationInputs ? (op as keyof typeof operationInputs) : undefined;
}

const xmlRoute = (target: string | undefined): Expect => {
  const dot = target?.indexOf('.') ?? -1;
  const routable = target !== undefined && dot > 0 && dot < target.length - 1;
  return routable ? { kind: 'xml', status: 404, type: 'UnknownOperationException' } : { kind: 'xml', status: 403, type: 'AccessDeniedException' };
};

/** AWS's answer to the request, decided in its order of checks (see the file comment). */
export function expectation(c: Omit<ApiCase, 'expect'>, fault: Fault | 'loose'): Expect {
  if (c.method !== 'POST') return { kind: 'xml', status: 403, type: 'AccessDeniedException' };
  const op = modelOperation(c.target);
  if (c.body.length === 0) {
    // Anything but exactly json-1.1 is answered in CBOR when there is no body to tell (HTTP trims field values).
    const json = c.contentType?.trim() === JSON_11;
    return { kind: 'kinesis', wire: json ? 'json' : 'cbor', contentType: json ? JSON_11 : CBOR_11, types: [op ? 'SerializationException' : 'UnknownOperationException'], ok: false };
  }
  const type = (c.contentType ?? '').split(';')[0].trim();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(c.body));
    } catch {
      parsed = undefined;
    }
    const object = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
    return object ? { kind: 'coral', status: 404, type: 'UnknownOperationException' } : { kind: 'coral', status: 400, type: 'SerializationException' };
  }
  const wire: Wire | undefined = type === CBOR_11 ? 'cbor' : type === JSON_11 || type === 'application/x-amz-json-1.0' ? 'json' : undefined;
  if (!wire) return xmlRoute(c.target);
  const base = { kind: 'kinesis' as const, wire, contentType: type };
  // A body written for the other wire never parses: CBOR starts with bytes JSON has no use for, and JSON text read
  // as CBOR declares lengths it does not have or leaves trailing bytes.
  if (fault === 'malformed' || c.encoding !== wire) return { ...base, types: ['SerializationException'], ok: false };
  if (fault === 'loose') return { kind: 'any-kinesis', wire, contentType: type };
  const unknown = { ...base, types: ['UnknownOperationException'], ok: false };
  if (!op) return unknown;
  const rest = afterOperation(c, fault, base, op);
  // A model operation the server does not implement yet is unknown to it; once implemented it must follow the model.
  return IMPLEMENTED.includes(op) ? rest : { ...rest, types: [...rest.types, 'UnknownOperationException'] };
}

function afterOperation(c: Omit<ApiCase, 'expect'>, fault: Fault, base: { kind: 'kinesis'; wire: Wire; contentType: string }, op: string): Expect & { kind: 'kinesis' } {
  if (c.auth === 'none') return { ...base, types: ['MissingAuthenticationTokenException'], ok: false };
  if (c.auth !== 'signed') return { ...base, types: ['IncompleteSignatureException'], ok: false };
  if (fault === 'type') return { ...base, types: ['SerializationException'], ok: false };
  if (fault === 'constraint') return { ...base, types: ['ValidationException'], ok: false };
  return { ...base, types: STATE_VALIDATION.includes(op) ? [...STATE_ERRORS, 'ValidationException'] : STATE_ERRORS, ok: true };
}

/** The exact bytes of the request on the wire. */
export function requestBytes(c: ApiCase, url: string): Uint8Array {
  const headers: Record<string, string> = {};
  if (c.contentType !== undefined) headers['Content-Type'] = c.contentType;
  if (c.target !== undefined) headers['X-Amz-Target'] = c.target;
  const signed = sign(url, headers, c.body);
  if (c.auth === 'signed') Object.assign(headers, signed);
  else if (c.auth === 'no-date') headers.Authorization = signed.Authorization;
  else if (c.auth === 'partial') Object.assign(headers, { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kinesis/aws4_request', 'X-Amz-Date': signed['X-Amz-Date'] });
  else if (c.auth === 'garbage') Object.assign(headers, { Authorization: 'Bearer xyz', 'X-Amz-Date': signed['X-Amz-Date'] });
  else headers['X-Amz-Date'] = signed['X-Amz-Date'];
  const { host } = new URL(url);
  const head = [`${c.method} / HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${c.body.length}`, '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), c.body]);
}
