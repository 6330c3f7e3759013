// THROTTLE=aws, control plane (src/operations/control-rates.ts): AWS's documented transactions per second, counted per
// whole second of the fake clock in this one isolate. The exact __type and message on the wire, the next second
// passing, per-stream budgets that do not leak across streams or accounts, validation errors first, and off mode
// never refusing. The app is called with this suite's env.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import type { Env } from '../../src/env';
import { JSON_11, TARGET_PREFIX, advance, bindings, createActiveStream, expectError, freshStart, ok, restoreClock, signatureHeaders, type Reply, type SignOptions } from '../helpers/kinesis';

beforeEach(() => freshStart());
afterEach(() => restoreClock());

const AWS = { THROTTLE: 'aws' };
const OTHER = { accessKey: '111122223333' };

async function call(vars: Partial<Env>, operation: string, body: unknown, opts: SignOptions = {}): Promise<Reply> {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request('http://kinesis.test/', {
      method: 'POST',
      headers: { 'X-Amz-Target': `${TARGET_PREFIX}.${operation}`, 'Content-Type': JSON_11, ...signatureHeaders(opts) },
      body: JSON.stringify(body),
    }),
    { ...bindings, ...vars } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return { status: res.status, headers: res.headers, bytes, text, body: text === '' ? undefined : JSON.parse(text) };
}

/** Moves the fake clock to the start of the next whole second, so a test's calls all fall in one second. */
function nextSecond(): void {
  advance(1000 - (Date.now() % 1000));
}

