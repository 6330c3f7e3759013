// Every Kinesis reply carries x-amzn-RequestId (a UUID) and x-amz-id-2 (base64 of 72-80 random bytes) (aws-behaviour §1.1),
// and echoes the request's content type.
import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES } from '../../src/limits';
import { JSON_11, kinesis, send, type Reply } from '../helpers/kinesis';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectIds(reply: Reply): void {
  expect(reply.headers.get('x-amzn-requestid')).toMatch(UUID);
  const id2 = reply.headers.get('x-amz-id-2');
  expect(id2).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  expect(Buffer.from(id2!, 'base64').length).toBeGreaterThanOrEqual(72);
  expect(Buffer.from(id2!, 'base64').length).toBeLessThanOrEqual(80);
}

describe('request ids', () => {
  it('are on a successful reply, with the request content type echoed', async () => {
    const reply = await kinesis('ListStreams', {});
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe(JSON_11);
    expectIds(reply);
  });

  it('are on a Kinesis error reply', async () => {
    const reply = await kinesis('DescribeStream', { StreamName: 'missing' });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe(JSON_11);
    expectIds(reply);
  });

  it('are on the XML and coral replies', async () => {
    expectIds(await send({ method: 'GET' }));
    expectIds(await send({ headers: { 'Content-Type': 'application/json' }, body: '{}' }));
    expectIds(await send({ headers: { 'Content-Type': JSON_11 } }));
  });

  it('are on the bare 413 for a body over the cap', async () => {
    const reply = await kinesis('PutRecord', 'x'.repeat(MAX_REQUEST_BODY_BYTES + 1));
    expect({ status: reply.status, text: reply.text }).toEqual({ status: 413, text: '' });
    expectIds(reply);
  });

  it('differ from one request to the next', async () => {
    const a = await kinesis('ListStreams', {});
    const b = await kinesis('ListStreams', {});
    expect(a.headers.get('x-amzn-requestid')).not.toBe(b.headers.get('x-amzn-requestid'));
    expect(a.headers.get('x-amz-id-2')).not.toBe(b.headers.get('x-amz-id-2'));
  });
});
