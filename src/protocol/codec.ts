// Decodes request bodies and encodes response bodies for each wire protocol.
// Must not validate members: src/schema does that on what decode returns.
import type { Wire } from './target';

const utf8 = new TextDecoder('utf-8');

/** Returns the parsed body, or undefined when it is not a JSON object (AWS: SerializationException, facts §1.3). */
export function decodeBody(wire: Wire, bytes: Uint8Array): Record<string, unknown> | undefined {
  if (wire === 'cbor') return undefined; // CBOR arrives with the client issue; until then AWS's "cannot parse" answer.
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

export function encodeBody(_wire: Wire, value: object): string {
  return JSON.stringify(value);
}
