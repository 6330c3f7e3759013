// Strict base64 for JSON blobs, with AWS's three SerializationException texts (aws-behaviour §1.5).
// Decodes natively where the runtime can (workerd: Uint8Array.fromBase64); the JS loop serves plain Node.
import { KinesisError } from '../protocol/errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
const PAD = 61; // '='

type FromBase64 = (text: string, options: { lastChunkHandling: 'strict' }) => Uint8Array;
const platformFromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
const STRICT = { lastChunkHandling: 'strict' } as const;

/**
 * Decodes base64 text or throws AWS's complaint, checked in this order [KL]: a length not a multiple of 4; the first
 * character outside the alphabet, or a '=' followed by anything but '='; then padding that would not survive a
 * decode and re-encode (more than two '=', or pad bits left set). `fromBase64` is the platform decoder; null forces
 * the JS path (tests).
 */
export function decodeBase64(text: string, fromBase64: FromBase64 | null = platformFromBase64 ?? null): Uint8Array {
  if (text.length % 4 !== 0) throw blobError(text, `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`);
  if (!fromBase64) {
    const error = explain(text);
    if (error) throw error;
    return decodeInJs(text);
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase64.call(Uint8Array, text, STRICT);
  } catch {
    throw explain(text) ?? lastCharacterError(text);
  }
  // fromBase64 skips ASCII whitespace, which AWS rejects: such text decodes short.
  if (bytes.length !== (text.length / 4) * 3 - padding(text)) throw explain(text) ?? lastCharacterError(text);
  return bytes;
}

const serializationError = (message: string): KinesisError => new KinesisError('SerializationException', message);
const blobError = (text: string, reason: string): KinesisError => serializationError(`'${text}' can not be converted to a Blob: ${reason}`);
const lastCharacterError = (text: string): KinesisError => blobError(text, 'Invalid last non-pad Base64 character dectected'); // sic

/** Trailing '=' count, for text already known to have at most two, all at the end. */
const padding = (text: string): number =>
  text.length === 0 || text.charCodeAt(text.length - 1) !== PAD ? 0 : text.charCodeAt(text.length - 2) !== PAD ? 1 : 2;

/** AWS's complaint about text whose length is a multiple of 4, or undefined when it is canonical base64. */
function explain(text: string): KinesisError | undefined {
  // kinesalite's /[^a-zA-Z0-9+/=]|=[^=]/: the leftmost bad character, or a '=' with data after it.
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === PAD) {
      if (i + 1 < text.length && text.charCodeAt(i + 1) !== PAD) return blobError(text, "Invalid Base64 character: '='");
      pad++;
    } else if (c >= 128 || LOOKUP[c] < 0) {
      return blobError(text, `Invalid Base64 character: '${text[i]}'`);
    }
  }
  if (pad > 2) return lastCharacterError(text);
  const last = pad ? LOOKUP[text.charCodeAt(text.length - pad - 1)] : 0;
  if ((pad === 1 && (last & 0x3) !== 0) || (pad === 2 && (last & 0xf) !== 0)) return lastCharacterError(text);
  return undefined;
}

/** Decodes canonical base64 (already checked by explain). */
function decodeInJs(text: string): Uint8Array {
  const pad = padding(text);
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  const full = text.length - (pad ? 4 : 0);
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const n =
      (LOOKUP[text.charCodeAt(i)] << 18) |
      (LOOKUP[text.charCodeAt(i + 1)] << 12) |
      (LOOKUP[text.charCodeAt(i + 2)] << 6) |
      LOOKUP[text.charCodeAt(i + 3)];
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (pad) {
    const n = (LOOKUP[text.charCodeAt(full)] << 18) | (LOOKUP[text.charCodeAt(full + 1)] << 12) | (pad === 1 ? LOOKUP[text.charCodeAt(full + 2)] << 6 : 0);
    out[o++] = n >> 16;
    if (pad === 1) out[o] = (n >> 8) & 0xff;
  }
  return out;
}
