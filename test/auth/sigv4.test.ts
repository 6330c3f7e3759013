// Authentication errors of aws-behaviour §1.4: checked after the body and the target, answered as JSON with 400.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, JSON_11, expectError, kinesis, ok, send, signatureHeaders } from '../helpers/kinesis';

const LIST_STREAMS = 'Kinesis_20131202.ListStreams';
const base = { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': JSON_11 };

const CREDENTIAL = "Authorization header requires 'Credential' parameter.";
const SIGNATURE = "Authorization header requires 'Signature' parameter.";
const SIGNED_HEADERS = "Authorization header requires 'SignedHeaders' parameter.";
const DATE = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
const query = (name: string) => `AWS query-string parameters must include '${name}'.`;
const REEXAMINE = 'Re-examine the query-string parameters.';

describe('a request with no credentials', () => {
  it('is answered MissingAuthenticationTokenException with 400', async () => {
    const reply = await send({ headers: base, body: '{}' });
    expectError(reply, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    expect(reply.headers.get('content-type')).toBe(JSON_11);
  });

  it('treats an empty Authorization header as none', async () => {
    expectError(await send({ headers: { ...base, Authorization: '' }, body: '{}' }), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });

  it('is answered MissingAuthenticationTokenException when the query has every part but X-Amz-Algorithm', async () => {
    const reply = await send({ path: '/?X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=c&X-Amz-Date=d', headers: base, body: '{}' });
    expectError(reply, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });
});

describe('a request with both an Authorization header and X-Amz-Algorithm in the query', () => {
  it('is answered InvalidSignatureException', async () => {
    const reply = await send({ path: '/?X-Amz-Algorithm', headers: { ...base, ...signatureHeaders() }, body: '{}' });
    expectError(reply, 'InvalidSignatureException', "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  });
});

describe('an incomplete Authorization header', () => {
  it('lists every missing part in order, then the raw header', async () => {
    const reply = await send({ headers: { ...base, Authorization: 'X' }, body: '{}' });
    expectError(reply, 'IncompleteSignatureException', `${CREDENTIAL} ${SIGNATURE} ${SIGNED_HEADERS} ${DATE} Authorization=X`);
  });

  it('reads the header only when X-Amz-Algorithm is not exactly in the query', async () => {
    const reply = await send({ path: '/?X-Amz-Algorith', headers: { ...base, Authorization: 'X' }, body: '{}' });
    expectError(reply, 'IncompleteSignatureException', `${CREDENTIAL} ${SIGNATURE} ${SIGNED_HEADERS} ${DATE} Authorization=X`);
  });

  for (const header of ['AWS4- Signature=b Credential=a', 'AWS4- Signature=b,Credential=a', 'AWS4- Signature=b, Credential=a']) {
    it(`splits parts on commas and spaces: ${JSON.stringify(header)} lacks only SignedHeaders`, async () => {
      const reply = await send({ headers: { ...base, Authorization: header, Date: 'a' }, body: '{}' });
      expectError(reply, 'IncompleteSignatureException', `${SIGNED_HEADERS} Authorization=${header}`);
    });
  }

  it('requires an X-Amz-Date or a Date header', async () => {
    const header = 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=abc';
    const reply = await send({ headers: { ...base, Authorization: header }, body: '{}' });
    expectError(reply, 'IncompleteSignatureException', `${DATE} Authorization=${header}`);
  });

  it('accepts a Date header in place of X-Amz-Date', async () => {
    const header = 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=abc';
    const reply = await send({ headers: { ...base, Authorization: header, Date: 'Thu, 01 Jan 2026 00:00:00 GMT' }, body: '{}' });
    expect(reply.status).toBe(200);
  });
});

describe('incomplete presigned query parameters', () => {
  it('lists all five when X-Amz-Algorithm is present but empty', async () => {
    const reply = await send({ path: '/?X-Amz-Algorithm', headers: base, body: '{}' });
    expectError(
      reply,
      'IncompleteSignatureException',
      `${query('X-Amz-Algorithm')} ${query('X-Amz-Credential')} ${query('X-Amz-Signature')} ${query('X-Amz-SignedHeaders')} ${query('X-Amz-Date')} ${REEXAMINE}`,
    );
  });

  it('lists only the missing ones', async () => {
    const reply = await send({ path: '/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d', headers: base, body: '{}' });
    expectError(reply, 'IncompleteSignatureException', `${query('X-Amz-SignedHeaders')} ${REEXAMINE}`);
  });

  it('accepts a complete query and takes the tenant from X-Amz-Credential', async () => {
    const credential = encodeURIComponent('123456789012/20260101/eu-west-1/kinesis/aws4_request');
    const path = `/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Signature=abc&X-Amz-SignedHeaders=host&X-Amz-Date=20260101T000000Z`;
    const created = await send({ path, headers: { ...base, 'X-Amz-Target': 'Kinesis_20131202.CreateStream' }, body: JSON.stringify({ StreamName: 'presigned', ShardCount: 1 }) });
    expect(created.status).toBe(200);
    const listed = await send({ path, headers: base, body: '{}' });
    expect(listed.body.StreamSummaries.map((s: { StreamARN: string }) => s.StreamARN)).toEqual(['arn:aws:kinesis:eu-west-1:123456789012:stream/presigned']);
  });
});

describe('access keys', () => {
  it('accepts an empty access key, as boto3 sends it, as the default account', async () => {
    const reply = await kinesis('CreateStream', { StreamName: 'empty-key', ShardCount: 1 }, { accessKey: '' });
    expect(reply.status).toBe(200);
    const summary = ok(await kinesis('DescribeStreamSummary', { StreamName: 'empty-key' }, { accessKey: '' })).StreamDescriptionSummary;
    expect(summary.StreamARN).toBe(`arn:aws:kinesis:us-east-1:${DEFAULT_ACCOUNT}:stream/empty-key`);
  });

  it('does not verify the signature itself', async () => {
    const reply = await send({ headers: { ...base, ...signatureHeaders(), Authorization: signatureHeaders().Authorization.replace(/Signature=\w+/, 'Signature=bogus') }, body: '{}' });
    expect(reply.status).toBe(200);
  });
});
