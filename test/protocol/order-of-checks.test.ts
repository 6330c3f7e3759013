// AWS's front door, in its order of checks (aws-behaviour §1.3): method, empty body, content type, body parse,
// application/json envelopes, unknown operation; each answered in AWS's exact form.
import { describe, expect, it } from 'vitest';
import { JSON_11, kinesis, send, signatureHeaders } from '../helpers/kinesis';

const ACCESS_DENIED_XML = '<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n';
const CBOR_11 = 'application/x-amz-cbor-1.1';
const LIST_STREAMS = 'Kinesis_20131202.ListStreams';

/**
 * CBOR for {"__type": type}: kinesalite recorded AWS's indefinite-length map (bf ... ff); a definite-length map
 * (a1 ...) decodes to the same value in every client, so either form is accepted.
 */
const cborType = (type: string): string[] => {
  // Text string header: 0x60 + length below 24, else 0x78 and a one-byte length.
  const head = type.length < 24 ? Buffer.from([0x60 + type.length]) : Buffer.from([0x78, type.length]);
  const pair = Buffer.concat([Buffer.from([0x66]), Buffer.from('__type'), head, Buffer.from(type)]);
  return [Buffer.concat([Buffer.from('bf', 'hex'), pair, Buffer.from('ff', 'hex')]).toString('hex'), Buffer.concat([Buffer.from('a1', 'hex'), pair]).toString('hex')];
};

async function hex(init: Parameters<typeof send>[0]): Promise<{ status: number; contentType: string | null; hex: string }> {
  const res = await send(init);
  return { status: res.status, contentType: res.headers.get('content-type'), hex: Buffer.from(res.bytes).toString('hex') };
}

describe('1. a method other than POST', () => {
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
    it(`answers ${method} with 403 and the AccessDeniedException XML, without a Content-Type`, async () => {
      const reply = await send({ method, headers: { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': JSON_11, ...signatureHeaders() }, body: method === 'GET' ? null : '{}' });
      expect(reply.status).toBe(403);
      expect(reply.text).toBe(ACCESS_DENIED_XML);
      expect(reply.headers.get('content-type')).toBeNull();
    });
  }

  it('answers OPTIONS without an Origin like any other non-POST', async () => {
    const reply = await send({ method: 'OPTIONS', headers: { 'X-Amz-Target': LIST_STREAMS } });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(ACCESS_DENIED_XML);
  });

  it('ignores the path', async () => {
    const reply = await send({ path: '/some/where/else', headers: { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': JSON_11, ...signatureHeaders() }, body: '{}' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ StreamNames: [], HasMoreStreams: false });
  });
});

describe('2. an empty body', () => {
  it('answers a known operation under json-1.1 with a bare SerializationException in JSON', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': JSON_11 } });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe(JSON_11);
    expect(reply.text).toBe('{"__type":"SerializationException"}');
  });

  it('answers an unknown operation under json-1.1 with a bare UnknownOperationException in JSON', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': 'Kinesis_20131202.ListStream', 'Content-Type': JSON_11 } });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe(JSON_11);
    expect(reply.text).toBe('{"__type":"UnknownOperationException"}');
  });

  it('answers a missing target under json-1.1 with UnknownOperationException, before any auth check', async () => {
    const reply = await send({ headers: { 'Content-Type': JSON_11 } });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe('{"__type":"UnknownOperationException"}');
  });

  const EMPTY_BODY_TYPES = [undefined, 'text/plain', 'application/json', `${JSON_11}; charset=utf-8`, CBOR_11];

  it('answers with a cbor-1.1 content type when the content type is anything but exactly json-1.1', async () => {
    for (const contentType of EMPTY_BODY_TYPES) {
      const headers: Record<string, string> = { 'X-Amz-Target': LIST_STREAMS };
      if (contentType) headers['Content-Type'] = contentType;
      expect(await hex({ headers }), String(contentType)).toMatchObject({ status: 400, contentType: CBOR_11 });
      headers['X-Amz-Target'] = 'Kinesis_20131202.Nope';
      expect(await hex({ headers }), String(contentType)).toMatchObject({ status: 400, contentType: CBOR_11 });
    }
  });

  it('answers with a CBOR body {"__type": ...} then', async () => {
    for (const contentType of EMPTY_BODY_TYPES) {
      const headers: Record<string, string> = { 'X-Amz-Target': LIST_STREAMS };
      if (contentType) headers['Content-Type'] = contentType;
      expect(cborType('SerializationException'), String(contentType)).toContain((await hex({ headers })).hex);
      headers['X-Amz-Target'] = 'Kinesis_20131202.Nope';
      expect(cborType('UnknownOperationException'), String(contentType)).toContain((await hex({ headers })).hex);
    }
  });
});

describe('3. a content type that is not json-1.1, cbor-1.1 or application/json', () => {
  it('answers 403 AccessDeniedException XML when the target lacks a service or an operation', async () => {
    for (const target of [undefined, 'Kinesis_20131202', 'Kinesis_20131202.', '.ListStreams']) {
      const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
      if (target !== undefined) headers['X-Amz-Target'] = target;
      const reply = await send({ headers, body: '{}' });
      expect({ status: reply.status, text: reply.text, type: reply.headers.get('content-type') }, String(target)).toEqual({ status: 403, text: ACCESS_DENIED_XML, type: null });
    }
  });

  it('answers 403 AccessDeniedException XML when there is no content type at all', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': undefined as never }, body: '{}' });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(ACCESS_DENIED_XML);
  });

  it('answers 404 <UnknownOperationException/> when the target names a service and an operation', async () => {
    for (const target of [LIST_STREAMS, 'Kinesis_20131202.Nope', 'Foo.Bar']) {
      const reply = await send({ headers: { 'X-Amz-Target': target, 'Content-Type': 'application/xml' }, body: '{}' });
      expect({ status: reply.status, text: reply.text, type: reply.headers.get('content-type') }, target).toEqual({
        status: 404,
        text: '<UnknownOperationException/>\n',
        type: null,
      });
    }
  });

  it('reads only the part before the semicolon, trimmed', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': `   ${JSON_11}   ;whatever`, ...signatureHeaders() }, body: '{}' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ HasMoreStreams: false });
  });

  it('accepts application/x-amz-json-1.0 as JSON (Differs from AWS, which treats it as an unknown type)', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': 'application/x-amz-json-1.0', ...signatureHeaders() }, body: '{}' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/x-amz-json-1.0');
  });
});

