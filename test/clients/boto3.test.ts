// boto3 against a really started server: the AWS tutorial flow with empty credentials, and the tutorial's producer
// and consumer as two concurrent Python processes. Keeps the default CREATING delay (the tutorial sleeps 1 s itself).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import path from 'node:path';
import { externalEndpoint, probeTool, root, run, startServer, type Server } from './server';
import { kinesisClient, uniqueName, waitForGone } from './sdk';

const script = (name: string) => path.join(root, 'test', 'clients', 'python', name);

let server: Server;
let missing: string | undefined;

beforeAll(async () => {
  missing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
  if (!missing) server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function python(name: string, args: string[]): Promise<any> {
  const r = await run('python3', [script(name), ...args], { timeoutMs: 45_000 });
  if (r.code !== 0) throw new Error(`${name} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('boto3', () => {
  test('the tutorial lists, creates, writes, reads back the same bytes and deletes, with empty credentials', async ({ skip }) => {
    if (missing) skip(missing);
    const name = externalEndpoint ? uniqueName('mystream') : 'mystream';
    const out = await python('tutorial.py', [server.url, name]);

    if (externalEndpoint) expect(out.listStreamsBefore).not.toContain(name);
    else expect(out.listStreamsBefore).toEqual([]);
    expect(out.put.ShardId).toBe('shardId-000000000000');
    expect(out.put.SequenceNumber).toMatch(/^[1-9]\d*$/);
    expect(out.records).toHaveLength(1);
    expect(out.records[0]).toMatchObject({ SequenceNumber: out.put.SequenceNumber, PartitionKey: 'partitionkey', Data: out.sent });
    expect(Buffer.from(out.records[0].Data, 'base64').toString('latin1')).toBe('Hello, Kinesis! \x00\xff');
    expect(out.records[0].ApproximateArrivalTimestamp * 1000).toBeGreaterThan(Date.now() - 60_000);
    expect(out.hasNextShardIterator).toBe(true);
    expect(out.millisBehindLatest).toBe(0);

    // Empty credentials are the default account; the tutorial's DeleteStream really deletes.
    const gone = await waitForGone(kinesisClient(server.url), name);
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.message).toBe(`Stream ${name} under account 000000000000 not found.`);
  });

  test('a producer and a consumer process running at once: the consumer gets all 25 records in order, 5 at a time', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('tutorial');
    const [produced, consumed] = await Promise.all([
      python('producer.py', [server.url, name, '25', '0.1']),
      python('consumer.py', [server.url, name, '25', '5']),
    ]);

    expect(produced.acked).toHaveLength(25);
    expect(consumed.records).toHaveLength(25);
    consumed.records.forEach((r: any, i: number) => {
      const sent = produced.acked[i];
      expect(Buffer.from(r.Data, 'base64').toString('utf8')).toBe(sent.data);
      expect(JSON.parse(sent.data)).toEqual({ event: i, payload: `record-${String(i).padStart(2, '0')}` });
      expect(r.SequenceNumber).toBe(sent.SequenceNumber);
      expect(r.PartitionKey).toBe(`key-${i % 3}`);
    });
    // Limit=5 honoured on every page, and the consumer really overlapped the producer.
    expect(Math.max(...consumed.pages)).toBeLessThanOrEqual(5);
    expect(consumed.pages.filter((n: number) => n > 0).length).toBeGreaterThanOrEqual(5);
    expect(consumed.firstRecordAt).toBeLessThan(produced.finished);
  });

  test('resharding: split, merge and UpdateShardCount with boto3\'s waiter; closed shards end with ChildShards', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('reshard');
    const out = await python('reshard.py', [server.url, name]);
    expect(out.statusAfterSplit).toBe('UPDATING');
    expect([out.before.ShardId, out.after.ShardId]).toEqual(['shardId-000000000000', 'shardId-000000000001']);
    expect(out.scaled).toMatchObject({ StreamName: name, CurrentShardCount: 1, TargetShardCount: 2 });
    const byId = Object.fromEntries(out.shards.map((s: any) => [s.ShardId, s]));
    expect(byId['shardId-000000000003']).toMatchObject({ ParentShardId: 'shardId-000000000001', AdjacentParentShardId: 'shardId-000000000002' });
    // Shards 0, 1, 2 and 3 are closed; 4 and 5 are the two open ones.
    expect(Object.keys(out.ends).sort()).toEqual([0, 1, 2, 3].map((i) => `shardId-00000000000${i}`));
    expect(out.ends['shardId-000000000000'].records).toEqual(['before']);
    expect(out.ends['shardId-000000000000'].children.map((c: any) => c.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002']);
    expect(out.ends['shardId-000000000001'].records).toEqual(['after']);
    expect(out.ends['shardId-000000000001'].children).toEqual([
      { ShardId: 'shardId-000000000003', ParentShards: ['shardId-000000000001', 'shardId-000000000002'], HashKeyRange: byId['shardId-000000000003'].HashKeyRange },
    ]);
    expect(out.ends['shardId-000000000003'].children.map((c: any) => c.ShardId)).toEqual(['shardId-000000000004', 'shardId-000000000005']);
    expect(out.again).toBe(`Shard shardId-000000000000 in stream ${name} under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.`);
  });
});