describe('THROTTLE=aws control-plane rates', () => {
  it('DescribeStream: the 11th call within a second is refused with AWS\'s message; the next second passes', async () => {
    await createActiveStream('cp-desc');
    nextSecond();
    for (let i = 0; i < 10; i++) ok(await call(AWS, 'DescribeStream', { StreamName: 'cp-desc' }));
    expectError(await call(AWS, 'DescribeStream', { StreamName: 'cp-desc' }), 'LimitExceededException', 'Rate exceeded for stream cp-desc under account 000000000000.');
    advance(999 - (Date.now() % 1000)); // the last millisecond of the same second
    expectError(await call(AWS, 'DescribeStream', { StreamName: 'cp-desc' }), 'LimitExceededException', 'Rate exceeded for stream cp-desc under account 000000000000.');
    advance(1);
    ok(await call(AWS, 'DescribeStream', { StreamName: 'cp-desc' }));
  });

  it('DescribeStream is per account: another stream of the account shares the budget, another account does not', async () => {
    await createActiveStream('cp-a');
    await createActiveStream('cp-b');
    await createActiveStream('cp-a', 1, OTHER);
    nextSecond();
    for (let i = 0; i < 10; i++) ok(await call(AWS, 'DescribeStream', { StreamName: i % 2 ? 'cp-a' : 'cp-b' }));
    expectError(await call(AWS, 'DescribeStream', { StreamName: 'cp-b' }), 'LimitExceededException', 'Rate exceeded for stream cp-b under account 000000000000.');
    for (let i = 0; i < 10; i++) ok(await call(AWS, 'DescribeStream', { StreamName: 'cp-a' }, OTHER));
    expectError(await call(AWS, 'DescribeStream', { StreamName: 'cp-a' }, OTHER), 'LimitExceededException', 'Rate exceeded for stream cp-a under account 111122223333.');
    // Another region of the same account is another tenant.
    ok(await call(AWS, 'ListStreams', {}, { region: 'eu-west-1' }));
  });

  it('ListStreams: the 6th call within a second is refused with the account message', async () => {
    nextSecond();
    for (let i = 0; i < 5; i++) ok(await call(AWS, 'ListStreams', {}));
    expectError(await call(AWS, 'ListStreams', {}), 'LimitExceededException', 'Rate exceeded for account 000000000000.');
    ok(await call(AWS, 'ListStreams', {}, OTHER));
    advance(1000);
    ok(await call(AWS, 'ListStreams', {}));
  });

  it('DescribeLimits: one call per second per account', async () => {
    nextSecond();
    ok(await call(AWS, 'DescribeLimits', {}));
    expectError(await call(AWS, 'DescribeLimits', {}), 'LimitExceededException', 'Rate exceeded for account 000000000000.');
    advance(1000);
    ok(await call(AWS, 'DescribeLimits', {}));
  });

  it('per-stream limits (ListStreamConsumers, 5/s per stream) do not leak across streams or accounts', async () => {
    await createActiveStream('cp-s1');
    await createActiveStream('cp-s2');
    await createActiveStream('cp-s1', 1, OTHER);
    nextSecond();
    for (let i = 0; i < 5; i++) ok(await call(AWS, 'ListStreamConsumers', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/cp-s1' }));
    expectError(
      await call(AWS, 'ListStreamConsumers', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/cp-s1' }),
      'LimitExceededException',
      'Rate exceeded for stream cp-s1 under account 000000000000.',
    );
    for (let i = 0; i < 5; i++) ok(await call(AWS, 'ListStreamConsumers', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/cp-s2' }));
    for (let i = 0; i < 5; i++) ok(await call(AWS, 'ListStreamConsumers', { StreamARN: 'arn:aws:kinesis:us-east-1:111122223333:stream/cp-s1' }, OTHER));
  });

  it('ListShards: 1000 a second per stream, a NextToken counting against its stream', async () => {
    await createActiveStream('cp-ls', 2);
    await createActiveStream('cp-ls2');
    nextSecond();
    const first = ok(await call(AWS, 'ListShards', { StreamName: 'cp-ls', MaxResults: 1 }));
    for (let i = 1; i < 999; i++) ok(await call(AWS, 'ListShards', { StreamName: 'cp-ls' }));
    ok(await call(AWS, 'ListShards', { NextToken: first.NextToken }));
    expectError(await call(AWS, 'ListShards', { NextToken: first.NextToken }), 'LimitExceededException', 'Rate exceeded for stream cp-ls under account 000000000000.');
    ok(await call(AWS, 'ListShards', { StreamName: 'cp-ls2' }));
  });

  it('GetShardIterator: 5 a second per shard, answered with ProvisionedThroughputExceededException', async () => {
    await createActiveStream('cp-gsi', 2);
    nextSecond();
    const body = (shard: string) => ({ StreamName: 'cp-gsi', ShardId: shard, ShardIteratorType: 'LATEST' });
    for (let i = 0; i < 5; i++) ok(await call(AWS, 'GetShardIterator', body('shardId-000000000000')));
    expectError(
      await call(AWS, 'GetShardIterator', body('0')),
      'ProvisionedThroughputExceededException',
      'Rate exceeded for shard shardId-000000000000 in stream cp-gsi under account 000000000000.',
    );
    for (let i = 0; i < 5; i++) ok(await call(AWS, 'GetShardIterator', body('shardId-000000000001')));
  });

  it('validation errors come first and are not counted', async () => {
    nextSecond();
    for (let i = 0; i < 12; i++) {
      expect((await call(AWS, 'ListStreams', { Limit: 'x' })).body.__type).toBe('SerializationException');
      expect((await call(AWS, 'ListStreams', { Limit: 0 })).body.__type).toBe('ValidationException');
      expect((await call(AWS, 'DescribeStream', { StreamName: 'bad name!' })).body.__type).toBe('ValidationException');
    }
    // None of them counted: five pass, the sixth is over the rate.
    for (let i = 0; i < 5; i++) ok(await call(AWS, 'ListStreams', {}));
    expectError(await call(AWS, 'ListStreams', {}), 'LimitExceededException', 'Rate exceeded for account 000000000000.');
    ok(await call(AWS, 'DescribeLimits', {}));
    expectError(await call(AWS, 'DescribeStream', { StreamName: 'cp-missing' }), 'ResourceNotFoundException', 'Stream cp-missing under account 000000000000 not found.');
  });

  it('THROTTLE off never refuses', async () => {
    await createActiveStream('cp-off');
    nextSecond();
    for (let i = 0; i < 30; i++) ok(await call({}, 'DescribeStream', { StreamName: 'cp-off' }));
    for (let i = 0; i < 10; i++) ok(await call({ THROTTLE: 'off' }, 'DescribeLimits', {}));
    for (let i = 0; i < 10; i++) ok(await call({}, 'ListStreams', {}));
  });
});
