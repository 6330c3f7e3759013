// What a body deserves by the botocore model alone: which class of error, if any, a request with this body must get.
// Written from the model and AWS's coercion rules (the Coral JSON layer converts numbers to Java ints, drops nulls and
// unknown members), independently of src/schema, so the suite checks the server instead of repeating it.
import { shapes } from '../../../src/schema/shapes.generated';
import { Deep, Num, Tagged, isRecord } from './values';

export type Wire = 'json' | 'cbor';
/** Worst first: a body that does not parse beats a member of the wrong type, which beats a broken constraint. */
export type Fault = 'malformed' | 'type' | 'constraint' | 'none';
const RANK: Record<Fault, number> = { malformed: 3, type: 2, constraint: 1, none: 0 };
const worst = (a: Fault, b: Fault): Fault => (RANK[a] >= RANK[b] ? a : b);

export type ShapeName = keyof typeof shapes;
type Shape = (typeof shapes)[ShapeName];
const shape = (name: string): Shape & Record<string, any> => shapes[name as ShapeName] as Shape & Record<string, any>;

/** Nesting the CBOR decoder refuses (it guards its stack); JSON nesting has no such limit. */
export const CBOR_TOO_DEEP = 100;
const JAVA_INT_MIN = -2147483648;
const JAVA_INT_MAX = 2147483647;
const BOOLEAN_WORDS = new Set(['TRUE', 'FALSE', '1', '0', 'YES', 'NO']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const inRange = (n: number, s: Record<string, any>) => (s.min === undefined || n >= s.min) && (s.max === undefined || n <= s.max);

/** Unwraps CBOR tags: tag 1 must hold a number (epoch time); any other tag is transparent. */
function untag(v: unknown): { value: unknown; malformed: boolean } {
  while (v instanceof Tagged) {
    if (v.tag === 1 && typeof v.value !== 'number') return { value: v.value, malformed: true };
    v = v.value;
  }
  return { value: v, malformed: false };
}

export function judge(name: string, raw: unknown, wire: Wire): Fault {
  const { value, malformed } = untag(raw);
  if (malformed) return 'malformed';
  if (value instanceof Deep) {
    if (wire === 'cbor' && value.depth >= CBOR_TOO_DEEP) return 'malformed';
    // One level unwrapped: a deep array is an array holding the rest; a deep object has one member "a".
    const inner = value.depth > 1 ? new Deep(value.kind, value.depth - 1) : undefined;
    return judge(name, value.kind === 'array' ? (inner ? [inner] : []) : { a: inner ?? 1 }, wire);
  }
  const s = shape(name);
  const num = value instanceof Num ? value.value : value;
  switch (s.type) {
    case 'string': {
      if (typeof value !== 'string') return 'type';
      const ok = (!s.enum || s.enum.includes(value)) && (!s.pattern || new RegExp(`^(?:${s.pattern})$`).test(value)) && inRange(value.length, s);
      return ok ? 'none' : 'constraint';
    }
    case 'integer': {
      if (typeof num !== 'number') return 'type';
      // Coral reads any JSON number and narrows it to a Java int: the fraction is dropped, the range clamped.
      const n = Math.min(JAVA_INT_MAX, Math.max(JAVA_INT_MIN, Math.floor(num)));
      return inRange(n, s) ? 'none' : 'constraint';
    }
    case 'boolean':
      if (typeof value === 'boolean') return 'none';
      return typeof value === 'string' && BOOLEAN_WORDS.has(value.toUpperCase()) ? 'none' : 'type';
    case 'blob': {
      let size: number;
      if (value instanceof Uint8Array && wire === 'cbor') size = value.byteLength;
      else if (typeof value === 'string' && BASE64.test(value)) size = Buffer.from(value, 'base64').byteLength;
      else return 'type';
      return inRange(size, s) ? 'none' : 'constraint';
    }
    case 'timestamp':
      return typeof num === 'number' ? 'none' : 'type';
    case 'list': {
      if (!Array.isArray(value)) return 'type';
      let fault: Fault = inRange(value.length, s) ? 'none' : 'constraint';
      for (const e of value) fault = worst(fault, e === null || e === undefined ? 'constraint' : judge(s.member, e, wire));
      return fault;
    }
    case 'map': {
      if (!isRecord(value)) return 'type';
      const keys = Object.keys(value);
      let fault: Fault = inRange(keys.length, s) ? 'none' : 'constraint';
      for (const k of keys) {
        fault = worst(fault, judge(s.key, k, wire));
        const v = value[k];
        fault = worst(fault, v === null || v === undefined ? 'constraint' : judge(s.value, v, wire));
      }
      return fault;
    }
    case 'structure': {
      if (!isRecord(value)) return 'type';
      let fault: Fault = 'none';
      for (const [member, target] of Object.entries(s.members as Record<string, string>)) {
        const v = value[member];
        if (v === null || v === undefined) {
          if ((s.required as readonly string[] | undefined)?.includes(member)) fault = worst(fault, 'constraint');
          continue;
        }
        fault = worst(fault, judge(target, v, wire));
      }
      // Unknown members are ignored, but a CBOR value is decoded whole: a bad tag inside one still fails the body.
      if (wire === 'cbor') for (const [k, v] of Object.entries(value)) if (!(k in s.members)) fault = worst(fault, cborOnlyFault(v));
      return fault;
    }
  }
  throw new Error(`shape ${name} of type ${(s as { type: string }).type} has no rule`);
}

/** Decoding faults hidden anywhere in a CBOR value the model ignores. */
function cborOnlyFault(v: unknown): Fault {
  const { value, malformed } = untag(v);
  if (malformed) return 'malformed';
  if (value instanceof Deep) return value.depth >= CBOR_TOO_DEEP ? 'malformed' : 'none';
  if (Array.isArray(value)) return value.reduce<Fault>((f, e) => worst(f, cborOnlyFault(e)), 'none');
  if (isRecord(value)) return Object.values(value).reduce<Fault>((f, e) => worst(f, cborOnlyFault(e)), 'none');
  return 'none';
}
