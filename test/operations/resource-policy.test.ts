// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy on stream and consumer ARNs
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html), and what a policy lets
// another account do (https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, putRecord, restoreClock, shardIterator, waitForGone } from '../helpers/kinesis';
import { NOT_NULL, detected, item, notFound } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

const OWNER = { accessKey: '111111111111' };
const OTHER = { accessKey: '222222222222' };
const THIRD = { accessKey: '333333333333' };
const streamArn = (name: string, account = '111111111111') => `arn:aws:kinesis:us-east-1:${account}:stream/${name}`;
const policyDoc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const grant = (resource: string, actions: string | string[], principal: object | string = { AWS: '222222222222' }) =>
  policyDoc([{ Sid: 'share', Effect: 'Allow', Principal: principal, Action: actions, Resource: resource }]);
const denied = (account: string, action: string, arn: string, why = `because no resource-based policy allows the kinesis:${action} action`) => ({
  type: 'AccessDeniedException',
  message: `User: arn:aws:iam::${account}:root is not authorized to perform: kinesis:${action} on resource: ${arn} ${why}`,
});
const put = (arn: string, policy: string, opts = OWNER) => kinesis('PutResourcePolicy', { ResourceARN: arn, Policy: policy }, opts);
const getPolicy = async (arn: string, opts = OWNER) => ok(await kinesis('GetResourcePolicy', { ResourceARN: arn }, opts)).Policy;
const b64 = (s: string) => Buffer.from(s).toString('base64');

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('PutResourcePolicy', [
    ['needs ResourceARN and Policy', {}, detected(item(null, 'resourceARN', NOT_NULL), item(null, 'policy', NOT_NULL))],
    ['answers not found for a missing stream', { ResourceARN: streamArn('ghost', '000000000000'), Policy: grant('*', 'kinesis:*') }, notFound('ghost')],
    [
      'refuses a policy that is not JSON',
      { ResourceARN: streamArn('p1', '000000000000'), Policy: 'not json' },
      { type: 'InvalidArgumentException', message: 'Syntax errors in policy.' },
      () => createActiveStream('p1'),
    ],
    [
      'refuses a statement without a principal',
      { ResourceARN: streamArn('p2', '000000000000'), Policy: policyDoc([{ Effect: 'Allow', Action: 'kinesis:*', Resource: '*' }]) },
      { type: 'InvalidArgumentException', message: 'Missing required field Principal' },
      () => createActiveStream('p2'),
    ],
    [
      "refuses another service's action",
      { ResourceARN: streamArn('p3', '000000000000'), Policy: grant('*', 's3:GetObject') },
      { type: 'InvalidArgumentException', message: 'Policy has invalid action' },
      () => createActiveStream('p3'),
    ],
  ]);
  itRefuses('GetResourcePolicy', [
    ['needs ResourceARN', {}, detected(item(null, 'resourceARN', NOT_NULL))],
    ['answers not found for a missing stream', { ResourceARN: streamArn('ghost', '000000000000') }, notFound('ghost')],
  ]);
  itRefuses('DeleteResourcePolicy', [
    ['needs ResourceARN', {}, detected(item(null, 'resourceARN', NOT_NULL))],
    [
      'answers ResourceNotFoundException for a stream without a policy',
      { ResourceARN: streamArn('bare', '000000000000') },
      { type: 'ResourceNotFoundException', message: `No resource policy found for resource ARN ${streamArn('bare', '000000000000')}.` },
      () => createActiveStream('bare'),
    ],
  ]);
});

