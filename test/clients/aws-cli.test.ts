// The AWS CLI v1 (`aws --endpoint-url URL kinesis ...`) against a really started server, JSON outputs parsed.
// CLI v1 has no --cli-binary-format: it sends the --data string's UTF-8 bytes (botocore base64-encodes them).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-kinesis';
import { probeTool, run, startServer, type Server } from './server';
import { kinesisClient, poll, uniqueName } from './sdk';

let server: Server;
let missing: string | undefined;

const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LANG: 'C.UTF-8',
  PYTHONUTF8: '1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'dummy-secret',
  AWS_DEFAULT_REGION: 'us-east-1',
  // No user config or instance metadata may change what the CLI sends.
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

beforeAll(async () => {
  missing = await probeTool('aws', ['--version'], 'the AWS CLI (`aws`)');
  if (!missing) server = await startServer({ createStreamMs: 0, deleteStreamMs: 0 });
});
afterAll(async () => {
  await server?.stop();
});

async function aws(...args: string[]) {
  return run('aws', ['--endpoint-url', server.url, '--output', 'json', 'kinesis', ...args], { env, timeoutMs: 30_000 });
}
async function awsJson(...args: string[]): Promise<any> {
  const r = await aws(...args);
  if (r.code !== 0) throw new Error(`aws kinesis ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout);
}

describe('AWS CLI v1', () => {
  test('creates, lists, writes, reads back exactly the bytes of --data, and deletes a stream', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('cli');

    const created = await aws('create-stream', '--stream-name', name, '--shard-count', '1');
    expect(created).toMatchObject({ code: 0, stdout: '' });
    const summary = await poll(`${name} ACTIVE`, async () => {
      const out = await awsJson('describe-stream-summary', '--stream-name', name);
      return out.StreamDescriptionSummary.StreamStatus === 'ACTIVE' ? out.StreamDescriptionSummary : undefined;
    });
    expect(summary).toMatchObject({ StreamName: name, StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`, OpenShardCount: 1, RetentionPeriodHours: 24 });

    const listed = await awsJson('list-streams');
    expect(listed.StreamNames).toContain(name);
    // The CLI pages ListStreams itself (HasMoreStreams/NextToken are consumed), so only the merged lists show.
    expect(listed.StreamSummaries).toContainEqual(expect.objectContaining({ StreamName: name, StreamStatus: 'ACTIVE', StreamARN: summary.StreamARN }));

    const payloads = ['hello from the CLI', 'h\u00e9llo \u2713 {"json": [1, 2]}'];
    const puts: any[] = [];
    for (const [i, data] of payloads.entries()) {
      puts.push(await awsJson('put-record', '--stream-name', name, '--partition-key', `pk-${i}`, '--data', data));
    }
    for (const put of puts) expect(put).toEqual({ ShardId: 'shardId-000000000000', SequenceNumber: expect.stringMatching(/^[1-9]\d*$/) });
    expect(BigInt(puts[1].SequenceNumber)).toBeGreaterThan(BigInt(puts[0].SequenceNumber));

    const { ShardIterator } = await awsJson('get-shard-iterator', '--stream-name', name, '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'TRIM_HORIZON');
    expect(typeof ShardIterator).toBe('string');
    const got = await awsJson('get-records', '--shard-iterator', ShardIterator);
    expect(got.MillisBehindLatest).toBe(0);
    expect(typeof got.NextShardIterator).toBe('string');
    expect(got.Records.map((r: any) => [r.SequenceNumber, r.PartitionKey])).toEqual(puts.map((p, i) => [p.SequenceNumber, `pk-${i}`]));
    // The CLI prints Data as base64 of the stored bytes: the UTF-8 bytes of --data, not its base64 decoding.
    expect(got.Records.map((r: any) => Buffer.from(r.Data, 'base64').toString('utf8'))).toEqual(payloads);

    // The SDK sees the same bytes.
    const sdk = kinesisClient(server.url);
    const it = await sdk.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    const viaSdk = await sdk.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
    expect(viaSdk.Records!.map((r) => Buffer.from(r.Data!))).toEqual(payloads.map((p) => Buffer.from(p, 'utf8')));
    sdk.destroy();

    expect(await aws('delete-stream', '--stream-name', name)).toMatchObject({ code: 0, stdout: '' });
    const missingStream = await poll(`${name} gone`, async () => {
      const r = await aws('describe-stream-summary', '--stream-name', name);
      return r.code !== 0 ? r : undefined;
    });
    expect(missingStream.code).toBe(255);
    expect(missingStream.stderr.trim()).toBe(
      `An error occurred (ResourceNotFoundException) when calling the DescribeStreamSummary operation: Stream ${name} under account 000000000000 not found.`,
    );
  });
});
