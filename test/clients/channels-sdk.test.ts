// Channels through the AWS SDK for JavaScript v3 (botocore has no channel operations) against a started server with
// a data directory: CreateChannel on an on-demand stream, ACTIVE, PutRecords, then every record found in the R2
// bucket under <path>/r2 exactly once, in the channel's record format and AWS's default key layout; Describe, List,
// Update and Delete, where channels show on the stream (ChannelCount, DeleteStream refused), and refusals.
// AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateChannel.html,
// https://docs.aws.amazon.com/streams/latest/dev/data-delivery-s3-key-template.html
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CreateChannelCommand, CreateStreamCommand, DeleteChannelCommand, DeleteStreamCommand, DescribeChannelCommand, DescribeStreamSummaryCommand,
  KinesisClient, ListChannelsCommand, ListShardsCommand, PutRecordsCommand, UpdateChannelCommand,
  type CreateChannelCommandInput, type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { startServer, type Server } from './server';
import { kinesisClient, poll, uniqueName, waitForActive } from './sdk';
import { openBucket, type BucketReader, type StoredObject } from './bucket';
import { detected, item, maxLength } from '../helpers/messages';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/kinesis-channel`;
const BUCKET = 'sdk-channel-bucket';
const STATUS_MS = 300;

let server: Server;
let kinesis: KinesisClient;
let bucket: BucketReader;

const streamArn = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;
const channelArn = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:channel/${name}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function channelRequest(name: string, stream: string, extra: Partial<CreateChannelCommandInput> = {}): CreateChannelCommandInput {
  return {
    ChannelName: name,
    ServiceExecutionRoleARN: ROLE,
    StreamConfigurationList: [{ StreamARN: streamArn(stream), RecordConfiguration: { RecordFormatType: 'JSON' } }],
    S3DestinationConfiguration: { StorageConfiguration: { BucketARN: `arn:aws:s3:::${BUCKET}`, ExpectedBucketOwner: ACCOUNT, CompressionType: 'NONE' } },
    ...extra,
  };
}

/** The error the SDK threw for `send`, as AWS's wire has it: HTTP status, __type and message. */
async function refusal(send: () => Promise<unknown>): Promise<{ status: number | undefined; type: string; message: string }> {
  try {
    await send();
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { status: e.$metadata?.httpStatusCode, type: e.name, message: e.message };
  }
  throw new Error('the request was accepted');
}

async function createStream(name: string, mode: 'ON_DEMAND' | 'PROVISIONED') {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ...(mode === 'ON_DEMAND' ? { StreamModeDetails: { StreamMode: 'ON_DEMAND' } } : { ShardCount: 1 }) }));
  return waitForActive(kinesis, { StreamName: name });
}

async function channelStatus(name: string) {
  return (await kinesis.send(new DescribeChannelCommand({ ChannelARN: channelArn(name) }))).ChannelDescription!;
}

const waitForChannel = (name: string, status: string) =>
  poll(`channel ${name} to be ${status}`, async () => ((await channelStatus(name)).ChannelStatus === status ? true : undefined));

const lines = (o: StoredObject) => new TextDecoder().decode(o.body).split('\n').slice(0, -1);

beforeAll(async () => {
  server = await startServer({ createStreamMs: STATUS_MS, deleteStreamMs: STATUS_MS, updateStreamMs: STATUS_MS, ignoreExternal: true });
  kinesis = kinesisClient(server.url, { region: REGION });
  bucket = await openBucket(server.dataDir!);
});

afterAll(async () => {
  kinesis?.destroy();
  await bucket?.close();
  await server?.stop();
});

describe('refusals', () => {
  const long = 'c'.repeat(129);
  const rows: [string, () => Promise<unknown>, { status: number; type: string; message: string }][] = [
    [
      'CreateChannel checks ChannelName against the model',
      () => kinesis.send(new CreateChannelCommand(channelRequest(long, 'any'))),
      { status: 400, ...detected(item(long, 'channelName', maxLength(128))) },
    ],
    [
      'CreateChannel keeps DataFreshnessInSeconds within 300-900',
      () => kinesis.send(new CreateChannelCommand(channelRequest('c', 'any', {
        S3DestinationConfiguration: { DataFreshnessInSeconds: 299, StorageConfiguration: { BucketARN: `arn:aws:s3:::${BUCKET}`, ExpectedBucketOwner: ACCOUNT, CompressionType: 'NONE' } },
      }))),
      { status: 400, type: 'InvalidArgumentException', message: 'DataFreshnessInSeconds must be between 300 and 900 seconds; it was 299.' },
    ],
    [
      'CreateChannel answers not found for a stream that does not exist',
      () => kinesis.send(new CreateChannelCommand(channelRequest('c', 'sdk-ghost'))),
      { status: 400, type: 'ResourceNotFoundException', message: `Stream sdk-ghost under account ${ACCOUNT} not found.` },
    ],
    [
      'DescribeChannel answers not found for a channel that does not exist',
      () => kinesis.send(new DescribeChannelCommand({ ChannelARN: channelArn('sdk-ghost') })),
      { status: 400, type: 'ResourceNotFoundException', message: `Channel sdk-ghost under account ${ACCOUNT} not found.` },
    ],
    [
      'UpdateChannel needs something to change',
      () => kinesis.send(new UpdateChannelCommand({ ChannelARN: channelArn('sdk-ghost') })),
      { status: 400, type: 'InvalidArgumentException', message: 'At least one of S3DestinationConfiguration, S3TablesDestinationConfiguration and LoggingConfiguration must be specified.' },
    ],
  ];
  test.each(rows)('%s', async (_name, send, answer) => {
    expect(await refusal(send)).toEqual(answer);
  });

  test('CreateChannel refuses a provisioned stream', async () => {
    const name = uniqueName('sdk-prov');
    await createStream(name, 'PROVISIONED');
    expect(await refusal(() => kinesis.send(new CreateChannelCommand(channelRequest('c', name))))).toEqual({
      status: 400,
      type: 'InvalidArgumentException',
      message: `Stream ${name} under account ${ACCOUNT} is not in ON_DEMAND capacity mode. Channels are supported only for on-demand streams.`,
    });
  });
});

describe('a channel on an on-demand stream', () => {
  const stream = uniqueName('sdk-chsrc');
  const name = uniqueName('sdk-ch');
  let channelId: string;
  let put: PutRecordsResultEntry[];
  let sent: string[];
  let putStarted: number;
  let putEnded: number;

  test('CreateChannel answers CREATING, then DescribeChannel shows it ACTIVE with AWS defaults', async () => {
    await createStream(stream, 'ON_DEMAND');
    const before = Date.now();
    const created = (await kinesis.send(new CreateChannelCommand(channelRequest(name, stream, { Tags: { team: 'data' } })))).ChannelDescription!;
    expect(created).toMatchObject({ ChannelName: name, ChannelARN: channelArn(name), ChannelStatus: 'CREATING', ServiceExecutionRoleARN: ROLE });
    expect(created.ChannelId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    channelId = created.ChannelId!;
    expect(created.ChannelCreationTimestamp).toBeInstanceOf(Date);
    expect(created.ChannelCreationTimestamp!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    await waitForChannel(name, 'ACTIVE');
    const described = await channelStatus(name);
    expect(described).toMatchObject({
      ChannelId: channelId,
      StreamConfigurationList: [{ StreamARN: streamArn(stream), RecordConfiguration: { RecordFormatType: 'JSON' } }],
      S3DestinationConfiguration: {
        DataFreshnessInSeconds: 300,
        StorageConfiguration: { BucketARN: `arn:aws:s3:::${BUCKET}`, ExpectedBucketOwner: ACCOUNT, CompressionType: 'NONE' },
        DeadLetterQueueS3Configuration: { BucketARN: `arn:aws:s3:::${BUCKET}`, ExpectedBucketOwner: ACCOUNT, ErrorOutputPrefix: `kinesis-channel/errors/${name}/${channelId}/` },
      },
      LoggingConfiguration: { CloudWatchLogs: { Enabled: false } },
    });
    expect(described.StreamConfigurationList![0].StreamCreationTimestamp).toBeInstanceOf(Date);
  });

  test('ListChannels lists it, alone under its stream filter', async () => {
    const listed = await kinesis.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: streamArn(stream) }] }));
    expect(listed.ChannelSummaries).toEqual([
      expect.objectContaining({ ChannelName: name, ChannelARN: channelArn(name), ChannelId: channelId, ChannelStatus: 'ACTIVE', ChannelDestinationType: 'S3', Streams: [expect.objectContaining({ StreamARN: streamArn(stream) })] }),
    ]);
    expect(listed.NextToken).toBeUndefined();
    const all = await kinesis.send(new ListChannelsCommand({}));
    expect(all.ChannelSummaries!.map((c) => c.ChannelName)).toContain(name);
  });

  test('CreateChannel refuses a second S3 channel on the stream (one channel of each destination type)', async () => {
    expect(await refusal(() => kinesis.send(new CreateChannelCommand(channelRequest(`${name}-2`, stream))))).toEqual({
      status: 400,
      type: 'LimitExceededException',
      message: `Stream ${stream} under account ${ACCOUNT} already has a channel delivering to a general purpose Amazon S3 bucket. A stream can have one channel of each destination type.`,
    });
  });

  test('DescribeStreamSummary counts it in ChannelCount', async () => {
    const { StreamDescriptionSummary: s } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    expect(s!.ChannelCount).toBe(1);
  });

  test('PutRecords: every record is in the bucket exactly once, in order per shard, under the default key template', async () => {
    // JSON documents over many partition keys (so over the stream's shards), and one record that is not JSON.
    sent = Array.from({ length: 60 }, (_, i) => JSON.stringify({ i, pk: `pk-${i % 12}`, pad: 'x'.repeat(i) }));
    const entries = sent.map((data, i) => ({ PartitionKey: `pk-${i % 12}`, Data: Buffer.from(data) }));
    entries.splice(17, 0, { PartitionKey: 'pk-bad', Data: Buffer.from('not json {') });
    putStarted = Date.now();
    const out = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: entries }));
    putEnded = Date.now();
    expect(out.FailedRecordCount).toBe(0);
    put = out.Records!;
    const bad = put.splice(17, 1)[0];
    const shardIds = new Set((await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards!.map((s) => s.ShardId!));
    expect(new Set(put.map((r) => r.ShardId)).size).toBeGreaterThan(1);

    const prefix = `${BUCKET}/kinesis-channel/${name}/${channelId}/`;
    const delivered = await poll('the records in the bucket', async () => {
      const objects = await bucket.objects(prefix);
      return objects.reduce((n, o) => n + lines(o).length, 0) >= sent.length ? objects : undefined;
    }, 30_000, 100);

    // AWS's default template, then (where AWS puts a unique suffix) the shard and the batch's first sequence number.
    const keyPattern = new RegExp(
      `^${escape(prefix)}(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/${escape(name)}-${escape(channelId)}-\\1-\\2-\\3-\\4-(\\d{2})-(shardId-\\d{12})-(\\d+)\\.json$`,
    );
    const byShard = new Map<string, { firstSeq: bigint; object: StoredObject }[]>();
    for (const o of delivered) {
      const m = keyPattern.exec(o.key);
      expect(m, o.key).not.toBeNull();
      const [, yyyy, MM, dd, HH, mm, shardId, firstSeq] = m!;
      const at = Date.UTC(+yyyy, +MM - 1, +dd, +HH, +mm);
      expect(at).toBeGreaterThanOrEqual(Math.floor(putStarted / 60_000) * 60_000);
      expect(at).toBeLessThanOrEqual(putEnded);
      expect(shardIds.has(shardId)).toBe(true);
      expect(o.contentType).toBe('application/x-ndjson');
      expect(o.contentEncoding).toBeUndefined();
      const own = lines(o);
      expect(o.customMetadata).toMatchObject({ channel: name, channelId, shardId, firstSequenceNumber: firstSeq, records: String(own.length), storageClass: 'STANDARD' });
      byShard.set(shardId, [...(byShard.get(shardId) ?? []), { firstSeq: BigInt(firstSeq), object: o }]);
    }

    // Per shard: the objects in sequence order hold exactly the records that shard took, in its order, each once;
    // each object's key names the sequence number of its own first record.
    const expected = new Map<string, { seq: string; data: string }[]>();
    put.forEach((r, i) => expected.set(r.ShardId!, [...(expected.get(r.ShardId!) ?? []), { seq: r.SequenceNumber!, data: sent[i] }]));
    expect([...byShard.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [shardId, want] of expected) {
      want.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
      const objects = byShard.get(shardId)!.sort((a, b) => (a.firstSeq < b.firstSeq ? -1 : 1));
      expect(objects.flatMap((o) => lines(o.object)), shardId).toEqual(want.map((w) => w.data));
      let at = 0;
      for (const o of objects) {
        expect(String(o.firstSeq)).toBe(want[at].seq);
        expect(o.object.customMetadata.lastSequenceNumber).toBe(want[at + lines(o.object).length - 1].seq);
        at += lines(o.object).length;
      }
    }

    // The record that is not JSON went to the dead-letter prefix, not into the records.
    const dead = await poll('the dead-letter object', async () => {
      const objects = await bucket.objects(`${BUCKET}/kinesis-channel/errors/${name}/${channelId}/`);
      return objects.length > 0 ? objects : undefined;
    }, 30_000, 100);
    // Keyed, as its batch's records object, by the shard and the batch's first sequence number (its own or an
    // earlier good record's, which then names that shard's records object too).
    expect(dead).toHaveLength(1);
    const deadKey = new RegExp(`^${escape(`${BUCKET}/kinesis-channel/errors/${name}/${channelId}/${bad.ShardId}-`)}(\\d+)\\.json$`).exec(dead[0].key);
    expect(deadKey, dead[0].key).not.toBeNull();
    const batchFirst = deadKey![1];
    expect(batchFirst === bad.SequenceNumber || (byShard.get(bad.ShardId!) ?? []).some((o) => String(o.firstSeq) === batchFirst)).toBe(true);
    expect(BigInt(batchFirst) <= BigInt(bad.SequenceNumber!)).toBe(true);
    expect(lines(dead[0]).map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ errorMessage: 'Record is not a valid JSON document.', sequenceNumber: bad.SequenceNumber, partitionKey: 'pk-bad', data: Buffer.from('not json {').toString('base64') }),
    ]);
  });

  test('DeleteStream is refused while the channel reads the stream', async () => {
    const answer = await refusal(() => kinesis.send(new DeleteStreamCommand({ StreamName: stream })));
    expect(answer).toEqual({
      status: 400,
      type: 'ResourceInUseException',
      message: `Stream ${stream} under account ${ACCOUNT} has channels reading it. Delete the channels first (ListChannels with a StreamFilter finds them).`,
    });
    expect((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!.StreamStatus).toBe('ACTIVE');
  });

  test('UpdateChannel changes DataFreshnessInSeconds: UPDATING, then ACTIVE with the new value', async () => {
    const updated = (await kinesis.send(new UpdateChannelCommand({ ChannelARN: channelArn(name), S3DestinationConfiguration: { DataFreshnessInSeconds: 600 } }))).ChannelDescription!;
    expect(updated.ChannelStatus).toBe('UPDATING');
    expect(updated.S3DestinationConfiguration!.DataFreshnessInSeconds).toBe(600);
    await waitForChannel(name, 'ACTIVE');
    expect((await channelStatus(name)).S3DestinationConfiguration!.DataFreshnessInSeconds).toBe(600);
  });

  test('DeleteChannel: DELETING, then gone everywhere; what it delivered stays; the stream can then be deleted', async () => {
    await kinesis.send(new DeleteChannelCommand({ ChannelARN: channelArn(name) }));
    expect((await channelStatus(name)).ChannelStatus).toBe('DELETING');
    expect(await refusal(() => kinesis.send(new DeleteChannelCommand({ ChannelARN: channelArn(name) })))).toEqual({
      status: 400,
      type: 'ResourceInUseException',
      message: `Channel ${name} under account ${ACCOUNT} is not ACTIVE. Current status: DELETING.`,
    });
    await poll(`channel ${name} to be gone`, async () => {
      const answer = await refusal(() => kinesis.send(new DescribeChannelCommand({ ChannelARN: channelArn(name) }))).catch(() => undefined);
      return answer?.type === 'ResourceNotFoundException' ? answer : undefined;
    });
    expect((await kinesis.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: streamArn(stream) }] }))).ChannelSummaries).toEqual([]);
    expect((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!.ChannelCount).toBe(0);
    const kept = await bucket.objects(`${BUCKET}/kinesis-channel/${name}/${channelId}/`);
    expect(kept.reduce((n, o) => n + lines(o).length, 0)).toBe(sent.length);
    await kinesis.send(new DeleteStreamCommand({ StreamName: stream }));
    expect((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!.StreamStatus).toBe('DELETING');
  });
});
