// GetRecords: reads from an authenticated iterator; malformed, tampered, foreign or expired iterators are refused in
// AWS's words; Limit, NextShardIterator, MillisBehindLatest; a deleted stream's shards are gone
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html).
import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STATUS_DELAY_MS, T0, advance, b64, bindings, createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, putRecord, restoreClock, shardId, shardIterator, waitForGone } from '../helpers/kinesis';
import { NOT_NULL, detected, item, maxLength, maxValue, minLength, minValue, serialization } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

const data = (reply: { Records: { Data: string }[] }) => reply.Records.map((r) => Buffer.from(r.Data, 'base64').toString());

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('request shape', () => {
  itRefuses('GetRecords', [
    ['rejects a numeric ShardIterator', { ShardIterator: 5 }, serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String')],
    ['requires ShardIterator', {}, detected(item(null, 'shardIterator', NOT_NULL))],
    ['lists limit before shardIterator', { ShardIterator: '', Limit: 0 }, detected(item('0', 'limit', minValue(1)), item('', 'shardIterator', minLength(1)))],
    ['rejects a Limit above 10000 as a ValidationException, as recorded', { ShardIterator: 'x', Limit: 100000 }, detected(item('100000', 'limit', maxValue(10000)))],
    ['rejects a ShardIterator over 512 characters', { ShardIterator: 'A'.repeat(513) }, detected(item('A'.repeat(513), 'shardIterator', maxLength(512)))],
  ]);
});

describe('iterators that are refused', () => {
  it('refuses garbage as Invalid ShardIterator.', async () => {
    for (const junk of ['garbage', 'AAAAAAAAAAEAAAAA', Buffer.alloc(64).toString('base64')]) {
      expectError(await kinesis('GetRecords', { ShardIterator: junk }), 'InvalidArgumentException', 'Invalid ShardIterator.');
    }
  });

  it('refuses a tampered iterator', async () => {
    await createActiveStream('gr-tamper', 1);
    const iterator = await shardIterator('gr-tamper', shardId(0));
    const bytes = Buffer.from(iterator, 'base64');
    for (const at of [8, 30, bytes.length - 1]) {
      const copy = Buffer.from(bytes);
      copy[at] ^= 1;
      expectError(await kinesis('GetRecords', { ShardIterator: copy.toString('base64') }), 'InvalidArgumentException', 'Invalid ShardIterator.');
    }
    expect(ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records).toEqual([]);
  });

  it("refuses another region's iterator", async () => {
    const east = { accessKey: '123456789012', region: 'us-east-1' };
    const west = { accessKey: '123456789012', region: 'us-west-2' };
    await createActiveStream('gr-tenant', 1, east);
    await createActiveStream('gr-tenant', 1, west);
    const iterator = await shardIterator('gr-tenant', shardId(0), 'TRIM_HORIZON', {}, east);
    expectError(await kinesis('GetRecords', { ShardIterator: iterator }, west), 'InvalidArgumentException', 'Invalid ShardIterator.');
  });

  it('accepts an iterator for 300000 ms and then answers ExpiredIteratorException with Java dates', async () => {
    await createActiveStream('gr-expiry', 1);
    vi.setSystemTime(T0 + 10_000);
    const iterator = await shardIterator('gr-expiry', shardId(0));
    vi.setSystemTime(T0 + 310_000);
    expect(ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records).toEqual([]);
    vi.setSystemTime(T0 + 310_001);
    expectError(
      await kinesis('GetRecords', { ShardIterator: iterator }),
      'ExpiredIteratorException',
      'Iterator expired. The iterator was created at time Sun Jan 01 00:00:10 UTC 2040 while right now it is Sun Jan 01 00:05:10 UTC 2040 ' +
        'which is further in the future than the tolerated delay of 300000 milliseconds.',
    );
  });

  it("answers a deleted stream's iterator with the shard's \"does not exist\"", async () => {
    await createActiveStream('gr-deleted', 2);
    await putRecord('gr-deleted', 'k', 'x');
    const iterator = await shardIterator('gr-deleted', shardId(1));
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'gr-deleted' }));
    advance(STATUS_DELAY_MS);
    // The stream object's alarm purges the shards when the delete delay is over.
    expect(await runDurableObjectAlarm(bindings.STREAM.getByName('000000000000:us-east-1:stream:gr-deleted'))).toBe(true);
    expectError(
      await kinesis('GetRecords', { ShardIterator: iterator }),
      'ResourceNotFoundException',
      'Shard shardId-000000000001 in stream gr-deleted under account 000000000000 does not exist',
    );
  });

  it('answers an old iterator with "does not exist" after the stream is re-created', async () => {
    await createActiveStream('gr-recreated', 3);
    await putRecord('gr-recreated', 'k', 'old', { extra: { ExplicitHashKey: '340282366920938463463374607431768211455' } });
    const old = await shardIterator('gr-recreated', shardId(2));
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'gr-recreated' }));
    await waitForGone('gr-recreated');
    await runDurableObjectAlarm(bindings.STREAM.getByName('000000000000:us-east-1:stream:gr-recreated'));
    await createActiveStream('gr-recreated', 1);
    expectError(
      await kinesis('GetRecords', { ShardIterator: old }),
      'ResourceNotFoundException',
      'Shard shardId-000000000002 in stream gr-recreated under account 000000000000 does not exist',
    );
  });
});

