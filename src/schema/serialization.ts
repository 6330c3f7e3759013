// The type pass: checks a decoded body against compiled shapes and coerces it (aws-behaviour §1.5), throwing AWS's
// SerializationException wording at the first mismatch. Knows nothing of constraints (lengths, patterns, ranges).
import { KinesisError } from '../protocol/errors';
import { decodeBase64 } from './base64';
import type { ListNode, MapNode, Node, NumberNode, StructureNode } from './compile';
import type { Wire } from './types';

/** Any JSON number reaches Coral as this class (aws-behaviour §1.5: "BigDecimal is now TruncatingBigNumber", 2016). */
const NUMBER_CLASS = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';
const START_OF_LIST = 'Start of list found where not expected';
const START_OF_STRUCTURE = 'Start of structure or map found where not expected.';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const serializationError = (message: string): KinesisError => new KinesisError('SerializationException', message);

/** Coerces a structure: JSON null and unknown members are dropped; members are visited in validation order. */
export function coerceStructure(node: StructureNode, body: Record<string, unknown>, wire: Wire): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of node.members) {
    const value = body[member.name];
    if (value === null || value === undefined) continue;
    out[member.name] = coerce(member.node, value, wire);
  }
  return out;
}

export function coerce(node: Node, value: unknown, wire: Wire): unknown {
  switch (node.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      throw serializationError(scalarMismatch(value, 'an String'));
    case 'integer':
    case 'long':
      return coerceNumber(node, value);
    case 'boolean':
      return coerceBoolean(value);
    case 'blob':
      return coerceBlob(value);
    case 'timestamp':
      return coerceTimestamp(value, wire);
    case 'list':
      return coerceList(node, value, wire);
    case 'map':
      return coerceMap(node, value, wire);
    case 'structure':
      if (isBytes(value) || typeof value !== 'object') throw serializationError('Expected null');
      if (Array.isArray(value)) throw serializationError(START_OF_LIST);
      return coerceStructure(node, value as Record<string, unknown>, wire);
  }
}

/** The message for a value of the wrong kind where a scalar is expected; `target` is `an String`, `a Blob`... */
function scalarMismatch(value: unknown, target: string): string {
  switch (typeof value) {
    case 'boolean':
      return `class java.lang.Boolean can not be converted to ${target}`;
    case 'number':
    case 'bigint':
      return `${NUMBER_CLASS} can not be converted to ${target}`;
    case 'string':
      return `class java.lang.String can not be converted to ${target}`;
  }
  if (isBytes(value)) return `class [B can not be converted to ${target}`; // CBOR byte string: AWS wording unknown
  return Array.isArray(value) ? START_OF_LIST : START_OF_STRUCTURE;
}

/** Integers floor a fraction and clamp to Java's int (Long: to the exact-double range) [KL]. */
function coerceNumber(node: NumberNode, value: unknown): number {
  const lo = node.kind === 'integer' ? INT_MIN : Number.MIN_SAFE_INTEGER;
  const hi = node.kind === 'integer' ? INT_MAX : Number.MAX_SAFE_INTEGER;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 0; // only CBOR can carry NaN; AWS's answer is unknown
    return Math.min(hi, Math.max(lo, Math.floor(value)));
  }
  if (typeof value === 'bigint') {
    if (value > BigInt(hi)) return hi;
    if (value < BigInt(lo)) return lo;
    return Number(value);
  }
  throw serializationError(scalarMismatch(value, node.kind === 'integer' ? 'an Integer' : 'an Long'));
}

const TRUE_WORDS = new Set(['TRUE', '1', 'YES']);
const FALSE_WORDS = new Set(['FALSE', '0', 'NO']);

/** Strings true/false/1/0/yes/no convert in any case; others are echoed upper-cased [KL]. */
function coerceBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const upper = value.toUpperCase();
    if (TRUE_WORDS.has(upper)) return true;
    if (FALSE_WORDS.has(upper)) return false;
    throw serializationError(`'${upper}' can not be converted to an Boolean`);
  }
  throw serializationError(scalarMismatch(value, 'an Boolean'));
}

/** JSON: strict base64 text. CBOR: a byte string as is, or base64 text like JSON. */
function coerceBlob(value: unknown): Uint8Array {
  if (isBytes(value)) return value;
  if (typeof value === 'string') return decodeBase64(value);
  throw serializationError(scalarMismatch(value, 'a Blob'));
}

/** Epoch milliseconds. JSON sends epoch seconds with a fraction; CBOR (Java SDKs) sends milliseconds (aws-behaviour §1.6). */
function coerceTimestamp(value: unknown, wire: Wire): number {
  if (typeof value === 'number') return wire === 'json' ? Math.round(value * 1000) : Math.round(value);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  throw serializationError(scalarMismatch(value, 'milliseconds since epoch'));
}

/** Null elements are kept, for the constraint pass to report. */
function coerceList(node: ListNode, value: unknown, wire: Wire): unknown[] {
  if (!Array.isArray(value)) {
    if (value !== null && typeof value === 'object' && !isBytes(value)) throw serializationError(START_OF_STRUCTURE);
    throw serializationError('Expected list or null');
  }
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    out[i] = element === null || element === undefined ? null : coerce(node.member, element, wire);
  }
  return out;
}

/** Null values are kept, for the constraint pass to report. A `__proto__` key stays data, not a prototype. */
function coerceMap(node: MapNode, value: unknown, wire: Wire): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || isBytes(value)) throw serializationError('Expected map or null');
  if (Array.isArray(value)) throw serializationError(START_OF_LIST);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const raw = (value as Record<string, unknown>)[key];
    const coerced = raw === null || raw === undefined ? null : coerce(node.value, raw, wire);
    if (key === '__proto__') Object.defineProperty(out, key, { value: coerced, enumerable: true, writable: true, configurable: true });
    else out[key] = coerced;
  }
  return out;
}

const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;
