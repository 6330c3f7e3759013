// Test helpers for the schema tests: run parseInput and capture the KinesisError it throws, as wire-level data.
import { KinesisError } from '../../src/protocol/errors';
import { parseInput } from '../../src/schema/validate';

import type { Thrown } from '../helpers/messages';

// The message builders live with the Worker suites' helpers; the schema suites name them from here.
export { detected, item, serialization, validation, type Thrown } from '../helpers/messages';

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
