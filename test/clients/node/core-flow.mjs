// The core Kinesis flow through the AWS SDK for JavaScript v3, as a user writes it, reporting what the server said
// as plain JSON. The one flow the client suites share: test/clients/sdk-v3.test.ts runs it over HTTP/1.1 against
// each target of test/clients/flow/targets.ts, test/clients/sdk-h2.test.ts over h2c and TLS, and as a child process
// (`node core-flow.mjs URL NAME`) so the client there has nothing but endpoint, region and credentials (TLS trust
// comes from NODE_EXTRA_CA_CERTS). Must not assert: the suites check the report (expectFlowReport in
// test/clients/flow/core.ts), the same way for every run.
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RemoveTagsFromStreamCommand,
} from '@aws-sdk/client-kinesis';
import http2 from 'node:http2';
import { pathToFileURL } from 'node:url';

export const HASH_MAX = ((1n << 128n) - 1n).toString();

/** The payloads the flow writes, in the order a TRIM_HORIZON read returns them per shard. */
export function payloads() {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const reversed = Buffer.from(all).reverse();
  const big = Buffer.alloc(70_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 131 + 7) & 0xff;
  return {
    single: all, // PutRecord, ExplicitHashKey 0 -> shard 0
    batch: [
      { Data: reversed, PartitionKey: 'batch-0', ExplicitHashKey: '0' }, // shard 0
      { Data: Buffer.from([0x00]), PartitionKey: 'batch-1', ExplicitHashKey: HASH_MAX }, // shard 1
      { Data: big, PartitionKey: 'batch-2', ExplicitHashKey: HASH_MAX }, // shard 1
    ],
  };
}

/**
 * Counts what goes through node:http2's connect while installed: sessions (with their ALPN protocol, 'h2c' in
 * cleartext) and requests on them. The SDK's NodeHttp2Handler calls http2.connect, so this sees its traffic.
 */
export function watchHttp2() {
  const original = http2.connect;
  const stats = { sessions: 0, requests: 0, protocols: [], authorities: [] };
  http2.connect = function connect(authority, ...rest) {
    const session = original.call(this, authority, ...rest);
    stats.sessions++;
    stats.authorities.push(String(authority));
    session.once('connect', () => stats.protocols.push(session.alpnProtocol));
    const request = session.request;
    session.request = function (...args) {
      stats.requests++;
      return request.apply(this, args);
    };
    return session;
  };
  return {
    stats,
    restore: () => {
      http2.connect = original;
    },
  };
}

const hex = (data) => Buffer.from(data ?? []).toString('hex');

/** Runs the flow on `client` with a fresh stream `name`; resolves to a JSON-safe report of every answer. */
export async function coreFlow(client, name, { timeoutMs = 20_000 } = {}) {
  let calls = 0;
  const send = (command) => {
    calls++;
    return client.send(command);
  };
  const errorOf = (err) => ({ name: err?.name, message: err?.message, status: err?.$metadata?.httpStatusCode });
  const until = async (what, probe) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const report = { name, handler: client.config.requestHandler?.constructor?.name };

  await send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
  report.statuses = [];
  await until(`${name} to be ACTIVE`, async () => {
    const { StreamDescriptionSummary: s } = await send(new DescribeStreamSummaryCommand({ StreamName: name }));
    report.statuses.push(s.StreamStatus);
    return s.StreamStatus === 'ACTIVE' ? s : undefined;
  });

  report.listed = [];
  let page = await send(new ListStreamsCommand({}));
  report.listed.push(...page.StreamNames);
  while (page.HasMoreStreams) {
    page = await send(new ListStreamsCommand({ ExclusiveStartStreamName: page.StreamNames.at(-1) }));
    report.listed.push(...page.StreamNames);
  }

  const { StreamDescription: d } = await send(new DescribeStreamCommand({ StreamName: name }));
  report.describe = {
    StreamName: d.StreamName,
    StreamARN: d.StreamARN,
    StreamStatus: d.StreamStatus,
    RetentionPeriodHours: d.RetentionPeriodHours,
    HasMoreShards: d.HasMoreShards,
    created: d.StreamCreationTimestamp?.getTime(),
    shards: d.Shards.map((s) => ({ ShardId: s.ShardId, HashKeyRange: s.HashKeyRange, StartingSequenceNumber: s.SequenceNumberRange?.StartingSequenceNumber })),
  };
  const listed = await send(new ListShardsCommand({ StreamName: name }));
  report.listShards = { ids: listed.Shards.map((s) => s.ShardId), NextToken: listed.NextToken };

  const { single, batch } = payloads();
  const put = await send(new PutRecordCommand({ StreamName: name, PartitionKey: 'single', ExplicitHashKey: '0', Data: single }));
  report.putRecord = { ShardId: put.ShardId, SequenceNumber: put.SequenceNumber };
  const puts = await send(new PutRecordsCommand({ StreamName: name, Records: batch }));
  report.putRecords = { FailedRecordCount: puts.FailedRecordCount, records: puts.Records.map((r) => ({ ShardId: r.ShardId, SequenceNumber: r.SequenceNumber, ErrorCode: r.ErrorCode })) };

  report.read = {};
  for (const ShardId of report.listShards.ids) {
    let iterator = (await send(new GetShardIteratorCommand({ StreamName: name, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    const records = [];
    await until(`${ShardId} read to its tip`, async () => {
      const got = await send(new GetRecordsCommand({ ShardIterator: iterator }));
      iterator = got.NextShardIterator;
      records.push(
        ...got.Records.map((r) => ({ SequenceNumber: r.SequenceNumber, PartitionKey: r.PartitionKey, data: hex(r.Data), arrival: r.ApproximateArrivalTimestamp?.getTime() })),
      );
      return got.Records.length === 0 && got.MillisBehindLatest === 0 ? true : undefined;
    });
    report.read[ShardId] = records;
  }

  await send(new AddTagsToStreamCommand({ StreamName: name, Tags: { team: 'data', stage: 'test' } }));
  report.tagsAdded = (await send(new ListTagsForStreamCommand({ StreamName: name }))).Tags;
  await send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: ['stage'] }));
  report.tagsLeft = (await send(new ListTagsForStreamCommand({ StreamName: name }))).Tags;

  // Raised by name, lowered and read back by the ARN DescribeStream gave: both ways of naming a stream.
  await send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 48 }));
  const raised = (await send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary.RetentionPeriodHours;
  await send(new DecreaseStreamRetentionPeriodCommand({ StreamARN: d.StreamARN, RetentionPeriodHours: 24 }));
  const lowered = (await send(new DescribeStreamSummaryCommand({ StreamARN: d.StreamARN }))).StreamDescriptionSummary.RetentionPeriodHours;
  report.retention = [raised, lowered];

  await send(new DeleteStreamCommand({ StreamName: name }));
  report.afterDelete = await until(`${name} to be deleted`, async () => {
    try {
      await send(new DescribeStreamCommand({ StreamName: name }));
      return undefined;
    } catch (err) {
      if (err?.name === 'ResourceNotFoundException') return errorOf(err);
      throw err;
    }
  });
  report.calls = calls;
  return report;
}

// As a child process: the client has endpoint, region and credentials, nothing else.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [endpoint, name] = process.argv.slice(2);
  const watch = watchHttp2();
  const client = new KinesisClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  try {
    const report = await coreFlow(client, name);
    process.stdout.write(JSON.stringify({ ...report, http2: watch.stats }));
  } finally {
    client.destroy();
  }
}
