// Wire-neutral values in response objects: timestamps and blobs know how JSON prints them,
// and the CBOR encoder recognises them by class. Must not hold any other logic.

/** A point in time, kept in epoch milliseconds. JSON prints epoch seconds with a fraction (aws-behaviour §4.3). */
export class EpochTime {
  constructor(readonly ms: number) {}
  toJSON(): number {
    return this.ms / 1000;
  }
}

/** Bytes that JSON prints as standard base64 and CBOR as a byte string. */
export class Bytes {
  constructor(readonly bytes: Uint8Array) {}
  toJSON(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('base64');
  }
}
