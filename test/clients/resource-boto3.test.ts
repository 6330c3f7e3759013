// boto3 against a server in verify mode with two tenants: tags and resource policies by ARN on streams and consumers
// (TagResource, UntagResource, ListTagsForResource, Put/Get/DeleteResourcePolicy), and cross-account access that only
// the owner's policy gives (https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeTool, root, run, startServer, type Server } from './server';
import { uniqueName } from './sdk';

const A = { key: 'AKIARESOURCEA0000001', secret: 'secret-a', account: '111111111111' };
const B = { key: 'AKIARESOURCEB0000002', secret: 'secret-b', account: '222222222222' };

let server: Server | undefined;
let missing: string | undefined;

beforeAll(async () => {
  missing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
  if (missing) return;
  server = await startServer({
    createStreamMs: 0,
    deleteStreamMs: 0,
    ignoreExternal: true,
    args: ['--auth', 'verify', '--tenant', `${A.key}:${A.secret}:${A.account}`, '--tenant', `${B.key}:${B.secret}:${B.account}`],
  });
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

const denied = (action: string, arn: string) => ({
  code: 'AccessDeniedException',
  status: 400,
  message: `User: arn:aws:iam::${B.account}:root is not authorized to perform: kinesis:${action} on resource: ${arn} because no resource-based policy allows the kinesis:${action} action`,
});

describe('boto3, two verified tenants', () => {
  test("tags and policies by ARN; B reaches A's stream and consumer only through A's policies", async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('shared');
    const r = await run('python3', [path.join(root, 'test', 'clients', 'python', 'resources.py'), server!.url, A.key, A.secret, B.key, B.secret, name], { timeoutMs: 90_000 });
    if (r.code !== 0) throw new Error(`resources.py exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    const out = JSON.parse(r.stdout);
    const arn = `arn:aws:kinesis:us-east-1:${A.account}:stream/${name}`;
    expect(out.arn).toBe(arn);
    expect(out.streamTags).toEqual([{ Key: 'team', Value: 'data' }]);
    expect(out.streamTagsByName).toEqual([{ Key: 'team', Value: 'data' }]);
    expect(out.consumerTags).toEqual([
      { Key: 'owner', Value: 'a' },
      { Key: 'tier', Value: 'gold' },
    ]);
    expect(out.tooManyCharacters).toEqual({ code: 'InvalidArgumentException', status: 400, message: 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.' });
    expect(out.policyBefore).toBe('{}');
    expect(out.deleteAbsent).toEqual({ code: 'ResourceNotFoundException', status: 400, message: `No resource policy found for resource ARN ${arn}.` });
    expect(out.badPolicy).toEqual({ code: 'InvalidArgumentException', status: 400, message: 'Missing required field Statement' });
    expect(out.deniedBefore).toEqual(denied('DescribeStreamSummary', arn));
    expect(out.policyRoundTrip).toBe(true);
    expect(out.summaryForB).toBe(arn);
    expect(out.readByB).toEqual(['from B', 'batch from B']);
    expect(out.readByA).toEqual(['from B', 'batch from B']);
    expect(out.tagByB).toEqual(denied('TagResource', arn));
    expect(out.policyByB).toEqual(denied('GetResourcePolicy', arn));
    expect(out.bHasNoStreams).toEqual([]);
    const consumerArn = expect.stringMatching(new RegExp(`^${arn}/consumer/shared-app:\\d+$`));
    expect(out.subscribeDenied).toMatchObject({ code: 'AccessDeniedException', status: 400 });
    expect(out.subscribeDenied.message).toEqual(expect.stringContaining(`kinesis:SubscribeToShard on resource: `));
    expect(out.subscribeDenied.message.split(' ')[10]).toEqual(consumerArn);
    expect(out.consumerPolicy).toEqual(['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard']);
    expect(out.subscribedByB).toEqual(['from B', 'batch from B']);
    expect(out.policyAfter).toBe('{}');
    expect(out.deniedAfter).toEqual(denied('PutRecord', arn));
  });
});
