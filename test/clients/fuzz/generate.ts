// fast-check arbitraries for request bodies, driven by the botocore input shapes: mostly valid members, mixed with
// type-confused, out-of-range, too-long, missing and unknown ones. The judge (judge.ts) decides what each deserves.
import fc from 'fast-check';
import { shapes } from '../../../src/schema/shapes.generated';
import { CBOR_TOO_DEEP, type Wire } from './judge';
import { Deep, Num, Tagged } from './values';

type Spec = Record<string, any>;
const spec = (name: string): Spec => shapes[name as keyof typeof shapes] as Spec;

/** Streams the suite creates up front, so valid requests often reach the operations instead of ResourceNotFound. */
export const FUZZ_STREAMS = ['fz', 'fz-1'];
const ACCOUNT = '000000000000';
const KNOWN: Record<string, fc.Arbitrary<string>> = {
  StreamName: fc.oneof(fc.constantFrom(...FUZZ_STREAMS), fc.stringMatching(/^[a-zA-Z0-9_.-]{1,128}$/)),
  StreamARN: fc.oneof(
    fc.constantFrom(...FUZZ_STREAMS.map((s) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${s}`)),
    fc.stringMatching(/^arn:aws:kinesis:[a-z0-9-]{0,12}:\d{12}:stream\/[a-zA-Z0-9_.-]{1,20}$/),
  ),
  ShardId: fc.oneof(fc.constantFrom('shardId-000000000000', 'shardId-000000000001', 'shardId-9'), fc.stringMatching(/^[a-zA-Z0-9_.-]{1,40}$/)),
  HashKey: fc.oneof(fc.constantFrom('0', '340282366920938463463374607431768211455', '340282366920938463463374607431768211456'), fc.stringMatching(/^[1-9]\d{0,38}$/)),
  SequenceNumber: fc.oneof(fc.constantFrom('0', '49590338271490256608559692538361571095921575989136588898'), fc.stringMatching(/^[1-9]\d{0,60}$/)),
};

const small = (min = 0, max = 2 ** 31 - 1) => fc.oneof(fc.integer({ min, max: Math.min(max, min + 10) }), fc.integer({ min, max }));

/** A value that satisfies the shape's type and constraints. */
export function valid(name: string, wire: Wire): fc.Arbitrary<unknown> {
  if (KNOWN[name]) return KNOWN[name];
  const s = spec(name);
  switch (s.type) {
    case 'string':
      if (s.enum) return fc.constantFrom(...(s.enum as string[]));
      if (s.pattern) return fc.stringMatching(new RegExp(`^(?:${s.pattern})$`)).filter((v) => v.length >= (s.min ?? 0) && v.length <= (s.max ?? Infinity));
      return fc.string({ minLength: s.min ?? 0, maxLength: Math.min(s.max ?? 64, 64) });
    case 'integer':
      return small(s.min ?? -(2 ** 31), s.max ?? 2 ** 31 - 1);
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 'False', 'YES', 'no', '1', '0'));
    case 'blob': {
      const bytes = fc.uint8Array({ maxLength: 48 });
      const text = bytes.map((b) => Buffer.from(b).toString('base64'));
      return wire === 'cbor' ? fc.oneof(bytes, text) : text;
    }
    case 'timestamp': {
      const seconds = fc.integer({ min: 1_600_000_000, max: 1_900_000_000 });
      if (wire === 'json') return fc.oneof(seconds, seconds.map((n) => n + 0.5), fc.constantFrom(new Num('1.7e9'), new Num('0')));
      // CBOR: AWS's Java SDKs write tag 1 around epoch milliseconds; plain numbers are taken as milliseconds too.
      return fc.oneof(seconds.map((n) => new Tagged(1, n * 1000)), seconds.map((n) => n * 1000), seconds.map((n) => new Tagged(1, n + 0.25)));
    }
    case 'list':
      return fc.array(valid(s.member, wire), { minLength: s.min ?? 0, maxLength: Math.min(s.max ?? 4, 4) });
    case 'map':
      return fc.dictionary(valid(s.key, wire) as fc.Arbitrary<string>, valid(s.value, wire), { minKeys: s.min ?? 0, maxKeys: Math.min(s.max ?? 4, 4) });
    case 'structure':
      return structure(name, wire, 0, true);
  }
  throw new Error(`no generator for ${name}`);
}

/** A value of a JSON type the shape does not take (or a CBOR byte string where text is wanted). */
export function confused(name: string, wire: Wire): fc.Arbitrary<unknown> {
  const s = spec(name);
  const others: fc.Arbitrary<unknown>[] = [fc.constantFrom<unknown>([], [1, 'a'], { k: 'v' }, new Deep('array', 3), new Deep('object', 2))];
  if (s.type !== 'boolean') others.push(fc.boolean());
  if (!['integer', 'timestamp'].includes(s.type)) others.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(new Num('1e400'), new Num('-0'))));
  if (!['string', 'blob', 'boolean'].includes(s.type)) others.push(fc.string({ maxLength: 12 }));
  if (s.type === 'blob') others.push(fc.constantFrom('abc', '!!!!', 'AA=A', 'A==='));
  if (s.type === 'boolean') others.push(fc.constantFrom('maybe', '', 'truee'));
  if (wire === 'cbor' && s.type !== 'blob') others.push(fc.uint8Array({ maxLength: 4 }));
  if (['list', 'map', 'structure'].includes(s.type)) return fc.oneof(fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }), ...(s.type === 'map' || s.type === 'structure' ? [fc.constant([])] : [fc.constant({})]));
  return fc.oneof(...others);
}

/** A value of the right type that breaks a length, range, pattern or enum; or a valid one when the shape has none. */
export function broken(name: string, wire: Wire): fc.Arbitrary<unknown> {
  const s = spec(name);
  const options: fc.Arbitrary<unknown>[] = [];
  if (s.type === 'string') {
    if (s.max !== undefined) options.push(fc.integer({ min: 1, max: 40 }).map((k) => 'a'.repeat(s.max + k)));
    if (s.min) options.push(fc.constant(''));
    if (s.enum) options.push(fc.constantFrom('NOPE', (s.enum[0] as string).toLowerCase(), ` ${s.enum[0]}`));
    if (s.pattern) options.push(fc.constantFrom('bad name!', '-1', '01', 'ä', 'a b'));
  } else if (s.type === 'integer') {
    if (s.min !== undefined) options.push(fc.integer({ min: -(2 ** 31), max: s.min - 1 }), fc.constantFrom(new Num('-1e400'), new Num(`${s.min - 1}.5`)));
    if (s.max !== undefined) options.push(fc.integer({ min: s.max + 1, max: 2 ** 31 - 1 }), fc.constantFrom(new Num('1e400'), new Num('123456789012345678901234567890')));
  } else if (s.type === 'list' || s.type === 'map') {
    if (s.min) options.push(fc.constant(s.type === 'list' ? [] : {}));
    if (s.type === 'list') options.push(valid(name, wire).map((l) => [...(l as unknown[]), null]));
    // One over the maximum, of the smallest valid elements: bounded by the model's max (500 records at most).
    if (s.max !== undefined) options.push(fc.constant(over(s, wire)));
  } else if (s.type === 'structure') {
    if (s.required?.length) options.push(structure(name, wire, 0, true).map((v) => omit(v as Record<string, unknown>, s.required[0])));
  }
  return options.length ? fc.oneof(...options) : valid(name, wire);
}

function over(s: Spec, wire: Wire): unknown {
  const n = s.max + 1;
  if (s.type === 'map') return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  const element = spec(s.member).type === 'structure' ? { Data: wire === 'cbor' ? new Uint8Array(0) : '', PartitionKey: 'p' } : 'k';
  return Array.from({ length: n }, () => element);
}

const omit = (v: Record<string, unknown>, key: string) => {
  const { [key]: _, ...rest } = v;
  return rest;
};

/**
 * Extra member names: near-misses of real ones, prototype names, and members of other operations (which this shape
 * may or may not have: the judge reads the final object, so either way the expectation holds).
 */
const EXTRA_NAMES = fc.constantFrom(
  'streamName', 'Streamname', 'STREAMNAME', 'Foo', '', '__proto__', 'constructor', 'toString', 'Records ', '\u0000', 'StreamName', 'ShardCount',
  'Limit', 'NextToken', 'ShardIterator', 'Data', 'PartitionKey', 'Records', 'Tags', 'TagKeys', 'RetentionPeriodHours', 'StreamModeDetails',
);
/** Values of every JSON type for extra members, and strings members often take. */
const EXTRA_VALUES = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom<unknown>('fz', 'AA==', 'TRIM_HORIZON', [], {}, [null], [{ Data: 'AA==', PartitionKey: 'p' }], { StreamMode: 'ON_DEMAND' }),
);

/** Deep nesting in a member: JSON has no limit; CBOR refuses at CBOR_TOO_DEEP. */
const deep = fc.tuple(fc.constantFrom<'array' | 'object'>('array', 'object'), fc.constantFrom(3, 40, CBOR_TOO_DEEP, 3000, 20_000));

/** One member's value: mostly valid, sometimes confused, broken, null, or deeply nested ('clean': always valid). */
function member(name: string, wire: Wire, depth: number, clean: boolean): fc.Arbitrary<unknown> {
  const s = spec(name);
  const ok = s.type === 'structure' ? structure(name, wire, depth + 1, clean) : valid(name, wire);
  if (clean) return ok;
  return fc.oneof(
    { weight: 14, arbitrary: ok },
    { weight: 2, arbitrary: confused(name, wire) },
    { weight: 2, arbitrary: broken(name, wire) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: deep.map(([kind, d]) => new Deep(kind, wire === 'cbor' ? Math.min(d, 3000) : d)) },
  );
}

/**
 * A structure of the shape: required members usually present, optional ones sometimes, unknown ones rarely. `clean`
 * draws valid members only, so that a good share of requests reaches the operations.
 */
export function structure(name: string, wire: Wire, depth: number, clean = false): fc.Arbitrary<Record<string, unknown>> {
  const s = spec(name);
  const required = new Set<string>(s.required ?? []);
  const entries = Object.entries(s.members as Record<string, string>).map(([m, target]) =>
    fc.option(depth > 2 ? valid(target, wire) : member(target, wire, depth, clean), { nil: undefined, freq: required.has(m) ? (clean ? 1000 : 12) : 2 }).map((v) => [m, v] as const),
  );
  const extra = fc.option(fc.dictionary(EXTRA_NAMES, EXTRA_VALUES, { maxKeys: 3 }), { freq: 6 });
  const target = clean && depth === 0 && 'StreamName' in s.members ? aim : fc.constant(undefined);
  return fc.tuple(fc.tuple(...entries), clean ? fc.constant(null) : extra, target).map(([members, more, aimed]) => {
    const out: Record<string, unknown> = {};
    if (more) for (const [k, v] of Object.entries(more)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    for (const [k, v] of members) if (v !== undefined) out[k] = v;
    if (depth === 0 && (name === 'CreateStreamInput' || name === 'DeleteStreamInput')) cycle(out);
    if (aimed) {
      // Valid requests name one of the suite's streams exactly one way, so that many reach the operation itself.
      delete out.StreamName;
      delete out.StreamARN;
      delete out.StreamId;
      Object.assign(out, aimed);
    }
    return out;
  });
}

/** The stream CreateStream and DeleteStream act on instead of the suite's streams, which must outlive the run. */
export const CYCLED_STREAM = 'fz-cycle';

function cycle(body: Record<string, unknown>): void {
  for (const s of FUZZ_STREAMS) {
    if (body.StreamName === s) body.StreamName = CYCLED_STREAM;
    if (body.StreamARN === `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${s}`) body.StreamARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${CYCLED_STREAM}`;
  }
}

/** One of the suite's streams, by name or by ARN (AWS refuses both that disagree, and either alone is enough). */
const aim = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FUZZ_STREAMS).map((StreamName) => ({ StreamName })) },
  { weight: 1, arbitrary: fc.constantFrom(...FUZZ_STREAMS).map((s) => ({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${s}` })) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
