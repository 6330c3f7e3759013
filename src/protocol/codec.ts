// Decodes request bodies and encodes response bodies for each wire protocol (JSON 1.1 and CBOR 1.1).
// Must not validate members: src/schema does that on what decode returns.
import { CborError, decodeCbor, encodeCbor } from './cbor';
import type { Wire } from './target';

const utf8 = new TextDecoder('utf-8');

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Returns the parsed body, or undefined when it is not an object (AWS: SerializationException, aws-behaviour §1.3). */
export function decodeBody(wire: Wire, bytes: Uint8Array): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = wire === 'cbor' ? decodeCbor(bytes) : JSON.parse(utf8.decode(bytes));
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof CborError || err instanceof TypeError) return undefined;
    throw err;
  }
  return isObject(parsed) ? parsed : undefined;
}

export function encodeBody(wire: Wire, value: object): string | Uint8Array {
  return wire === 'cbor' ? encodeCbor(value) : JSON.stringify(value);
}
