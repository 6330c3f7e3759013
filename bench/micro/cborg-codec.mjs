// The candidate replacement for src/protocol/cbor.ts measured by cbor-speed.mjs: cborg with the options that come
// closest to our codec's contract (same exports: CborError, decodeCbor, encodeCbor). Kept so the measurement and the
// test run against it (see cbor.ts's header) can be repeated.
import { decode, encode, Token, Type } from 'cborg';
import { Bytes, EpochTime } from '../../src/protocol/values';

export class CborError extends Error {}

/** Tag 1 is epoch milliseconds when an integer (AWS's Java SDKs), RFC 8949 seconds when a float. */
const epoch = (next) => {
  const value = next();
  if (typeof value !== 'number') throw new CborError('CBOR tag 1 around a non-number');
  return Number.isInteger(value) ? value : Math.round(value * 1000);
};
const passThrough = (next) => next();
// cborg throws on any tag without a decoder; ours passes unknown tags' content through.
const tags = new Proxy({}, { get: (_, n) => (n === '1' ? epoch : passThrough) });
const decodeOptions = { allowBigInt: false, allowUndefined: true, allowIndefinite: true, tags };

export function decodeCbor(bytes) {
  try {
    return decode(bytes, decodeOptions);
  } catch (err) {
    throw err instanceof CborError ? err : new CborError(String(err?.message ?? err));
  }
}

const encodeOptions = {
  float64: true,
  ignoreUndefinedProperties: true,
  typeEncoders: {
    undefined: () => new Token(Type.null, null),
    Object: (value) => {
      if (value instanceof EpochTime) return [new Token(Type.tag, 1), new Token(Type.uint, Math.round(value.ms))];
      if (value instanceof Bytes) return new Token(Type.bytes, value.bytes);
      return null;
    },
  },
};

export function encodeCbor(value) {
  return encode(value, encodeOptions);
}
