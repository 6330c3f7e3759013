// Tenants through the AWS SDK for JavaScript v3: a 12-digit access key id is the account, the credential scope's
// region is the region, and each (account, region) sees only its own streams and records.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListStreamsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import { startServer, type Server } from './server';
import { kinesisClient, readShard, text, uniqueName, waitForActive, waitForGone } from './sdk';

let server: Server;
const tenants = [
  { accessKeyId: '111111111111', region: 'us-east-1' },
  { accessKeyId: '222222222222', region: 'us-east-1' },
  { accessKeyId: '111111111111', region: 'eu-west-1' },
] as const;
let clients: KinesisClient[];

beforeAll(async () => {
  server = await startServer({ createStreamMs: 0, deleteStreamMs: 0 });
  clients = tenants.map((t) => kinesisClient(server.url, t));
});
afterAll(async () => {
  for (const c of clients ?? []) c.destroy();
  await server?.stop();
});

describe('tenants', () => {
  test('two accounts and two regions create the same stream name; each sees only its own stream, ARN and records', async () => {
    const name = uniqueName('shared');
    await Promise.all(clients.map((c) => c.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }))));
    const summaries = await Promise.all(clients.map((c) => waitForActive(c, { StreamName: name })));
    expect(summaries.map((s) => s.StreamARN)).toEqual(tenants.map((t) => `arn:aws:kinesis:${t.region}:${t.accessKeyId}:stream/${name}`));

    const written = await Promise.all(
      clients.map(async (c, i) => {
        const seqs: string[] = [];
        for (let n = 0; n < 3; n++) {
          const out = await c.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from(`tenant${i}-${n}`) }));
          seqs.push(out.SequenceNumber!);
        }
        return seqs;
      }),
    );
    for (const [i, c] of clients.entries()) {
      const { records } = await readShard(c, { StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
      expect(records.map((r) => text(r.Data))).toEqual([`tenant${i}-0`, `tenant${i}-1`, `tenant${i}-2`]);
      expect(records.map((r) => r.SequenceNumber)).toEqual(written[i]);
    }

    // A third account in the same region does not see it.
    const stranger = kinesisClient(server.url, { accessKeyId: '333333333333', region: 'us-east-1' });
    const err = await stranger.send(new DescribeStreamSummaryCommand({ StreamName: name })).then(() => undefined, (e) => e);
    expect(err?.name).toBe('ResourceNotFoundException');
    expect(err?.message).toBe(`Stream ${name} under account 333333333333 not found.`);
    expect((await stranger.send(new ListStreamsCommand({}))).StreamNames).not.toContain(name);
    stranger.destroy();
  });

  test("a shard iterator from one tenant does not read another tenant's shard", async () => {
    const name = uniqueName('iter');
    await Promise.all(clients.slice(0, 2).map((c) => c.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }))));
    await Promise.all(clients.slice(0, 2).map((c) => waitForActive(c, { StreamName: name })));
    await clients[0].send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('secret of 111111111111') }));
    const { ShardIterator } = await clients[0].send(
      new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const err = await clients[1].send(new GetRecordsCommand({ ShardIterator })).then(
      (out) => out,
      (e) => e,
    );
    // AWS's wording here is not recorded; what matters is that no record leaks across accounts.
    expect(err).toBeInstanceOf(Error);
    expect(err.$metadata.httpStatusCode).toBe(400);
    const own = await clients[0].send(new GetRecordsCommand({ ShardIterator }));
    expect(own.Records!.map((r) => text(r.Data))).toEqual(['secret of 111111111111']);
  });

  test("deleting one tenant's stream leaves the same name in other accounts and regions intact", async () => {
    const name = uniqueName('del');
    await Promise.all(clients.map((c) => c.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }))));
    await Promise.all(clients.map((c) => waitForActive(c, { StreamName: name })));
    await clients[0].send(new DeleteStreamCommand({ StreamName: name }));
    const gone = await waitForGone(clients[0], name);
    expect(gone.message).toBe(`Stream ${name} under account 111111111111 not found.`);
    for (const c of clients.slice(1)) {
      const out = await c.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      expect(out.StreamDescriptionSummary).toMatchObject({ StreamStatus: 'ACTIVE', OpenShardCount: 2 });
    }
    expect((await clients[2].send(new ListStreamsCommand({}))).StreamNames).toContain(name);
    expect((await clients[0].send(new ListStreamsCommand({}))).StreamNames).not.toContain(name);
  });
});
