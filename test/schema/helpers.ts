// Test helpers for the schema tests: run parseInput and capture the KinesisError it throws, as wire-level data.
import { KinesisError } from '../../src/protocol/errors';
import { parseInput } from '../../src/schema/validate';

export type Thrown = { type: string; message: string };

/** The error parseInput throws, as {type, message}; fails the test when nothing is thrown. */
export function rejection(operation: string, body: Record<string, unknown>, wire: 'json' | 'cbor' = 'json'): Thrown {
  try {
    parseInput(operation, body, wire);
  } catch (err) {
    if (!(err instanceof KinesisError)) throw err;
    return { type: err.type, message: err.message };
  }
  throw new Error(`expected ${operation} to be rejected`);
}

export const serialization = (message: string): Thrown => ({ type: 'SerializationException', message });
export const validation = (message: string): Thrown => ({ type: 'ValidationException', message });

/** Builds AWS's ValidationException text from its items, for readable expectations. */
export const detected = (...items: string[]): Thrown =>
  validation(`${items.length} validation error${items.length === 1 ? '' : 's'} detected: ${items.join('; ')}`);

/** One item: `value` null prints `Value null`, undefined omits the value (blobs, lists of structures). */
export const item = (value: string | null | undefined, path: string, phrase: string): string =>
  `${value === null ? 'Value null' : value === undefined ? 'Value' : `Value '${value}'`} at '${path}' failed to satisfy constraint: ${phrase}`;

/**
 * kinesalite's base64 check, the reference for AWS's blob messages: length, then /[^a-zA-Z0-9+/=]|=[^=]/, then a
 * decode and re-encode round trip. Returns the bytes or the SerializationException text.
 */
export function referenceBase64(text: string): Uint8Array | string {
  const prefix = `'${text}' can not be converted to a Blob: `;
  if (text.length % 4) return `${prefix}Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`;
  const match = text.match(/[^a-zA-Z0-9+/=]|=[^=]/);
  if (match) return `${prefix}Invalid Base64 character: '${match[0][0]}'`;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return `${prefix}Invalid last non-pad Base64 character dectected`;
  return new Uint8Array(bytes);
}