describe('4. a body that does not parse or is not an object', () => {
  for (const body of ['hello', 'true', 'null', '23', '"str"', '[]', '{"a":']) {
    it(`answers ${JSON.stringify(body)} with a bare SerializationException`, async () => {
      const reply = await send({ headers: { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': JSON_11, ...signatureHeaders() }, body });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toBe(JSON_11);
      expect(reply.text).toBe('{"__type":"SerializationException"}');
    });
  }

  it('checks the body before the operation name', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': 'Kinesis_20131202.Nope', 'Content-Type': JSON_11 }, body: 'hello' });
    expect(reply.text).toBe('{"__type":"SerializationException"}');
  });

  it('checks the body before authentication', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': JSON_11 }, body: 'hello' });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe('{"__type":"SerializationException"}');
  });

  it('answers application/json with the coral SerializationException envelope', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': LIST_STREAMS, 'Content-Type': 'application/json' }, body: 'hello' });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({ Output: { __type: 'com.amazon.coral.service#SerializationException' }, Version: '1.0' });
  });
});

describe('5. application/json with a good body', () => {
  it('answers 404 with the coral UnknownOperationException envelope, whatever the target', async () => {
    for (const target of [LIST_STREAMS, 'Kinesis_20131202.Nope', '']) {
      const reply = await send({ headers: { 'X-Amz-Target': target, 'Content-Type': 'application/json', ...signatureHeaders() }, body: '{}' });
      expect({ status: reply.status, body: reply.body, type: reply.headers.get('content-type') }, target).toEqual({
        status: 404,
        body: { Output: { __type: 'com.amazon.coral.service#UnknownOperationException' }, Version: '1.0' },
        type: 'application/json',
      });
    }
  });
});

describe('6. an unknown service prefix or operation', () => {
  for (const target of ['Kinesis_20131202.putRecord', 'Kinesis_20131202.ListStream', 'Kinesis_20131201.ListStreams', 'kinesis_20131202.ListStreams', 'ListStreams', '']) {
    it(`answers ${JSON.stringify(target)} with a bare UnknownOperationException`, async () => {
      const reply = await send({ headers: { 'X-Amz-Target': target, 'Content-Type': JSON_11, ...signatureHeaders() }, body: '{}' });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toBe(JSON_11);
      expect(reply.text).toBe('{"__type":"UnknownOperationException"}');
    });
  }

  it('checks the operation before authentication', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': 'Kinesis_20131202.putRecord', 'Content-Type': JSON_11 }, body: '{}' });
    expect(reply.text).toBe('{"__type":"UnknownOperationException"}');
  });
});

describe('7-9. auth, then types, then constraints', () => {
  it('checks authentication before the input types', async () => {
    const reply = await send({ headers: { 'X-Amz-Target': 'Kinesis_20131202.CreateStream', 'Content-Type': JSON_11 }, body: '{"StreamName":true}' });
    expect(reply.body).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('checks types before constraints', async () => {
    const reply = await kinesis('CreateStream', { StreamName: true, ShardCount: 0 });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ __type: 'SerializationException', Message: 'class java.lang.Boolean can not be converted to an String' });
  });

  it('checks constraints before the stream exists', async () => {
    const reply = await kinesis('DescribeStream', { StreamName: 'bad name' });
    expect(reply.body).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value 'bad name' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    });
  });
});
