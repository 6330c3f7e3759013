// The AWS CLI against a server in verify mode: with the tenant's key and secret in its environment it creates, writes
// and reads; with another secret it is refused with AWS's InvalidSignatureException, with an unknown key with
// UnrecognizedClientException.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeTool, run, startServer, type Server } from './server';
import { poll, uniqueName } from './sdk';

const KEY = 'AKIAVERIFYCLI0000001';
const SECRET = 'cli-secret/with+chars';
const ACCOUNT = '303030303030';

let server: Server;
let missing: string | undefined;

beforeAll(async () => {
  missing = await probeTool('aws', ['--version'], 'the AWS CLI (`aws`)');
  if (!missing) server = await startServer({ createStreamMs: 0, ignoreExternal: true, args: ['--auth', 'verify', '--tenant', `${KEY}:${SECRET}:${ACCOUNT}`] });
});
afterAll(async () => {
  await server?.stop();
});

function aws(key: string, secret: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: key,
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  return run('aws', ['--endpoint-url', server.url, '--output', 'json', 'kinesis', ...args], { env, timeoutMs: 30_000 });
}

describe('AWS CLI in verify mode', () => {
  test('the tenant\'s key and secret create, write and read; its stream is in its account', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('cli-verify');
    expect((await aws(KEY, SECRET, 'create-stream', '--stream-name', name, '--shard-count', '1')).code).toBe(0);
    const summary = await poll(`${name} ACTIVE`, async () => {
      const r = await aws(KEY, SECRET, 'describe-stream-summary', '--stream-name', name);
      const s = r.code === 0 ? JSON.parse(r.stdout).StreamDescriptionSummary : undefined;
      return s?.StreamStatus === 'ACTIVE' ? s : undefined;
    });
    expect(summary.StreamARN).toBe(`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`);
    const put = await aws(KEY, SECRET, 'put-record', '--stream-name', name, '--partition-key', 'k', '--data', 'hello');
    expect(put.code).toBe(0);
    const shardId = JSON.parse(put.stdout).ShardId;
    const it = JSON.parse((await aws(KEY, SECRET, 'get-shard-iterator', '--stream-name', name, '--shard-id', shardId, '--shard-iterator-type', 'TRIM_HORIZON')).stdout).ShardIterator;
    const got = JSON.parse((await aws(KEY, SECRET, 'get-records', '--shard-iterator', it)).stdout);
    expect(got.Records.map((r: { Data: string }) => Buffer.from(r.Data, 'base64').toString())).toEqual(['hello']);
  });

  test('another secret and an unknown key are refused with AWS\'s errors', async ({ skip }) => {
    if (missing) skip(missing);
    const wrong = await aws(KEY, 'not-the-secret', 'list-streams');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('An error occurred (InvalidSignatureException) when calling the ListStreams operation: The request signature we calculated does not match the signature you provided.');
    const unknown = await aws('AKIAUNKNOWN000000000', SECRET, 'list-streams');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('An error occurred (UnrecognizedClientException) when calling the ListStreams operation: The security token included in the request is invalid.');
  });
});
