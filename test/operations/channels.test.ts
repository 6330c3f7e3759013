// CreateChannel, DescribeChannel, ListChannels, UpdateChannel and DeleteChannel through the Worker: validation from
// the model's shapes and AWS's cross-field rules, the lifecycle, paging, and delivery into the R2 bucket by the
// channel object's alarm (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateChannel.html).
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STATUS_DELAY_MS, advance, b64, bindings, createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { NOT_NULL, detected, item, maxLength } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';
import { shapes } from '../../src/schema/shapes.generated';

beforeEach(freshStart);
afterEach(() => restoreClock());

const ACCOUNT = '000000000000';
const streamArn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
const channelArn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:channel/${name}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/channel`;
const storage = (bucket = 'my-bucket', extra: object = {}) => ({ BucketARN: `arn:aws:s3:::${bucket}`, ExpectedBucketOwner: ACCOUNT, CompressionType: 'NONE', ...extra });
const request = (name: string, stream: string, extra: Record<string, unknown> = {}, format = 'JSON') => ({
  ChannelName: name,
  ServiceExecutionRoleARN: ROLE,
  StreamConfigurationList: [{ StreamARN: streamArn(stream), RecordConfiguration: { RecordFormatType: format } }],
  S3DestinationConfiguration: { StorageConfiguration: storage() },
  ...extra,
});
/** A channel to streaming tables (S3 Tables): kept and shown, FAILED here (the emulator does not write Iceberg). */
const tablesRequest = (name: string, stream: string) => ({
  ChannelName: name,
  ServiceExecutionRoleARN: ROLE,
  StreamConfigurationList: [{ StreamARN: streamArn(stream), RecordConfiguration: { RecordFormatType: 'JSON', GSRSchemaARN: `arn:aws:glue:us-east-1:${ACCOUNT}:schema/reg/s` } }],
  S3TablesDestinationConfiguration: {
    DeadLetterQueueS3Configuration: { BucketARN: 'arn:aws:s3:::dlq', ExpectedBucketOwner: ACCOUNT },
    S3TablesConfigurationList: [{ TableBucketARN: `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/t`, Namespace: 'n', TableName: 't', CompressionType: 'NONE' }],
  },
});
const invalid = (message: string) => ({ type: 'InvalidArgumentException', message });
const onDemand = (name: string) => createActiveStream(name, 1, { extra: { StreamModeDetails: { StreamMode: 'ON_DEMAND' } } });
const describeChannel = async (name: string) => ok(await kinesis('DescribeChannel', { ChannelARN: channelArn(name) })).ChannelDescription;
const channelObject = () => bindings.CHANNEL.getByName(`${ACCOUNT}:us-east-1:channels`);

async function activeChannel(name: string, stream: string, extra: Record<string, unknown> = {}, format = 'JSON') {
  const created = ok(await kinesis('CreateChannel', request(name, stream, extra, format))).ChannelDescription;
  advance(STATUS_DELAY_MS);
  expect((await describeChannel(name)).ChannelStatus).toBe('ACTIVE');
  return created;
}

async function objects(prefix: string): Promise<{ key: string; text: string }[]> {
  const listed = await bindings.CHANNEL_BUCKET.list({ prefix });
  return Promise.all(listed.objects.map(async (o) => ({ key: o.key, text: await (await bindings.CHANNEL_BUCKET.get(o.key))!.text() })));
}

describe('refusals', () => {
  const long = 'c'.repeat(shapes.ChannelName.max + 1);
  itRefuses('CreateChannel', [
    [
      'needs ChannelName, ServiceExecutionRoleARN and StreamConfigurationList',
      {},
      detected(item(null, 'channelName', NOT_NULL), item(null, 'serviceExecutionRoleARN', NOT_NULL), item(null, 'streamConfigurationList', NOT_NULL)),
    ],
    ['checks ChannelName against the model', request(long, 's'), detected(item(long, 'channelName', maxLength(shapes.ChannelName.max)))],
    ['needs a destination', request('c', 's', { S3DestinationConfiguration: undefined }), invalid('Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be specified.')],
    [
      'refuses both destinations',
      request('c', 's', {
        S3TablesDestinationConfiguration: {
          DeadLetterQueueS3Configuration: { BucketARN: 'arn:aws:s3:::dlq', ExpectedBucketOwner: ACCOUNT },
          S3TablesConfigurationList: [{ TableBucketARN: 'arn:aws:s3tables:us-east-1:000000000000:bucket/t', Namespace: 'n', TableName: 't', CompressionType: 'NONE' }],
        },
      }),
      invalid('Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be specified.'),
    ],
    [
      'takes one source stream',
      request('c', 's', { StreamConfigurationList: [1, 2].map((i) => ({ StreamARN: streamArn(`s${i}`), RecordConfiguration: { RecordFormatType: 'JSON' } })) }),
      invalid('StreamConfigurationList must contain exactly 1 stream configuration; it has 2.'),
    ],
    [
      'keeps data freshness within 300-900 seconds',
      request('c', 's', { S3DestinationConfiguration: { DataFreshnessInSeconds: 299, StorageConfiguration: storage() } }),
      invalid('DataFreshnessInSeconds must be between 300 and 900 seconds; it was 299.'),
    ],
    ['refuses GSR_JSON for an S3 destination', request('c', 's', {}, 'GSR_JSON'), invalid('RecordFormatType GSR_JSON is not supported for general purpose Amazon S3 destinations.')],
    ['answers not found for a stream that does not exist', request('c', 'ghost'), { type: 'ResourceNotFoundException', message: `Stream ghost under account ${ACCOUNT} not found.` }],
    [
      'allows one channel of each destination type per stream',
      request('second', 'taken'),
      { type: 'LimitExceededException', message: `Stream taken under account ${ACCOUNT} already has a channel delivering to a general purpose Amazon S3 bucket. A stream can have one channel of each destination type.` },
      async () => {
        await onDemand('taken');
        ok(await kinesis('CreateChannel', request('first', 'taken')));
        ok(await kinesis('CreateChannel', tablesRequest('tables', 'taken')));
      },
    ],
    [
      'refuses a provisioned stream',
      request('c', 'provisioned'),
      invalid(`Stream provisioned under account ${ACCOUNT} is not in ON_DEMAND capacity mode. Channels are supported only for on-demand streams.`),
      () => createActiveStream('provisioned'),
    ],
  ]);
  itRefuses('DescribeChannel', [
    ['needs ChannelARN', {}, detected(item(null, 'channelARN', NOT_NULL))],
    ['answers not found for a channel that does not exist', { ChannelARN: channelArn('ghost') }, { type: 'ResourceNotFoundException', message: `Channel ghost under account ${ACCOUNT} not found.` }],
  ]);
  itRefuses('UpdateChannel', [
    ['needs something to change', { ChannelARN: channelArn('c') }, invalid('At least one of S3DestinationConfiguration, S3TablesDestinationConfiguration and LoggingConfiguration must be specified.')],
    [
      'keeps data freshness within 300-900 seconds',
      { ChannelARN: channelArn('c'), S3DestinationConfiguration: { DataFreshnessInSeconds: 901 } },
      invalid('DataFreshnessInSeconds must be between 300 and 900 seconds; it was 901.'),
    ],
  ]);
  itRefuses('DeleteChannel', [
    ['answers not found for a channel that does not exist', { ChannelARN: channelArn('ghost') }, { type: 'ResourceNotFoundException', message: `Channel ghost under account ${ACCOUNT} not found.` }],
  ]);
  itRefuses('ListChannels', [
    ['checks MaxResults against the model', { MaxResults: 0 }, detected(item('0', 'maxResults', 'Member must have value greater than or equal to 1'))],
    ['refuses a NextToken it did not issue', { NextToken: 'bm9wZQ==' }, invalid('Invalid NextToken: bm9wZQ==')],
  ]);
});

describe('lifecycle', () => {
  it('is CREATING, then ACTIVE, and describes what it was given with AWS defaults filled in', async () => {
    await onDemand('src');
    const created = ok(await kinesis('CreateChannel', request('ch', 'src', { Tags: { team: 'a' } }))).ChannelDescription;
    expect(created).toMatchObject({
      ChannelName: 'ch',
      ChannelARN: channelArn('ch'),
      ChannelStatus: 'CREATING',
      ServiceExecutionRoleARN: ROLE,
      StreamConfigurationList: [{ StreamARN: streamArn('src'), RecordConfiguration: { RecordFormatType: 'JSON' } }],
      S3DestinationConfiguration: {
        DataFreshnessInSeconds: 300,
        StorageConfiguration: storage(),
        DeadLetterQueueS3Configuration: { BucketARN: 'arn:aws:s3:::my-bucket', ExpectedBucketOwner: ACCOUNT, ErrorOutputPrefix: `kinesis-channel/errors/ch/${created.ChannelId}/` },
      },
      LoggingConfiguration: { CloudWatchLogs: { Enabled: false } },
    });
    expect(created.ChannelId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof created.ChannelCreationTimestamp).toBe('number');
    advance(STATUS_DELAY_MS);
    expect((await describeChannel('ch')).ChannelStatus).toBe('ACTIVE');
    expectError(await kinesis('CreateChannel', request('ch', 'src')), 'ResourceInUseException', `Channel ch under account ${ACCOUNT} already exists.`);
  });

  it('updates freshness and logging (UPDATING, then ACTIVE), and refuses updates meanwhile', async () => {
    await onDemand('src');
    await activeChannel('ch', 'src');
    const logging = { CloudWatchLogs: { Enabled: true, LogGroupName: 'g', LogStreamName: 's' } };
    const updated = ok(await kinesis('UpdateChannel', { ChannelARN: channelArn('ch'), S3DestinationConfiguration: { DataFreshnessInSeconds: 600 }, LoggingConfiguration: logging })).ChannelDescription;
    expect(updated.ChannelStatus).toBe('UPDATING');
    expectError(
      await kinesis('UpdateChannel', { ChannelARN: channelArn('ch'), S3DestinationConfiguration: { DataFreshnessInSeconds: 700 } }),
      'ResourceInUseException',
      `Channel ch under account ${ACCOUNT} is not ACTIVE. Current status: UPDATING.`,
    );
    advance(STATUS_DELAY_MS);
    const described = await describeChannel('ch');
    expect(described.ChannelStatus).toBe('ACTIVE');
    expect(described.S3DestinationConfiguration.DataFreshnessInSeconds).toBe(600);
    expect(described.LoggingConfiguration).toEqual(logging);
    expectError(
      await kinesis('UpdateChannel', { ChannelARN: channelArn('ch'), S3TablesDestinationConfiguration: { DataFreshnessInSeconds: 600 } }),
      'InvalidArgumentException',
      'This channel delivers to a general purpose Amazon S3 bucket: use S3DestinationConfiguration.',
    );
  });

  it('is DELETING, then gone; the name can be used again', async () => {
    await onDemand('src');
    await activeChannel('ch', 'src');
    expectEmptyOk(await kinesis('DeleteChannel', { ChannelARN: channelArn('ch') }));
    expect((await describeChannel('ch')).ChannelStatus).toBe('DELETING');
    expectError(await kinesis('DeleteChannel', { ChannelARN: channelArn('ch') }), 'ResourceInUseException', `Channel ch under account ${ACCOUNT} is not ACTIVE. Current status: DELETING.`);
    advance(STATUS_DELAY_MS);
    expectError(await kinesis('DescribeChannel', { ChannelARN: channelArn('ch') }), 'ResourceNotFoundException', `Channel ch under account ${ACCOUNT} not found.`);
    expect(ok(await kinesis('ListChannels', {})).ChannelSummaries).toEqual([]);
    expect(ok(await kinesis('CreateChannel', request('ch', 'src'))).ChannelDescription.ChannelStatus).toBe('CREATING');
  });

  it('shows FAILED with a reason for what it cannot deliver (ZSTD)', async () => {
    await onDemand('src');
    ok(await kinesis('CreateChannel', request('z', 'src', { S3DestinationConfiguration: { StorageConfiguration: storage('zst', { CompressionType: 'ZSTD' }) } })));
    advance(STATUS_DELAY_MS);
    const d = await describeChannel('z');
    expect(d.ChannelStatus).toBe('FAILED');
    expect(d.ChannelStatusReason).toBe('kinesis-edge does not write ZSTD-compressed objects; use GZIP or NONE.');
    expectEmptyOk(await kinesis('DeleteChannel', { ChannelARN: channelArn('z') }));
  });

  it('lists by name, filtered by stream, in pages', async () => {
    for (const stream of ['a', 'a2', 'a3', 'b']) await onDemand(stream);
    // One S3 channel per stream (AWS's quota), so each its own stream.
    ok(await kinesis('CreateChannel', request('c3', 'a3')));
    ok(await kinesis('CreateChannel', request('c1', 'a')));
    ok(await kinesis('CreateChannel', request('c2', 'a2')));
    ok(await kinesis('CreateChannel', request('d1', 'b')));
    const first = ok(await kinesis('ListChannels', { MaxResults: 2 }));
    expect(first.ChannelSummaries.map((c: { ChannelName: string }) => c.ChannelName)).toEqual(['c1', 'c2']);
    expect(first.ChannelSummaries[0]).toMatchObject({ ChannelARN: channelArn('c1'), ChannelStatus: 'CREATING', ChannelDestinationType: 'S3', Streams: [{ StreamARN: streamArn('a') }] });
    const second = ok(await kinesis('ListChannels', { MaxResults: 2, NextToken: first.NextToken }));
    expect(second.ChannelSummaries.map((c: { ChannelName: string }) => c.ChannelName)).toEqual(['c3', 'd1']);
    expect(second.NextToken).toBeUndefined();
    const filtered = ok(await kinesis('ListChannels', { StreamFilter: [{ StreamARN: streamArn('b') }] }));
    expect(filtered.ChannelSummaries.map((c: { ChannelName: string }) => c.ChannelName)).toEqual(['d1']);
  });
});

describe('delivery into R2', () => {
  it('a record put without a PartitionKey (AUTO) and refused by the format goes to the dead-letter prefix without partitionKey', async () => {
    await onDemand('src');
    expectEmptyOk(await kinesis('UpdateStreamRecordDistributionStrategy', { StreamARN: streamArn('src'), RecordDistributionStrategy: 'AUTO' }));
    const ch = await activeChannel('ch', 'src', { S3DestinationConfiguration: { StorageConfiguration: storage('bkt', { OutputKeyTemplate: 'out/' }) } });
    const bad = ok(await kinesis('PutRecord', { StreamName: 'src', Data: b64('not json') }));
    expect(await runDurableObjectAlarm(channelObject())).toBe(true);
    const dead = await objects(`bkt/kinesis-channel/errors/ch/${ch.ChannelId}/`);
    expect(dead).toHaveLength(1);
    const line = JSON.parse(dead[0].text.trim());
    // GetRecords omits PartitionKey for such a record (_Record); the dead-letter line does likewise.
    expect(Object.keys(line).sort()).toEqual(['approximateArrivalTimestamp', 'data', 'errorMessage', 'sequenceNumber']);
    expect(line).toMatchObject({ errorMessage: 'Record is not a valid JSON document.', sequenceNumber: bad.SequenceNumber, data: b64('not json') });
  });

  it('writes records that arrived once ACTIVE, in order, once; invalid JSON goes to the dead-letter prefix', async () => {
    await onDemand('src');
    ok(await kinesis('PutRecord', { StreamName: 'src', PartitionKey: 'k', Data: b64('{"before":true}') }));
    const ch = await activeChannel('ch', 'src', { S3DestinationConfiguration: { StorageConfiguration: storage('bkt', { OutputKeyTemplate: 'out/!{channel-name}/' }) } });
    const lines = ['{"n":1}', 'not json', '{"n":2}', '{"n":3}'];
    const entries = lines.map((l) => ({ PartitionKey: 'k', Data: b64(l) }));
    const put = ok(await kinesis('PutRecords', { StreamName: 'src', Records: entries }));
    expect(await runDurableObjectAlarm(channelObject())).toBe(true);
    const delivered = await objects('bkt/out/ch/');
    expect(delivered).toHaveLength(1);
    const shard = put.Records[0].ShardId as string;
    expect(delivered[0].key).toBe(`bkt/out/ch/-${shard}-${put.Records[0].SequenceNumber}.json`);
    expect(delivered[0].text).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
    const dead = await objects(`bkt/kinesis-channel/errors/ch/${ch.ChannelId}/`);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0].text.trim())).toMatchObject({ errorMessage: 'Record is not a valid JSON document.', sequenceNumber: put.Records[1].SequenceNumber, data: b64('not json') });
    // The next round finds nothing new: no second copy.
    expect(await runDurableObjectAlarm(channelObject())).toBe(true);
    expect(await objects('bkt/out/ch/')).toHaveLength(1);
    ok(await kinesis('PutRecord', { StreamName: 'src', PartitionKey: 'k', Data: b64('{"n":4}') }));
    expect(await runDurableObjectAlarm(channelObject())).toBe(true);
    const after = await objects('bkt/out/ch/');
    expect(after.map((o) => o.text).sort()).toEqual(['{"n":1}\n{"n":2}\n{"n":3}\n', '{"n":4}\n'].sort());
  });

  it('uses AWS default key template and GZIP', async () => {
    await onDemand('src');
    const ch = await activeChannel('ch', 'src', { S3DestinationConfiguration: { StorageConfiguration: storage('gzb', { CompressionType: 'GZIP' }) } }, 'STRING');
    const put = ok(await kinesis('PutRecord', { StreamName: 'src', PartitionKey: 'k', Data: b64('plain text') }));
    expect(await runDurableObjectAlarm(channelObject())).toBe(true);
    const listed = await bindings.CHANNEL_BUCKET.list({ prefix: 'gzb/' });
    expect(listed.objects.map((o) => o.key)).toEqual([
      `gzb/kinesis-channel/ch/${ch.ChannelId}/2040/01/01/00/ch-${ch.ChannelId}-2040-01-01-00-00-${put.ShardId}-${put.SequenceNumber}.txt.gz`,
    ]);
    const body = await (await bindings.CHANNEL_BUCKET.get(listed.objects[0].key))!.arrayBuffer();
    expect(await new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream('gzip'))).text()).toBe('plain text\n');
  });
});

describe('where channels show on the stream', () => {
  const summary = async (name: string) => ok(await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary;

  it('DescribeStreamSummary counts the channels reading the stream in ChannelCount, DELETING ones until they are gone', async () => {
    await onDemand('src');
    await onDemand('other');
    expect((await summary('src')).ChannelCount).toBe(0);
    await activeChannel('ch', 'src');
    ok(await kinesis('CreateChannel', tablesRequest('ch2', 'src')));
    expect((await summary('src')).ChannelCount).toBe(2);
    expect((await summary('other')).ChannelCount).toBe(0);
    expectEmptyOk(await kinesis('DeleteChannel', { ChannelARN: channelArn('ch') }));
    expect((await summary('src')).ChannelCount).toBe(2);
    advance(STATUS_DELAY_MS);
    expect((await summary('src')).ChannelCount).toBe(1);
  });

  it('DeleteStream is refused while a channel reads the stream (CREATING, ACTIVE or FAILED), and accepted once it is DELETING', async () => {
    await onDemand('src');
    ok(await kinesis('CreateChannel', request('ch', 'src')));
    const refused = { type: 'ResourceInUseException', message: `Stream src under account ${ACCOUNT} has channels reading it. Delete the channels first (ListChannels with a StreamFilter finds them).` };
    expectError(await kinesis('DeleteStream', { StreamName: 'src' }), refused.type, refused.message);
    advance(STATUS_DELAY_MS);
    expectError(await kinesis('DeleteStream', { StreamARN: streamArn('src') }), refused.type, refused.message);
    expectEmptyOk(await kinesis('DeleteChannel', { ChannelARN: channelArn('ch') }));
    ok(await kinesis('CreateChannel', request('z', 'src', { S3DestinationConfiguration: { StorageConfiguration: storage('zst', { CompressionType: 'ZSTD' }) } })));
    advance(STATUS_DELAY_MS);
    expect((await describeChannel('z')).ChannelStatus).toBe('FAILED');
    expectError(await kinesis('DeleteStream', { StreamName: 'src' }), refused.type, refused.message);
    expectEmptyOk(await kinesis('DeleteChannel', { ChannelARN: channelArn('z') }));
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'src' }));
    expect((await summary('src')).StreamStatus).toBe('DELETING');
  });

  it('a channel of an earlier stream of the same name neither counts nor refuses', async () => {
    await onDemand('src');
    await activeChannel('ch', 'src');
    // The channel object fails the channel once its stream is gone; here the stream is deleted under it through
    // the account object, as a race between DeleteStream and CreateChannel could leave it.
    await bindings.ACCOUNT.getByName(`${ACCOUNT}:us-east-1`).deleteStream({ account: ACCOUNT, region: 'us-east-1' }, 'src', Date.now(), STATUS_DELAY_MS, false);
    advance(STATUS_DELAY_MS + 1);
    await onDemand('src');
    expect((await summary('src')).ChannelCount).toBe(0);
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'src' }));
  });

  it('gives DescribeLimits the channel count and limit of the account', async () => {
    await onDemand('src');
    await onDemand('src2');
    ok(await kinesis('CreateChannel', request('a', 'src')));
    ok(await kinesis('CreateChannel', request('b', 'src2')));
    expect(await channelObject().limits(Date.now())).toEqual({ channelCount: 2, channelCountLimit: 1000 });
    expect(ok(await kinesis('DescribeLimits', {}))).toMatchObject({ ChannelCount: 2, ChannelCountLimit: 1000 });
    advance(STATUS_DELAY_MS);
    expectEmptyOk(await kinesis('DeleteChannel', { ChannelARN: channelArn('a') }));
    advance(STATUS_DELAY_MS);
    expect(await channelObject().limits(Date.now())).toEqual({ channelCount: 1, channelCountLimit: 1000 });
    expect(ok(await kinesis('DescribeLimits', {}))).toMatchObject({ ChannelCount: 1, ChannelCountLimit: 1000 });
  });
});

describe('delivery alarm', () => {
  const due = () => runInDurableObject(channelObject(), (_o, state) => state.storage.getAlarm());
  /** Moves the clock to the alarm's time, runs it, and answers how long after it the next one is due. */
  async function round(): Promise<number> {
    const at = await due();
    expect(at).not.toBeNull();
    vi.setSystemTime(at!);
    expect(await runDurableObjectAlarm(channelObject())).toBe(true);
    return (await due())! - at!;
  }

  it('comes every second while records come, backs off by doubling while none do, up to DataFreshnessInSeconds', async () => {
    await onDemand('src');
    const created = Date.now();
    ok(await kinesis('CreateChannel', request('ch', 'src')));
    // The first round is due when the channel turns ACTIVE (or a second after creation, whichever is later).
    expect(await due()).toBe(created + Math.max(STATUS_DELAY_MS, 1000));
    const idle: number[] = [];
    for (let i = 0; i < 10; i++) idle.push(await round());
    expect(idle).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((s) => s * 1000));
    ok(await kinesis('PutRecord', { StreamName: 'src', PartitionKey: 'k', Data: b64('{"n":1}') }));
    expect(await round()).toBe(1000);
    expect((await objects('my-bucket/')).map((o) => o.text)).toEqual(['{"n":1}\n']);
    expect(await round()).toBe(2000);
    // A longer DataFreshnessInSeconds lets it wait longer; UpdateChannel starts the back-off again.
    ok(await kinesis('UpdateChannel', { ChannelARN: channelArn('ch'), S3DestinationConfiguration: { DataFreshnessInSeconds: 900 } }));
    const after: number[] = [];
    for (let i = 0; i < 11; i++) after.push(await round());
    expect(after).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900].map((s) => s * 1000));
  });

  it('is due no later than a new channel turns ACTIVE, however far an idle account backed off', async () => {
    await onDemand('src');
    await onDemand('src2');
    ok(await kinesis('CreateChannel', request('ch', 'src')));
    for (let i = 0; i < 9; i++) await round();
    const created = Date.now();
    ok(await kinesis('CreateChannel', request('ch2', 'src2')));
    expect(await due()).toBe(created + Math.max(STATUS_DELAY_MS, 1000));
  });

  it('stops once no channel is left', async () => {
    await onDemand('src');
    await activeChannel('ch', 'src');
    expectEmptyOk(await kinesis('DeleteChannel', { ChannelARN: channelArn('ch') }));
    advance(STATUS_DELAY_MS);
    const at = await due();
    vi.setSystemTime(Math.max(at!, Date.now()));
    expect(await runDurableObjectAlarm(channelObject())).toBe(true);
    expect(await due()).toBeNull();
  });
});
