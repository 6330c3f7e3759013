// `verify` mode through the Worker: tenants by key and secret, each in its own account; two tenants see nothing of
// each other's streams, iterators or NextTokens; iterators are sealed with a deployment key, never the public one;
// quotas on streams, open shards and requests per second answer AWS's errors; `open` mode stays as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeIterator, encodeIterator } from '../../src/model/iterator';
import { LOCAL_ITERATOR_KEY } from '../../src/config';
import { clearRateState, clearTenantCache } from '../../src/auth/tenants';
import { advance, b64, expectError, freshStart, kinesis, ok, restoreClock, STATUS_DELAY_MS } from '../helpers/kinesis';
import { call, fetchApp, verifyEnv, type Who } from './verify-helpers';

const A: Who = { accessKeyId: 'AKIATENANTA000000001', secretAccessKey: 'secret-a' };
const B: Who = { accessKeyId: 'AKIATENANTB000000002', secretAccessKey: 'secret-b' };
const LIMITED: Who = { accessKeyId: 'AKIALIMITED000000003', secretAccessKey: 'secret-l' };
const SLOW: Who = { accessKeyId: 'AKIASLOW000000000004', secretAccessKey: 'secret-s' };
const env = verifyEnv([
  { ...A, account: '111111111111' },
  { ...B, account: '222222222222' },
  { ...LIMITED, account: '333333333333', quotas: { streams: 2, openShards: 3 } },
  { ...SLOW, account: '444444444444', quotas: { requestsPerSecond: 3 } },
]);

beforeEach(async () => {
  await freshStart();
  clearRateState();
  clearTenantCache();
});
afterEach(() => restoreClock());

async function activeStream(who: Who, name: string, shards = 1) {
  expect((await call(env, who, 'CreateStream', { StreamName: name, ShardCount: shards })).status).toBe(200);
  advance(STATUS_DELAY_MS + 1);
}