describe('policies of streams and consumers', () => {
  it('are "{}" until put, then the text as put, replaced by the next put, and gone once deleted', async () => {
    await createActiveStream('pol', 1, OWNER);
    const arn = streamArn('pol');
    expect(await getPolicy(arn)).toBe('{}');
    const first = grant(arn, 'kinesis:GetRecords');
    expectEmptyOk(await put(arn, first));
    expect(await getPolicy(arn)).toBe(first);
    const second = `  ${grant(arn, ['kinesis:PutRecord', 'kinesis:PutRecords'])}\n`;
    expectEmptyOk(await put(arn, second));
    expect(await getPolicy(arn)).toBe(second);
    expectEmptyOk(await kinesis('DeleteResourcePolicy', { ResourceARN: arn }, OWNER));
    expect(await getPolicy(arn)).toBe('{}');
    expectError(await kinesis('DeleteResourcePolicy', { ResourceARN: arn }, OWNER), 'ResourceNotFoundException', `No resource policy found for resource ARN ${arn}.`);
  });

  it("keep a consumer's policy apart from its stream's", async () => {
    await createActiveStream('cpol', 1, OWNER);
    const consumer = ok(await kinesis('RegisterStreamConsumer', { StreamARN: streamArn('cpol'), ConsumerName: 'app' }, OWNER)).Consumer.ConsumerARN;
    const policy = grant(consumer, 'kinesis:SubscribeToShard');
    expectEmptyOk(await put(consumer, policy));
    expect(await getPolicy(consumer)).toBe(policy);
    expect(await getPolicy(streamArn('cpol'))).toBe('{}');
    expectError(
      await kinesis('GetResourcePolicy', { ResourceARN: `${streamArn('cpol')}/consumer/other:1` }, OWNER),
      'ResourceNotFoundException',
      'Consumer other under stream cpol under account 111111111111 not found.',
    );
  });

  it('do not outlive their stream: a re-created stream has none', async () => {
    await createActiveStream('again', 1, OWNER);
    expectEmptyOk(await put(streamArn('again'), grant('*', 'kinesis:*')));
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'again' }, OWNER));
    await waitForGone('again', OWNER);
    await createActiveStream('again', 1, OWNER);
    expect(await getPolicy(streamArn('again'))).toBe('{}');
  });
});

