// A stream of thousands of shards, of which a few were used, is created, written and deleted by one client without
// harm to the server: DeleteStream reaches only the shard objects ever opened, so the next request on the same
// kept-alive connection gets its answer and request id (before, a 3,000-shard delete ran out of SQLite memory and the
// next request got a 500 with no request id), and nothing is logged as an internal failure.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type Server } from './server';
import { rawCall } from './raw';
import { poll, uniqueName } from './sdk';

const SHARDS = 9_000;
let server: Server;

beforeAll(async () => {
  server = await startServer({ ignoreExternal: true, shardLimit: 20_000, createStreamMs: 0, deleteStreamMs: 0, args: ['--in-memory'] });
});
afterAll(async () => {
  await server?.stop();
});

describe(`a stream of ${SHARDS} shards`, () => {
  test('is created, written to, deleted, and the server answers the next request with its request id', async () => {
    const name = uniqueName('many');
    const created = await rawCall(server.url, 'CreateStream', JSON.stringify({ StreamName: name, ShardCount: SHARDS }));
    expect(created.status, created.text).toBe(200);
    await poll('ACTIVE', async () => {
      const d = await rawCall(server.url, 'DescribeStreamSummary', JSON.stringify({ StreamName: name }));
      return d.json?.StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined;
    });
    expect((await rawCall(server.url, 'DescribeStreamSummary', JSON.stringify({ StreamName: name }))).json.StreamDescriptionSummary.OpenShardCount).toBe(SHARDS);

    // Four keys spread over the hash space open a few shards.
    for (const key of ['a', 'b', 'c', 'd']) {
      const put = await rawCall(server.url, 'PutRecord', JSON.stringify({ StreamName: name, PartitionKey: key, Data: 'aGk=' }));
      expect(put.status, put.text).toBe(200);
    }

    const deleted = await rawCall(server.url, 'DeleteStream', JSON.stringify({ StreamName: name }));
    expect(deleted.status, deleted.text).toBe(200);
    const listed = await rawCall(server.url, 'ListStreams', '{}');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    await poll('the stream gone', async () => {
      const l = await rawCall(server.url, 'ListStreams', '{}');
      return l.status === 200 && !l.json.StreamNames.includes(name) ? true : undefined;
    });
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(server.output().stderr).not.toMatch(/InternalFailure|SQLITE/);
  }, 120_000);
});