describe('verify mode', () => {
  it('serves a tenant with the right secret, in its own account', async () => {
    await activeStream(A, 'orders');
    const summary = ok(await call(env, A, 'DescribeStreamSummary', { StreamName: 'orders' })).StreamDescriptionSummary;
    expect(summary.StreamARN).toBe('arn:aws:kinesis:us-east-1:111111111111:stream/orders');
    expect(ok(await call(env, { ...A, region: 'eu-west-1' }, 'ListStreams', {})).StreamNames).toEqual([]);
  });

  it('refuses a wrong secret, an unknown key, a tampered body and a changed signed header', async () => {
    expect((await call(env, { ...A, secretAccessKey: 'secret-b' }, 'ListStreams', {})).body.__type).toBe('InvalidSignatureException');
    expectError(await call(env, { ...A, accessKeyId: 'AKIANOBODY0000000000' }, 'ListStreams', {}), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    // A 12-digit key is no longer an account of its own.
    expectError(await call(env, { accessKeyId: '111111111111', secretAccessKey: 'x' }, 'ListStreams', {}), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    const tampered = await call(env, A, 'CreateStream', { StreamName: 'a', ShardCount: 1 }, (r) => (r.body = r.body.replace('"a"', '"b"')));
    expect(tampered.body.__type).toBe('InvalidSignatureException');
    const replayed = await call(env, A, 'ListStreams', {}, (r) => (r.headers['X-Amz-Target'] = 'Kinesis_20131202.DeleteStream'));
    expect(replayed.body.__type).toBe('InvalidSignatureException');
    expect(ok(await call(env, A, 'ListStreams', {})).StreamNames).toEqual([]);
  });

  it('refuses a request whose X-Amz-Date is 6 minutes old, with AWS\'s message', async () => {
    let captured: { headers: Record<string, string>; body: string } | undefined;
    await call(env, A, 'ListStreams', {}, (r) => (captured = { headers: { ...r.headers }, body: r.body }));
    advance(6 * 60_000);
    const reply = await fetchApp(env, 'http://kinesis.test/', { method: 'POST', headers: captured!.headers, body: captured!.body });
    expect(reply.status).toBe(400);
    expect(reply.body.__type).toBe('InvalidSignatureException');
    expect(reply.body.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  it('keeps two tenants apart: streams, iterators and ListShards NextTokens', async () => {
    await activeStream(A, 'shared', 2);
    ok(await call(env, A, 'PutRecord', { StreamName: 'shared', PartitionKey: 'k', Data: b64('only for A') }));
    expectError(await call(env, B, 'DescribeStreamSummary', { StreamName: 'shared' }), 'ResourceNotFoundException', 'Stream shared under account 222222222222 not found.');
    expect(ok(await call(env, B, 'ListStreams', {})).StreamNames).toEqual([]);

    const iterator = ok(await call(env, A, 'GetShardIterator', { StreamName: 'shared', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
    await activeStream(B, 'shared', 2); // the same name in B's account
    // A's iterator reads A's stream: without A's resource policy allowing it, B is refused.
    expect((await call(env, B, 'GetRecords', { ShardIterator: iterator })).body.__type).toBe('AccessDeniedException');

    const page = ok(await call(env, A, 'ListShards', { StreamName: 'shared', MaxResults: 1 }));
    expect(ok(await call(env, A, 'ListShards', { NextToken: page.NextToken })).Shards).toHaveLength(1);
    expectError(await call(env, B, 'ListShards', { NextToken: page.NextToken }), 'InvalidArgumentException', `Invalid NextToken: ${page.NextToken}`);
  });

  it('keeps two tenants apart: consumers and ListStreamConsumers NextTokens', async () => {
    await activeStream(A, 'fan', 1);
    await activeStream(B, 'fan', 1);
    const arnA = 'arn:aws:kinesis:us-east-1:111111111111:stream/fan';
    const arnB = 'arn:aws:kinesis:us-east-1:222222222222:stream/fan';
    for (const name of ['c1', 'c2']) ok(await call(env, A, 'RegisterStreamConsumer', { StreamARN: arnA, ConsumerName: name }));
    ok(await call(env, B, 'RegisterStreamConsumer', { StreamARN: arnB, ConsumerName: 'c1' }));
    // A's stream ARN named by B: another account's resource, which no resource policy can open to ListStreamConsumers.
    expect((await call(env, B, 'ListStreamConsumers', { StreamARN: arnA })).body.__type).toBe('AccessDeniedException');
    const page = ok(await call(env, A, 'ListStreamConsumers', { StreamARN: arnA, MaxResults: 1 }));
    expect(page.Consumers.map((c: { ConsumerName: string }) => c.ConsumerName)).toEqual(['c1']);
    expect(ok(await call(env, A, 'ListStreamConsumers', { StreamARN: arnA, NextToken: page.NextToken })).Consumers.map((c: { ConsumerName: string }) => c.ConsumerName)).toEqual(['c2']);
    // The same stream name in B's account: A's token does not page B's consumers.
    expectError(await call(env, B, 'ListStreamConsumers', { StreamARN: arnB, NextToken: page.NextToken }), 'InvalidArgumentException', `Invalid NextToken: ${page.NextToken}`);
  });

  it('seals iterators with a deployment key: the public local key neither reads them nor forges one', async () => {
    await activeStream(A, 'sealed');
    ok(await call(env, A, 'PutRecord', { StreamName: 'sealed', PartitionKey: 'k', Data: b64('x') }));
    const iterator = ok(await call(env, A, 'GetShardIterator', { StreamName: 'sealed', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
    expect(decodeIterator(iterator, LOCAL_ITERATOR_KEY)).toBeNull();
    expect(ok(await call(env, A, 'GetRecords', { ShardIterator: iterator })).Records).toHaveLength(1);

    const created = ok(await call(env, A, 'DescribeStreamSummary', { StreamName: 'sealed' })).StreamDescriptionSummary.StreamCreationTimestamp;
    const forged = encodeIterator(
      { account: '111111111111', region: 'us-east-1', streamName: 'sealed', streamCreatedAt: Math.round(created * 1000), shardIndex: 0, afterCounter: -1n, issuedAt: Date.now() },
      LOCAL_ITERATOR_KEY,
    );
    expectError(await call(env, A, 'GetRecords', { ShardIterator: forged }), 'InvalidArgumentException', 'Invalid ShardIterator.');
  });

  it('quotas: streams and open shards answer LimitExceededException with AWS\'s wording', async () => {
    expectError(
      await call(env, LIMITED, 'CreateStream', { StreamName: 'big', ShardCount: 4 }),
      'LimitExceededException',
      'This request would exceed the shard limit for the account 333333333333 in us-east-1. Current shard count for the account: 0. Limit: 3. ' +
        'Number of additional shards that would have resulted from this request: 4. Refer to the AWS Service Limits page ' +
        '(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.',
    );
    await activeStream(LIMITED, 's1');
    await activeStream(LIMITED, 's2');
    expectError(
      await call(env, LIMITED, 'CreateStream', { StreamName: 's3', ShardCount: 1 }),
      'LimitExceededException',
      'This request would exceed the stream limit for the account 333333333333 in us-east-1. Current stream count for the account: 2. Limit: 2.',
    );
    // A split past the open-shard quota is refused the same way (3 open: 2 streams of 1, then 1 more).
    const split = await call(env, LIMITED, 'UpdateShardCount', { StreamName: 's1', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' });
    expect(split.body.__type).toBe('LimitExceededException');
  });

  it('quotas: requests per second answer ProvisionedThroughputExceededException, and refill with time', async () => {
    for (let i = 0; i < 3; i++) expect((await call(env, SLOW, 'ListStreams', {})).status).toBe(200);
    expectError(await call(env, SLOW, 'ListStreams', {}), 'ProvisionedThroughputExceededException', 'Rate exceeded for account 444444444444.');
    // Another tenant is not slowed.
    expect((await call(env, A, 'ListStreams', {})).status).toBe(200);
    advance(1000);
    expect((await call(env, SLOW, 'ListStreams', {})).status).toBe(200);
  });
});

describe('open mode (the test config)', () => {
  it('still reads signatures without checking them', async () => {
    expect((await kinesis('ListStreams', {}, { accessKey: '111111111111' })).status).toBe(200);
  });
});