describe('another account', () => {
  it('is refused everything without a policy, with AccessDeniedException naming caller, action and resource', async () => {
    await createActiveStream('private', 1, OWNER);
    const arn = streamArn('private');
    expectError(await kinesis('DescribeStreamSummary', { StreamARN: arn }, OTHER), 'AccessDeniedException', denied('222222222222', 'DescribeStreamSummary', arn).message);
    expectError(await kinesis('PutRecord', { StreamARN: arn, PartitionKey: 'k', Data: b64('x') }, OTHER), 'AccessDeniedException', denied('222222222222', 'PutRecord', arn).message);
    // A stream that does not exist is refused alike: nothing tells another account what exists.
    expectError(await kinesis('DescribeStreamSummary', { StreamARN: streamArn('nothing') }, OTHER), 'AccessDeniedException', denied('222222222222', 'DescribeStreamSummary', streamArn('nothing')).message);
  });

  it('reads and writes the stream by ARN as the policy allows, and only that', async () => {
    await createActiveStream('shared', 1, OWNER);
    const arn = streamArn('shared');
    expectEmptyOk(await put(arn, grant(arn, ['kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:Put*', 'kinesis:GetShardIterator', 'kinesis:GetRecords'])));
    const summary = ok(await kinesis('DescribeStreamSummary', { StreamARN: arn }, OTHER)).StreamDescriptionSummary;
    expect(summary.StreamARN).toBe(arn);
    const shards = ok(await kinesis('ListShards', { StreamARN: arn }, OTHER)).Shards;
    const written = ok(await kinesis('PutRecord', { StreamARN: arn, PartitionKey: 'k', Data: b64('from B') }, OTHER));
    ok(await kinesis('PutRecords', { StreamARN: arn, Records: [{ PartitionKey: 'k', Data: b64('batch from B') }] }, OTHER));
    await putRecord('shared', 'k', 'from A', OWNER);
    const iterator = ok(await kinesis('GetShardIterator', { StreamARN: arn, ShardId: shards[0].ShardId, ShardIteratorType: 'TRIM_HORIZON' }, OTHER)).ShardIterator;
    const records = ok(await kinesis('GetRecords', { ShardIterator: iterator }, OTHER)).Records;
    expect(records.map((r: { Data: string }) => Buffer.from(r.Data, 'base64').toString())).toEqual(['from B', 'batch from B', 'from A']);
    expect(records[0].SequenceNumber).toBe(written.SequenceNumber);
    // The owner reads what the other account wrote.
    const own = ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('shared', shards[0].ShardId, 'TRIM_HORIZON', {}, OWNER) }, OWNER)).Records;
    expect(own).toHaveLength(3);
    // Not allowed by the policy: DescribeStream. Never grantable: management and the policy itself.
    expectError(await kinesis('DescribeStream', { StreamARN: arn }, OTHER), 'AccessDeniedException', denied('222222222222', 'DescribeStream', arn).message);
    expectError(await kinesis('DeleteStream', { StreamARN: arn }, OTHER), 'AccessDeniedException', denied('222222222222', 'DeleteStream', arn).message);
    expectError(await put(arn, grant(arn, 'kinesis:*'), OTHER), 'AccessDeniedException', denied('222222222222', 'PutResourcePolicy', arn).message);
    expectError(await kinesis('TagResource', { ResourceARN: arn, Tags: { a: 'b' } }, OTHER), 'AccessDeniedException', denied('222222222222', 'TagResource', arn).message);
    // A third account is not the one the policy names.
    expectError(await kinesis('DescribeStreamSummary', { StreamARN: arn }, THIRD), 'AccessDeniedException', denied('333333333333', 'DescribeStreamSummary', arn).message);
    // Nothing was created in the other account: its own namespace is untouched.
    expect(ok(await kinesis('ListStreams', {}, OTHER)).StreamNames).toEqual([]);
  });

  it('loses access the moment the policy goes, even with an iterator it was given', async () => {
    await createActiveStream('revoke', 1, OWNER);
    const arn = streamArn('revoke');
    expectEmptyOk(await put(arn, grant(arn, ['kinesis:GetShardIterator', 'kinesis:GetRecords'])));
    const iterator = ok(await kinesis('GetShardIterator', { StreamARN: arn, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }, OTHER)).ShardIterator;
    ok(await kinesis('GetRecords', { ShardIterator: iterator }, OTHER));
    expectEmptyOk(await kinesis('DeleteResourcePolicy', { ResourceARN: arn }, OWNER));
    expectError(await kinesis('GetRecords', { ShardIterator: iterator }, OTHER), 'AccessDeniedException', denied('222222222222', 'GetRecords', arn).message);
  });

  it('is kept out by an explicit Deny, whatever else allows', async () => {
    await createActiveStream('deny', 1, OWNER);
    const arn = streamArn('deny');
    const policy = policyDoc([
      { Effect: 'Allow', Principal: '*', Action: 'kinesis:*', Resource: arn },
      { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kinesis:PutRecord', Resource: '*' },
    ]);
    expectEmptyOk(await put(arn, policy));
    expectError(
      await kinesis('PutRecord', { StreamARN: arn, PartitionKey: 'k', Data: b64('x') }, OTHER),
      'AccessDeniedException',
      denied('222222222222', 'PutRecord', arn, 'with an explicit deny in a resource-based policy').message,
    );
    ok(await kinesis('PutRecord', { StreamARN: arn, PartitionKey: 'k', Data: b64('x') }, THIRD));
  });

  it("describes a consumer by its ARN only as the consumer's own policy allows", async () => {
    await createActiveStream('cshare', 1, OWNER);
    const consumer = ok(await kinesis('RegisterStreamConsumer', { StreamARN: streamArn('cshare'), ConsumerName: 'app' }, OWNER)).Consumer.ConsumerARN;
    // The stream's policy does not reach its consumers.
    expectEmptyOk(await put(streamArn('cshare'), grant('*', 'kinesis:*')));
    expectError(await kinesis('DescribeStreamConsumer', { ConsumerARN: consumer }, OTHER), 'AccessDeniedException', denied('222222222222', 'DescribeStreamConsumer', consumer).message);
    expectEmptyOk(await put(consumer, grant(consumer, ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'])));
    expect(ok(await kinesis('DescribeStreamConsumer', { ConsumerARN: consumer }, OTHER)).ConsumerDescription.ConsumerARN).toBe(consumer);
  });

  it('is not let in through an ARN of another region', async () => {
    await createActiveStream('east', 1, OWNER);
    const west = 'arn:aws:kinesis:us-west-2:111111111111:stream/east';
    expectError(await kinesis('DescribeStreamSummary', { StreamARN: west }, OTHER), 'ResourceNotFoundException', 'Stream east under account 111111111111 not found.');
  });
});
