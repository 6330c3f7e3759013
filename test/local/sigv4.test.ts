// The one SigV4 signer (local/sigv4.mjs: the local host, the benchmarks and the raw test clients sign with it) agrees
// with the AWS SDK's own signer, @smithy/signature-v4, on the same request: same signed headers, same signature.
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createSigner } from '../../local/sigv4.mjs';

/** The hash the SDK's signer is given: SHA-256, or HMAC-SHA256 under a secret (what @smithy/hash-node does). */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: Data) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: Data): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = new Date('2026-03-04T05:06:07.089Z');

async function sdkAuthorization(host: string, headers: Record<string, string>, body: string | Uint8Array, region: string, contentSha256: boolean) {
  const signer = new SignatureV4({ credentials, region, service: 'kinesis', sha256: Sha256, applyChecksum: contentSha256 });
  const request = { method: 'POST', protocol: 'http:', hostname: host, path: '/', query: {}, headers: { ...headers, host }, body };
  const signed = await signer.sign(request, { signingDate: now });
  return signed.headers;
}

describe('local/sigv4.mjs', () => {
  for (const contentSha256 of [false, true]) {
    test(`signs a JSON request as the SDK does (X-Amz-Content-Sha256 ${contentSha256 ? 'sent' : 'not sent'})`, async () => {
      const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Kinesis_20131202.PutRecord' };
      const body = JSON.stringify({ StreamName: 's', PartitionKey: 'k', Data: 'aGk=' });
      const ours = createSigner({ ...credentials, region: 'eu-west-1' })({ host: '127.0.0.1:4567', headers, body, now, contentSha256 });
      const sdk = await sdkAuthorization('127.0.0.1:4567', headers, body, 'eu-west-1', contentSha256);
      expect(ours.Authorization).toBe(sdk.authorization);
      expect(ours['X-Amz-Date']).toBe(sdk['x-amz-date']);
      expect(ours['X-Amz-Content-Sha256']).toBe(sdk['x-amz-content-sha256']);
    });
  }

  test('signs bytes, and header values with surrounding spaces, as the SDK does', async () => {
    const headers = { 'Content-Type': 'application/x-amz-cbor-1.1', 'X-Amz-Target': ' Kinesis_20131202.GetRecords ' };
    const body = new Uint8Array([0xbf, 0x61, 0x41, 0xff, 0x00, 0x80]);
    const ours = createSigner(credentials)({ host: 'localhost:1', headers, body, now });
    expect(ours.Authorization).toBe((await sdkAuthorization('localhost:1', headers, body, 'us-east-1', false)).authorization);
  });

  test('a second day gets a new signing key, not the cached one', async () => {
    const sign = createSigner(credentials);
    const headers = { 'Content-Type': 'application/x-amz-json-1.1' };
    sign({ host: 'h', headers, body: '{}', now });
    const later = new Date(now.getTime() + 86_400_000);
    const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'kinesis', sha256: Sha256, applyChecksum: false });
    const sdk = await signer.sign({ method: 'POST', protocol: 'http:', hostname: 'h', path: '/', query: {}, headers: { ...headers, host: 'h' }, body: '{}' }, { signingDate: later });
    expect(sign({ host: 'h', headers, body: '{}', now: later }).Authorization).toBe(sdk.headers.authorization);
  });
});
