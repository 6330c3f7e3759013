// The SigV4 verifier of `verify` mode (src/auth/verify.ts) inside workerd: it accepts what AWS's own signer,
// @smithy/signature-v4, signs (headers and presigned, generated requests), and refuses with AWS's errors a wrong
// secret, an unknown key, a request outside the 5-minute window, a tampered body, a changed signed header, a wrong
// scope and a missing or wrong session token. Expected canonical strings are written out here, not computed by it.
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSignature } from '../../src/auth/sigv4';
import { verifySignature, canonicalQuery, canonicalPath } from '../../src/auth/verify';
import { KinesisError } from '../../src/protocol/errors';
import type { TenantSecret } from '../../src/model/tenant';

type Data = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (d: Data) => (typeof d === 'string' ? Buffer.from(d) : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
/** The hash @smithy/signature-v4 is given: SHA-256, or HMAC-SHA256 under a secret (what @smithy/hash-node does). */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: Data) {
    this.h = secret ? createHmac('sha256', bytesOf(secret)) : createHash('sha256');
  }
  update(data: Data): void {
    this.h.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

const tenant: TenantSecret = {
  accessKeyId: 'AKIAKINESISEDGE00001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  account: '111111111111',
  quotas: { streams: 10, openShards: 10, requestsPerSecond: 10, storedBytes: 1_000_000 },
};
const lookup = async (id: string) => (id === tenant.accessKeyId ? tenant : id === 'AKIAWITHTOKEN' ? { ...tenant, accessKeyId: id, sessionToken: 'tok/en+=' } : undefined);
const NOW = Date.UTC(2026, 2, 4, 5, 6, 7);
const HOST = 'kinesis.test:4567';

interface SdkRequest {
  method: string;
  protocol: string;
  hostname: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

function sdkRequest(over: Partial<SdkRequest> = {}): SdkRequest {
  return {
    method: 'POST',
    protocol: 'http:',
    hostname: HOST,
    path: '/',
    query: {},
    headers: { host: HOST, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' },
    body: '{}',
    ...over,
  };
}

const signer = (creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = tenant, region = 'us-east-1', service = 'kinesis', applyChecksum = false) =>
  new SignatureV4({ credentials: creds, region, service, sha256: Sha256, applyChecksum });

/** What the Worker would see of a signed SDK request. */
function received(r: SdkRequest, body = r.body) {
  const search = new URLSearchParams(r.query).toString().replace(/\+/g, '%20');
  const url = new URL(`http://${r.hostname}${r.path}${search ? `?${search}` : ''}`);
  const headers = new Headers(r.headers);
  return { url, headers, request: { method: r.method, url, headers, body: typeof body === 'string' ? new TextEncoder().encode(body) : body } };
}

async function verify(r: SdkRequest, now = NOW, body?: string | Uint8Array) {
  const { url, headers, request } = received(r, body);
  return verifySignature(readSignature(headers, url), request, now, lookup);
}

async function refusal(r: SdkRequest, now = NOW, body?: string | Uint8Array): Promise<{ type: string; message: string }> {
  try {
    await verify(r, now, body);
  } catch (err) {
    if (err instanceof KinesisError) return { type: err.type, message: err.message };
    throw err;
  }
  throw new Error('the request was accepted');
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('requests signed by @smithy/signature-v4', () => {
  it('verifies a Kinesis request and names the tenant and region', async () => {
    const signed = await signer(tenant, 'eu-west-1').sign(sdkRequest(), { signingDate: new Date(NOW) });
    const v = await verify(signed as SdkRequest);
    expect({ account: v.tenant.account, region: v.region }).toEqual({ account: '111111111111', region: 'eu-west-1' });
  });

  it('verifies generated requests: any headers, query, path and body bytes, with or without X-Amz-Content-Sha256', async () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((n) => !['host', 'authorization', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token', 'connection', 'expect', 'te', 'trailer', 'upgrade', 'keep-alive', 'transfer-encoding'].includes(n) && !n.startsWith('x-amz-') && !n.startsWith('sec-') && !n.startsWith('proxy-'));
    const value = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(token, value, { maxKeys: 6 }),
        fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_.~ -]{1,10}$/), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
        fc.array(fc.stringMatching(/^[A-Za-z0-9_.~-]{1,8}$/), { maxLength: 3 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('us-east-1', 'eu-central-1', 'ap-southeast-2'),
        fc.boolean(),
        async (headers, query, segments, body, region, checksum) => {
          const r = sdkRequest({ headers: { ...headers, host: HOST }, query, path: `/${segments.join('/')}`, body });
          const signed = (await signer(tenant, region, 'kinesis', checksum).sign(r, { signingDate: new Date(NOW) })) as SdkRequest;
          expect((await verify(signed)).region).toBe(region);
          // One byte more in the body, and it is refused.
          const tampered = new Uint8Array([...body, 0x20]);
          expect((await refusal(signed, NOW, tampered)).type).toBe('InvalidSignatureException');
        },
      ),
      { numRuns: 60, seed: 20260304 },
    );
  });

  it('verifies a presigned (query-string) request, and refuses it once X-Amz-Expires has passed', async () => {
    const presigned = (await signer().presign(sdkRequest(), { signingDate: new Date(NOW), expiresIn: 600 })) as SdkRequest;
    expect(presigned.headers.authorization).toBeUndefined();
    expect(presigned.query['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect((await verify(presigned, NOW + 599_000)).tenant.account).toBe('111111111111');
    expect(await refusal(presigned, NOW + 601_000)).toEqual({
      type: 'InvalidSignatureException',
      message: 'Signature expired: 20260304T051607Z is now earlier than 20260304T051608Z',
    });
  });

  it('verifies a session token for a tenant that has one, and refuses a missing or wrong one', async () => {
    const withToken = { accessKeyId: 'AKIAWITHTOKEN', secretAccessKey: tenant.secretAccessKey, sessionToken: 'tok/en+=' };
    const ok = (await signer(withToken).sign(sdkRequest(), { signingDate: new Date(NOW) })) as SdkRequest;
    expect(ok.headers['x-amz-security-token']).toBe('tok/en+=');
    expect((await verify(ok)).tenant.accessKeyId).toBe('AKIAWITHTOKEN');
    const unrecognized = { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    const none = (await signer({ ...withToken, sessionToken: undefined }).sign(sdkRequest(), { signingDate: new Date(NOW) })) as SdkRequest;
    expect(await refusal(none)).toEqual(unrecognized);
    const wrong = (await signer({ ...withToken, sessionToken: 'other' }).sign(sdkRequest(), { signingDate: new Date(NOW) })) as SdkRequest;
    expect(await refusal(wrong)).toEqual(unrecognized);
    // A tenant without a token refuses one.
    const extra = (await signer({ ...tenant, sessionToken: 'tok/en+=' }).sign(sdkRequest(), { signingDate: new Date(NOW) })) as SdkRequest;
    expect(await refusal(extra)).toEqual(unrecognized);
  });

  it('accepts UNSIGNED-PAYLOAD when the client declares it in a signed X-Amz-Content-Sha256', async () => {
    const r = sdkRequest({ headers: { ...sdkRequest().headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const signed = (await signer().sign(r, { signingDate: new Date(NOW) })) as SdkRequest;
    expect((await verify(signed)).tenant.account).toBe('111111111111');
  });
});

describe('refusals, with AWS error types and messages', () => {
  const sign = async (r = sdkRequest(), at = NOW, creds = tenant, region = 'us-east-1', service = 'kinesis') =>
    (await signer(creds, region, service).sign(r, { signingDate: new Date(at) })) as SdkRequest;

  it('a wrong secret: InvalidSignatureException showing the canonical request and string to sign', async () => {
    const signed = await sign(sdkRequest(), NOW, { ...tenant, secretAccessKey: 'not-the-secret' });
    const emptyJsonHash = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'; // sha256('{}')
    const canonical = [
      'POST', '/', '',
      'content-type:application/x-amz-json-1.1', `host:${HOST}`, 'x-amz-date:20260304T050607Z', 'x-amz-target:Kinesis_20131202.ListStreams', '',
      'content-type;host;x-amz-date;x-amz-target', emptyJsonHash,
    ].join('\n');
    const canonicalHash = createHash('sha256').update(canonical).digest('hex');
    const stringToSign = `AWS4-HMAC-SHA256\n20260304T050607Z\n20260304/us-east-1/kinesis/aws4_request\n${canonicalHash}`;
    expect(await refusal(signed)).toEqual({
      type: 'InvalidSignatureException',
      message: `${MISMATCH}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    });
  });

  it('an unknown access key: UnrecognizedClientException', async () => {
    expect(await refusal(await sign(sdkRequest(), NOW, { ...tenant, accessKeyId: 'AKIAUNKNOWN000000000' }))).toEqual({
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('a request signed 6 minutes ago, or 6 minutes ahead: AWS\'s expired / not yet current messages', async () => {
    expect(await refusal(await sign(sdkRequest(), NOW - 6 * 60_000))).toEqual({
      type: 'InvalidSignatureException',
      message: 'Signature expired: 20260304T050007Z is now earlier than 20260304T050107Z (20260304T050607Z - 5 min.)',
    });
    expect(await refusal(await sign(sdkRequest(), NOW + 6 * 60_000))).toEqual({
      type: 'InvalidSignatureException',
      message: 'Signature not yet current: 20260304T051207Z is still later than 20260304T051107Z (20260304T050607Z + 5 min.)',
    });
    // 4 minutes either way is inside the window.
    expect((await verify(await sign(sdkRequest(), NOW - 4 * 60_000))).region).toBe('us-east-1');
    expect((await verify(await sign(sdkRequest(), NOW + 4 * 60_000))).region).toBe('us-east-1');
  });

  it('a replayed request with a changed signed header, or an added unsigned one that is not signed anyway', async () => {
    const signed = await sign();
    const changed = { ...signed, headers: { ...signed.headers, 'x-amz-target': 'Kinesis_20131202.DeleteStream' } };
    expect((await refusal(changed)).type).toBe('InvalidSignatureException');
    const added = { ...signed, headers: { ...signed.headers, 'x-forwarded-for': '10.0.0.1' } };
    expect((await verify(added)).region).toBe('us-east-1');
  });

  it('a scope for another service, a terminator that is not aws4_request, a scope date that is not the request\'s', async () => {
    expect(await refusal(await sign(sdkRequest(), NOW, tenant, 'us-east-1', 'dynamodb'))).toEqual({
      type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'kinesis'. ",
    });
    const signed = await sign();
    const auth = signed.headers.authorization;
    const badTerm = { ...signed, headers: { ...signed.headers, authorization: auth.replace('/aws4_request', '/aws4_xxx') } };
    expect(await refusal(badTerm)).toEqual({ type: 'InvalidSignatureException', message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_xxx'. " });
    const badDay = { ...signed, headers: { ...signed.headers, authorization: auth.replace('/20260304/', '/20260303/') } };
    expect(await refusal(badDay)).toEqual({
      type: 'InvalidSignatureException',
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260303' != '20260304', from '20260304T050607Z'.",
    });
    const short = { ...signed, headers: { ...signed.headers, authorization: auth.replace(/Credential=[^,]+/, 'Credential=AKID/20260304') } };
    expect(await refusal(short)).toEqual({
      type: 'IncompleteSignatureException',
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20260304'",
    });
  });

  it('an X-Amz-Date that is not ISO-8601 basic format, and a signature that does not sign Host', async () => {
    const signed = await sign();
    expect(await refusal({ ...signed, headers: { ...signed.headers, 'x-amz-date': '2026-03-04T05:06:07Z' } })).toEqual({
      type: 'IncompleteSignatureException',
      message: "Date must be in ISO-8601 'basic format'. Got '2026-03-04T05:06:07Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
    const noHost = { ...signed, headers: { ...signed.headers, authorization: signed.headers.authorization.replace('content-type;host;', 'content-type;') } };
    expect(await refusal(noHost)).toEqual({ type: 'InvalidSignatureException', message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." });
  });
});

describe('canonical forms', () => {
  it('sorts and AWS-encodes the query, leaving out X-Amz-Signature in the presigned form only', () => {
    expect(canonicalQuery('?b=2&a=%20x&a=1&X-Amz-Signature=s&c', 'query')).toBe('a=%20x&a=1&b=2&c=');
    expect(canonicalQuery('?X-Amz-Signature=s&a=*', 'header')).toBe('X-Amz-Signature=s&a=%2A');
  });

  it('removes dot segments and encodes the path as sent once more', () => {
    expect(canonicalPath('/')).toBe('/');
    expect(canonicalPath('/a/./b/../c/')).toBe('/a/c/');
    expect(canonicalPath('/a%20b')).toBe('/a%2520b');
  });
});
