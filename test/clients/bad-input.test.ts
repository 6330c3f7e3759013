// Bad input over raw HTTP against a really started server: each gets AWS's 4xx (status, __type, full message),
// never a 5xx, and the server keeps answering. Requests carry a real SigV4 header (test/clients/raw.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CreateStreamCommand } from '@aws-sdk/client-kinesis';
import { startServer, type Server } from './server';
import { rawCall, reply, sign } from './raw';
import { kinesisClient, uniqueName, waitForActive } from './sdk';

let server: Server;
let stream: string;

beforeAll(async () => {
  server = await startServer({ createStreamMs: 0, deleteStreamMs: 0 });
  stream = uniqueName('bad-input');
  const client = kinesisClient(server.url);
  await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
  await waitForActive(client, { StreamName: stream });
  client.destroy();
});
afterAll(async () => {
  await server?.stop();
});

const json = (value: unknown) => JSON.stringify(value);
const b64 = (bytes: number) => Buffer.alloc(bytes, 0x61).toString('base64');

describe('bad input', () => {
  test('malformed JSON is a 400 SerializationException with no message', async () => {
    const r = await rawCall(server.url, 'PutRecord', '{"StreamName": "s", ');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(r.json).toEqual({ __type: 'SerializationException' });
  });

  test('a JSON body that is not an object is a 400 SerializationException', async () => {
    for (const body of ['true', 'null', '[]', '"StreamName"', '12']) {
      const r = await rawCall(server.url, 'ListStreams', body);
      expect([body, r.status, r.json]).toEqual([body, 400, { __type: 'SerializationException' }]);
    }
  });

  test('a member of the wrong type is a 400 SerializationException with AWS\'s Java wording under "Message"', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['DescribeStreamSummary', { StreamName: true }, 'class java.lang.Boolean can not be converted to an String'],
      ['DescribeStreamSummary', { StreamName: 12 }, 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'],
      ['CreateStream', { StreamName: stream, ShardCount: 'one' }, 'class java.lang.String can not be converted to an Integer'],
      ['PutRecord', { StreamName: stream, PartitionKey: 'k', Data: true }, 'class java.lang.Boolean can not be converted to a Blob'],
      ['DescribeStreamSummary', { StreamName: ['a'] }, 'Start of list found where not expected'],
      ['DescribeStreamSummary', { StreamName: {} }, 'Start of structure or map found where not expected.'],
    ];
    for (const [op, body, message] of cases) {
      const r = await rawCall(server.url, op, json(body));
      expect([op, body, r.status, r.json]).toEqual([op, body, 400, { __type: 'SerializationException', Message: message }]);
    }
  });

  test('Data that is not base64 is a 400 SerializationException naming the value', async () => {
    const cases: Array<[string, string]> = [
      ['23456', "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
      ['=+/=', "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"],
    ];
    for (const [data, message] of cases) {
      const r = await rawCall(server.url, 'PutRecord', json({ StreamName: stream, PartitionKey: 'k', Data: data }));
      expect([data, r.status, r.json]).toEqual([data, 400, { __type: 'SerializationException', Message: message }]);
    }
  });

  test('a record over 1 MiB is a 400 ValidationException on PutRecord and PutRecords', async () => {
    const one = await rawCall(server.url, 'PutRecord', json({ StreamName: stream, PartitionKey: 'k', Data: b64(1048577) }));
    expect(one.status).toBe(400);
    expect(one.json).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    });
    const many = await rawCall(
      server.url,
      'PutRecords',
      json({ StreamName: stream, Records: [{ PartitionKey: 'k', Data: b64(10) }, { PartitionKey: 'k', Data: b64(1048577) }] }),
    );
    expect(many.status).toBe(400);
    expect(many.json).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value at 'records.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    });
  });

  test('501 records (all with empty partition keys) are a 400 ValidationException listing 10 errors', async () => {
    const records = Array.from({ length: 501 }, () => ({ PartitionKey: '', Data: '' }));
    const r = await rawCall(server.url, 'PutRecords', json({ StreamName: stream, Records: records }));
    expect(r.status).toBe(400);
    expect(r.json.__type).toBe('ValidationException');
    expect(r.json.message).toMatch(/^10 validation errors detected: /);
    const items = [
      "Value at 'records' failed to satisfy constraint: Member must have length less than or equal to 500",
      ...Array.from({ length: 9 }, (_, i) => `Value '' at 'records.${i + 1}.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1`),
    ];
    expect(r.json.message).toBe(`10 validation errors detected: ${items.join('; ')}`);
  });

  test('an unknown or wrongly cased operation is a 400 UnknownOperationException', async () => {
    for (const op of ['Frobnicate', 'putRecord', 'ListStreams2']) {
      const r = await rawCall(server.url, op, '{}');
      expect([op, r.status, r.json]).toEqual([op, 400, { __type: 'UnknownOperationException' }]);
    }
    const noTarget = await rawCall(server.url, undefined, '{}');
    expect([noTarget.status, noTarget.json]).toEqual([400, { __type: 'UnknownOperationException' }]);
  });

  test('a request without Authorization is a 400 MissingAuthenticationTokenException', async () => {
    const r = await rawCall(server.url, 'ListStreams', '{}', { unsigned: true });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  test('GET / is a 403 AccessDeniedException in XML, with no Content-Type', async () => {
    const r = await reply(await fetch(`${server.url}/`));
    expect(r.status).toBe(403);
    expect(r.text).toBe('<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n');
    expect(r.headers.get('content-type')).toBeNull();
  });

  test('a 20 MiB body is refused with 413 or 400, never a 5xx, and the server still answers afterwards', async () => {
    const huge = new Uint8Array(20 * 1024 * 1024).fill(0x20);
    huge[0] = 0x7b; // '{'
    // AWS answers a bare 413 [aws-behaviour §1.2; boto3 saw it]. The client must get that reply: a connection reset
    // mid-upload leaves boto3 with RemoteDisconnected and Node with ECONNRESET, and they retry. Three tries, each
    // must be answered.
    const failed = (err: any) => String(err?.cause?.code ?? err?.cause?.message ?? err?.message);
    const outcomes: Array<number | string> = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      outcomes.push(await rawCall(server.url, 'PutRecord', huge).then((r) => r.status, failed));
    }
    // The same without Content-Length (chunked): the size is only known while reading.
    for (let attempt = 0; attempt < 3; attempt++) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let off = 0; off < huge.length; off += 1 << 20) controller.enqueue(huge.subarray(off, off + (1 << 20)));
          controller.close();
        },
      });
      const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Kinesis_20131202.PutRecord', ...sign(server.url, {}, '') };
      const init = { method: 'POST', headers, body, duplex: 'half' } as RequestInit;
      outcomes.push(await fetch(`${server.url}/`, init).then(async (res) => (await res.arrayBuffer(), res.status), failed));
    }
    expect(outcomes.map((o) => (o === 400 || o === 413 ? '4xx' : o))).toEqual(Array(6).fill('4xx'));

    const after = await rawCall(server.url, 'DescribeStreamSummary', json({ StreamName: stream }));
    expect(after.status).toBe(200);
    expect(after.json.StreamDescriptionSummary.StreamName).toBe(stream);
  });

  test('a burst of mixed garbage requests gets only 4xx answers', async () => {
    const bodies: Array<[string | undefined, string]> = [
      ['PutRecords', '{"StreamName":'],
      ['PutRecords', json({ StreamName: stream, Records: 'nope' })],
      ['GetRecords', json({ ShardIterator: 'AAAA' })],
      ['GetShardIterator', json({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'SIDEWAYS' })],
      ['CreateStream', json({ StreamName: 'bad name!', ShardCount: -1 })],
      ['ListShards', json({})],
      [undefined, '\u0000\u0001'],
    ];
    const replies = await Promise.all(bodies.map(([op, body]) => rawCall(server.url, op, body)));
    for (const [i, r] of replies.entries()) {
      expect([bodies[i], r.status >= 400 && r.status < 500]).toEqual([bodies[i], true]);
    }
  });
});
