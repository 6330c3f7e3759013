// CORS as AWS answers browsers (aws-behaviour §1.1): preflights answered at the door, Origin marks every other reply.
import { describe, expect, it } from 'vitest';
import { JSON_11, kinesis, send, signatureHeaders } from '../helpers/kinesis';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXPOSE = 'x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date';

describe('preflight (OPTIONS with Origin)', () => {
  it('answers 200 with an empty body, allow-origin *, max-age 172800, no x-amz-id-2 and no Content-Type', async () => {
    const reply = await send({ method: 'OPTIONS', headers: { Origin: 'https://app.example' } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('access-control-max-age')).toBe('172800');
    expect(reply.headers.get('x-amz-id-2')).toBeNull();
    expect(reply.headers.get('content-type')).toBeNull();
    expect(reply.headers.get('access-control-allow-headers')).toBeNull();
    expect(reply.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('carries a request id, as AWS does on preflights', async () => {
    const reply = await send({ method: 'OPTIONS', headers: { Origin: 'whatever' } });
    expect(reply.headers.get('x-amzn-requestid')).toMatch(UUID);
  });

  it('echoes Access-Control-Request-Headers and -Method as Access-Control-Allow-*', async () => {
    const reply = await send({
      method: 'OPTIONS',
      headers: { Origin: 'whatever', 'Access-Control-Request-Headers': 'a, b, c', 'Access-Control-Request-Method': 'd' },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-headers')).toBe('a, b, c');
    expect(reply.headers.get('access-control-allow-methods')).toBe('d');
  });
});

describe('requests with an Origin', () => {
  it('adds allow-origin and the exposed headers to a successful reply', async () => {
    const reply = await kinesis('ListStreams', {}, { headers: { Origin: 'https://app.example' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('access-control-expose-headers')).toBe(EXPOSE);
  });

  it('adds them to a Kinesis error reply', async () => {
    const reply = await kinesis('DescribeStream', { StreamName: 'missing' }, { headers: { Origin: 'x' } });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('access-control-expose-headers')).toBe(EXPOSE);
  });

  it('adds them to the XML reply for a non-POST request', async () => {
    const reply = await send({ method: 'GET', headers: { Origin: 'x' } });
    expect(reply.status).toBe(403);
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('access-control-expose-headers')).toBe(EXPOSE);
  });
});

describe('requests without an Origin', () => {
  it('carry no CORS headers', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': 'Kinesis_20131202.ListStreams', 'Content-Type': JSON_11, ...signatureHeaders() }, body: '{}' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    expect(reply.headers.get('access-control-expose-headers')).toBeNull();
  });
});