// Issue 7 item 9: a StreamARN sent next to the iterator must name the iterator's stream. Before, any ARN (another
// stream's, another tenant's, a missing stream's) was ignored and the iterator's records came back.
describe('a StreamARN next to the iterator', () => {
  const arn = (name: string, account = '000000000000', region = 'us-east-1') => `arn:aws:kinesis:${region}:${account}:stream/${name}`;

  async function streamWithRecord(name: string): Promise<string> {
    await createActiveStream(name, 1);
    await putRecord(name, 'k', 'mine');
    return shardIterator(name, shardId(0));
  }

  it("reads when the ARN names the iterator's stream", async () => {
    const iterator = await streamWithRecord('gr-arn-own');
    expect(data(ok(await kinesis('GetRecords', { ShardIterator: iterator, StreamARN: arn('gr-arn-own') })))).toEqual(['mine']);
  });

  it('refuses the ARN of another stream of the same account', async () => {
    const iterator = await streamWithRecord('gr-arn-a');
    await createActiveStream('gr-arn-b', 1);
    expectError(
      await kinesis('GetRecords', { ShardIterator: iterator, StreamARN: arn('gr-arn-b') }),
      'InvalidArgumentException',
      'ShardIterator used in GetRecords on stream gr-arn-b under account 000000000000 is invalid because it did not come from this stream.',
    );
  });

  it('answers the ARN of a stream that does not exist with ResourceNotFoundException', async () => {
    const iterator = await streamWithRecord('gr-arn-c');
    expectError(await kinesis('GetRecords', { ShardIterator: iterator, StreamARN: arn('gr-arn-none') }), 'ResourceNotFoundException', 'Stream gr-arn-none under account 000000000000 not found.');
  });

  it("refuses another account's ARN as access denied and answers another region's as not found, even for the same stream name", async () => {
    const iterator = await streamWithRecord('gr-arn-d');
    await createActiveStream('gr-arn-d', 1, { accessKey: '999999999999' });
    expectError(
      await kinesis('GetRecords', { ShardIterator: iterator, StreamARN: arn('gr-arn-d', '999999999999') }),
      'AccessDeniedException',
      `User: arn:aws:iam::000000000000:root is not authorized to perform: kinesis:GetRecords on resource: ${arn('gr-arn-d', '999999999999')} because no resource-based policy allows the kinesis:GetRecords action`,
    );
    expectError(await kinesis('GetRecords', { ShardIterator: iterator, StreamARN: arn('gr-arn-d', '000000000000', 'us-west-2') }), 'ResourceNotFoundException', 'Stream gr-arn-d under account 000000000000 not found.');
  });

  it('refuses an ARN that names no stream', async () => {
    const iterator = await streamWithRecord('gr-arn-e');
    const bad = `${arn('gr-arn-e')}/consumer/c:1`;
    expectError(await kinesis('GetRecords', { ShardIterator: iterator, StreamARN: bad }), 'InvalidArgumentException', `StreamARN ${bad} is invalid.`);
  });
});

