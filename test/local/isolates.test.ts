// Two Workers over the same Durable Objects, as a deployment runs many isolates: each has its own stream cache, so a
// change made through one must be right through the other at once for writes and reads. Miniflare runs worker A with
// the object classes and worker B bound to A's classes (scriptName): two isolates, one set of objects.
// What may lag is bounded: B's descriptions follow within the stream cache's TTL (src/limits.ts STREAM_CACHE_TTL_MS).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Miniflare } from 'miniflare';
import path from 'node:path';
import { buildWorker } from '../../local/build.mjs';
import { workerDefaults } from '../../local/worker-defaults.mjs';
import { createSigner } from '../../local/sigv4.mjs';
import { STREAM_CACHE_TTL_MS } from '../../src/limits';

let mf: Miniflare;
const sign = createSigner();

beforeAll(async () => {
  const scriptPath = await buildWorker();
  const common = {
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    compatibilityDate: workerDefaults.compatibility_date,
    compatibilityFlags: workerDefaults.compatibility_flags,
    bindings: { CREATE_STREAM_MS: '0', DELETE_STREAM_MS: '0', UPDATE_STREAM_MS: '0', SHARD_LIMIT: '100' },
  };
  const bindings = workerDefaults.durable_objects.bindings;
  mf = new Miniflare({
    workers: [
      { ...common, name: 'a', durableObjects: Object.fromEntries(bindings.map((b) => [b.name, { className: b.class_name, useSQLite: true }])) },
      { ...common, name: 'b', durableObjects: Object.fromEntries(bindings.map((b) => [b.name, { className: b.class_name, scriptName: 'a', useSQLite: true }])) },
    ],
  });
  await mf.ready;
});
afterAll(async () => {
  await mf?.dispose();
});

async function call(worker: 'a' | 'b', operation: string, body: object): Promise<{ status: number; body: any }> {
  const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `Kinesis_20131202.${operation}` };
  const text = JSON.stringify(body);
  const signed = sign({ host: 'kinesis.test', headers, body: text });
  const res = await (await mf.getWorker(worker)).fetch('http://kinesis.test/', { method: 'POST', headers: { ...headers, ...signed, Host: 'kinesis.test' }, body: text });
  const reply = await res.text();
  return { status: res.status, body: reply ? JSON.parse(reply) : undefined };
}
const ok = async (worker: 'a' | 'b', operation: string, body: object) => {
  const r = await call(worker, operation, body);
  if (r.status !== 200) throw new Error(`${worker} ${operation}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

describe('two isolates over one set of objects', () => {
  test('a stream created through A is there for B at once: "not found" was never cached', async () => {
    expect((await call('b', 'DescribeStreamSummary', { StreamName: 'iso-new' })).body.__type).toBe('ResourceNotFoundException');
    await ok('a', 'CreateStream', { StreamName: 'iso-new', ShardCount: 1 });
    expect((await ok('b', 'DescribeStreamSummary', { StreamName: 'iso-new' })).StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
    expect((await ok('b', 'PutRecord', { StreamName: 'iso-new', PartitionKey: 'k', Data: 'aGk=' })).ShardId).toBe('shardId-000000000000');
  });

  test('after a split through A, B writes to the children and reads them at once; its description follows within the cache TTL', async () => {
    await ok('a', 'CreateStream', { StreamName: 'iso-split', ShardCount: 1 });
    // B caches the one-shard map.
    expect((await ok('b', 'PutRecord', { StreamName: 'iso-split', PartitionKey: 'k', Data: 'aGk=', ExplicitHashKey: '5' })).ShardId).toBe('shardId-000000000000');
    await ok('a', 'SplitShard', { StreamName: 'iso-split', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' });
    const splitAt = Date.now();
    const low = await ok('b', 'PutRecord', { StreamName: 'iso-split', PartitionKey: 'k', Data: 'bG8=', ExplicitHashKey: '5' });
    const high = await ok('b', 'PutRecord', { StreamName: 'iso-split', PartitionKey: 'k', Data: 'aGk=', ExplicitHashKey: '5000' });
    expect([low.ShardId, high.ShardId]).toEqual(['shardId-000000000001', 'shardId-000000000002']);
    const iterator = (await ok('b', 'GetShardIterator', { StreamName: 'iso-split', ShardId: 'shardId-000000000001', ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
    expect((await ok('b', 'GetRecords', { ShardIterator: iterator })).Records.map((r: any) => r.SequenceNumber)).toEqual([low.SequenceNumber]);
    // Bounded staleness: B's DescribeStream shows three shards no later than the TTL after the split.
    for (;;) {
      const shards = (await ok('b', 'DescribeStream', { StreamName: 'iso-split' })).StreamDescription.Shards;
      if (shards.length === 3) break;
      expect(Date.now() - splitAt).toBeLessThanOrEqual(STREAM_CACHE_TTL_MS + 500);
    }
  });

  test('a stream deleted through A refuses B\'s writes and reads at once', async () => {
    await ok('a', 'CreateStream', { StreamName: 'iso-del', ShardCount: 1 });
    await ok('b', 'PutRecord', { StreamName: 'iso-del', PartitionKey: 'k', Data: 'aGk=' });
    const iterator = (await ok('b', 'GetShardIterator', { StreamName: 'iso-del', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
    await ok('a', 'DeleteStream', { StreamName: 'iso-del' });
    const put = await call('b', 'PutRecord', { StreamName: 'iso-del', PartitionKey: 'k', Data: 'aGk=' });
    expect(put.body).toEqual({ __type: 'ResourceNotFoundException', message: 'Stream iso-del under account 000000000000 not found.' });
    const read = await call('b', 'GetRecords', { ShardIterator: iterator });
    expect(read.body.__type).toBe('ResourceNotFoundException');
  });
});