describe('reading', () => {
  it('returns the records with their data, key, sequence number and arrival time', async () => {
    await createActiveStream('gr-shape', 1);
    const arrival = Date.now();
    const put = await putRecord('gr-shape', 'pk', 'payload');
    const reply = ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('gr-shape', shardId(0)) }));
    expect(Object.keys(reply).sort()).toEqual(['MillisBehindLatest', 'NextShardIterator', 'Records']);
    expect(reply.Records).toEqual([{ SequenceNumber: put.SequenceNumber, ApproximateArrivalTimestamp: arrival / 1000, Data: b64('payload'), PartitionKey: 'pk' }]);
    expect(reply.MillisBehindLatest).toBe(0);
  });

  it('returns at most Limit records and continues with NextShardIterator', async () => {
    await createActiveStream('gr-limit', 1);
    const reply = ok(await kinesis('PutRecords', { StreamName: 'gr-limit', Records: ['1', '2', '3', '4', '5'].map((d) => ({ PartitionKey: 'k', Data: b64(d) })) }));
    expect(reply.FailedRecordCount).toBe(0);
    let iterator = await shardIterator('gr-limit', shardId(0));
    const pages: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const page = ok(await kinesis('GetRecords', { ShardIterator: iterator, Limit: 2 }));
      pages.push(data(page));
      if (page.Records.length > 0) expect(page.NextShardIterator).not.toBe(iterator);
      iterator = page.NextShardIterator;
    }
    expect(pages).toEqual([['1', '2'], ['3', '4'], ['5'], []]);
  });

  it('keeps an empty shard iterator at the same position', async () => {
    await createActiveStream('gr-empty', 1);
    const first = ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('gr-empty', shardId(0)) }));
    expect(first).toMatchObject({ Records: [], MillisBehindLatest: 0 });
    await putRecord('gr-empty', 'k', 'later');
    expect(data(ok(await kinesis('GetRecords', { ShardIterator: first.NextShardIterator })))).toEqual(['later']);
  });

  it('hands out a NextShardIterator that lives 300 s from its own issue', async () => {
    await createActiveStream('gr-fresh', 1);
    const original = await shardIterator('gr-fresh', shardId(0));
    advance(200_000);
    const next = ok(await kinesis('GetRecords', { ShardIterator: original })).NextShardIterator;
    advance(200_000);
    expect(ok(await kinesis('GetRecords', { ShardIterator: next })).Records).toEqual([]);
    expect((await kinesis('GetRecords', { ShardIterator: original })).body.__type).toBe('ExpiredIteratorException');
  });

  it('reports MillisBehindLatest while records remain, and 0 once caught up', async () => {
    await createActiveStream('gr-behind', 1);
    await putRecord('gr-behind', 'k', 'a');
    advance(1_000);
    await putRecord('gr-behind', 'k', 'b');
    advance(9_000);
    const first = ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('gr-behind', shardId(0)), Limit: 1 }));
    expect(data(first)).toEqual(['a']);
    expect(first.MillisBehindLatest).toBe(10_000);
    const second = ok(await kinesis('GetRecords', { ShardIterator: first.NextShardIterator, Limit: 1 }));
    expect(data(second)).toEqual(['b']);
    expect(second.MillisBehindLatest).toBe(0);
  });

  it('never returns records older than the retention period', async () => {
    await createActiveStream('gr-retention', 1);
    await putRecord('gr-retention', 'k', 'old');
    advance(12 * 3_600_000);
    await putRecord('gr-retention', 'k', 'new');
    advance(12 * 3_600_000 + 1);
    expect(data(ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('gr-retention', shardId(0)) })))).toEqual(['new']);
  });
});
