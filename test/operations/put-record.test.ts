// PutRecord: routing by MD5 of the partition key (or ExplicitHashKey) to the open shard holding it, sequence numbers
// from the shard, AWS's messages for bad hash keys, ordering numbers and over-size records
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html).
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatSequenceNumber } from '../../src/model/sequence-number';
import { SEQUENCE_NUMBER, T0, advance, b64, createActiveStream, evenRanges, expectEmptyOk, expectError, freshStart, kinesis, ok, putRecord, restoreClock, shardId, shardIterator } from '../helpers/kinesis';
import { NOT_NULL, detected, invalidArgument, item, maxLength, minLength, notFound, serialization } from '../helpers/messages';
import { itRefuses, type Refusal } from '../helpers/refusals';

const v1 = (item: string) => `1 validation error detected: ${item}`;
const MAX_HASH = '340282366920938463463374607431768211455';
/** A well-formed sequence number of shard 0 for a record an hour after T0: the future for every test here. */
const FUTURE_SEQ = formatSequenceNumber({ shardCreatedAtSec: T0 / 1000, shardIndex: 0, counter: 5n, recordAtSec: T0 / 1000 + 3600 });

/** The shard of an evenly split n-shard stream that a partition key lands on, computed here from MD5. */
function shardOfKey(key: string, n: number): string {
  const hash = BigInt('0x' + createHash('md5').update(key, 'utf8').digest('hex'));
  const index = evenRanges(n).findIndex((r) => BigInt(r.StartingHashKey) <= hash && hash <= BigInt(r.EndingHashKey));
  return shardId(index);
}

const onDemand = (name: string) => createActiveStream(name, 1, { extra: { ShardCount: undefined, StreamModeDetails: { StreamMode: 'ON_DEMAND' } } });
const setStrategy = async (name: string, strategy: string) =>
  expectEmptyOk(await kinesis('UpdateStreamRecordDistributionStrategy', { StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`, RecordDistributionStrategy: strategy }));

/** Every record of the stream's first `shards` shards, read from TRIM_HORIZON, keyed by sequence number. */
async function readAll(name: string, shards: number): Promise<Map<string, Record<string, unknown>>> {
  const all = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < shards; i++) {
    const iterator = await shardIterator(name, shardId(i));
    for (const r of ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records) all.set(r.SequenceNumber, r);
  }
  return all;
}

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  const put = (extra: Record<string, unknown>) => ({ StreamName: 's', PartitionKey: 'k', Data: '', ...extra });
  itRefuses('PutRecord', [
    ['rejects a boolean Data', put({ Data: true }), serialization('class java.lang.Boolean can not be converted to a Blob')],
    ['rejects Data that is not base64', put({ Data: '23456' }), serialization("'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5")],
    ['rejects a numeric PartitionKey', put({ PartitionKey: 1 }), serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String')],
    // PartitionKey is optional in today's model (AUTO streams take records without one): refused once the stream is known.
    ['requires Data', { StreamName: 's' }, detected(item(null, 'data', NOT_NULL))],
    ['answers a missing stream before a missing PartitionKey', { StreamName: 'missing', Data: '' }, notFound('missing')],
    [
      'refuses a missing PartitionKey on a provisioned stream, in the words validation used for it',
      { StreamName: 'pr-nokey', Data: '' },
      detected(item(null, 'partitionKey', NOT_NULL)),
      () => createActiveStream('pr-nokey', 1),
    ],
    [
      'refuses a missing PartitionKey on an on-demand stream that places by key (USER_PARTITION_KEY, the default)',
      { StreamName: 'pr-nokey-od', Data: '' },
      detected(item(null, 'partitionKey', NOT_NULL)),
      () => onDemand('pr-nokey-od'),
    ],
    [
      'refuses a missing PartitionKey before an over-size record, and on a DryRun',
      { StreamName: 'pr-nokey-big', Data: Buffer.alloc(1024 * 1024 + 1).toString('base64'), DryRun: true },
      detected(item(null, 'partitionKey', NOT_NULL)),
      () => createActiveStream('pr-nokey-big', 1),
    ],
    ['rejects an empty PartitionKey', put({ PartitionKey: '' }), detected(item('', 'partitionKey', minLength(1)))],
    ['rejects a 257-character PartitionKey', put({ PartitionKey: 'p'.repeat(257) }), detected(item('p'.repeat(257), 'partitionKey', maxLength(256)))],
    [
      'rejects an ExplicitHashKey or SequenceNumberForOrdering outside their patterns',
      put({ ExplicitHashKey: 'x', SequenceNumberForOrdering: 'y' }),
      detected(
        item('y', 'sequenceNumberForOrdering', 'Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})'),
        item('x', 'explicitHashKey', 'Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})'),
      ),
    ],
    ['answers ResourceNotFoundException for a missing stream', put({ StreamName: 'missing' }), notFound('missing')],
    [
      'answers ResourceNotFoundException while the stream is CREATING',
      put({ StreamName: 'pr-creating' }),
      notFound('pr-creating'),
      async () => expectEmptyOk(await kinesis('CreateStream', { StreamName: 'pr-creating', ShardCount: 1 })),
    ],
    [
      'rejects an ExplicitHashKey of 2^128 or more with InvalidArgumentException',
      put({ StreamName: 'pr-hash', ExplicitHashKey: '340282366920938463463374607431768211456' }),
      invalidArgument('Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was 340282366920938463463374607431768211456'),
      () => createActiveStream('pr-hash', 1),
    ],
    // Sequence numbers it cannot read (too short, zero, a version it does not know), then one from the future.
    ...['1', '0', '12345678901234567890123456789012345678901234567890123456', FUTURE_SEQ].map((seq): Refusal => [
      `rejects the SequenceNumberForOrdering ${seq}`,
      put({ StreamName: 'pr-bad-seq', SequenceNumberForOrdering: seq }),
      invalidArgument(`ExclusiveMinimumSequenceNumber ${seq} used in PutRecord on stream pr-bad-seq under account 000000000000 is invalid.`),
      () => createActiveStream('pr-bad-seq', 1),
    ]),
  ]);
});

describe('behaviour', () => {
  it('answers ShardId and a 56-digit SequenceNumber only', async () => {
    await createActiveStream('pr-shape', 1);
    advance(2_000);
    const reply = ok(await kinesis('PutRecord', { StreamName: 'pr-shape', PartitionKey: 'k', Data: b64('hello') }));
    expect(Object.keys(reply).sort()).toEqual(['SequenceNumber', 'ShardId']);
    expect(reply.ShardId).toBe(shardId(0));
    expect(reply.SequenceNumber).toMatch(SEQUENCE_NUMBER);
    // Version-2 layout: shard creation, shard index, counter 1 and the record time.
    expect(reply.SequenceNumber).toBe(formatSequenceNumber({ shardCreatedAtSec: T0 / 1000, shardIndex: 0, counter: 1n, recordAtSec: T0 / 1000 + 2 }));
  });

  it('routes each partition key to the shard its MD5 falls in', async () => {
    await createActiveStream('pr-route', 3);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const key = `key-${i}`;
      const { ShardId } = await putRecord('pr-route', key, 'x');
      expect(ShardId, key).toBe(shardOfKey(key, 3));
      seen.add(ShardId);
    }
    expect([...seen].sort()).toEqual([shardId(0), shardId(1), shardId(2)]);
  });

  it('routes by ExplicitHashKey over the partition key, boundaries included', async () => {
    await createActiveStream('pr-explicit', 3);
    const cases: [string, number][] = [
      ['0', 0],
      ['113427455640312821154458202477256070484', 0],
      ['113427455640312821154458202477256070485', 1],
      ['226854911280625642308916404954512140969', 1],
      ['226854911280625642308916404954512140970', 2],
      [MAX_HASH, 2],
    ];
    for (const [hashKey, index] of cases) {
      const { ShardId } = await putRecord('pr-explicit', 'same-key', 'x', { extra: { ExplicitHashKey: hashKey } });
      expect(ShardId, hashKey).toBe(shardId(index));
    }
  });

  it('hands out strictly increasing sequence numbers within a shard', async () => {
    await createActiveStream('pr-order', 1);
    let last = 0n;
    for (let i = 0; i < 20; i++) {
      if (i % 5 === 0) advance(1_500);
      const { SequenceNumber } = await putRecord('pr-order', `k${i}`, `d${i}`);
      expect(BigInt(SequenceNumber) > last).toBe(true);
      last = BigInt(SequenceNumber);
    }
  });

  it('accepts a SequenceNumberForOrdering from an earlier record and orders after it', async () => {
    await createActiveStream('pr-ordering', 1);
    const first = await putRecord('pr-ordering', 'k', 'a');
    const second = await putRecord('pr-ordering', 'k', 'b', { extra: { SequenceNumberForOrdering: first.SequenceNumber } });
    expect(BigInt(second.SequenceNumber) > BigInt(first.SequenceNumber)).toBe(true);
  });

  it('accepts key and data of exactly 1 MiB and rejects one byte more', async () => {
    await createActiveStream('pr-size', 1);
    const exact = Buffer.alloc(1024 * 1024 - 1).toString('base64');
    expect(ok(await kinesis('PutRecord', { StreamName: 'pr-size', PartitionKey: 'k', Data: exact })).ShardId).toBe(shardId(0));
    expectError(
      await kinesis('PutRecord', { StreamName: 'pr-size', PartitionKey: 'kk', Data: exact }),
      'ValidationException',
      v1("Value at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576"),
    );
  });

  it('stores the data and partition key for GetRecords', async () => {
    await createActiveStream('pr-read', 1);
    advance(1_234);
    const arrival = Date.now();
    const put = await putRecord('pr-read', 'the-key', 'the data');
    const iterator = await shardIterator('pr-read', shardId(0));
    expect(ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records).toEqual([
      { SequenceNumber: put.SequenceNumber, ApproximateArrivalTimestamp: arrival / 1000, Data: b64('the data'), PartitionKey: 'the-key' },
    ]);
  });

  it('accepts empty Data', async () => {
    await createActiveStream('pr-empty', 1);
    expect(ok(await kinesis('PutRecord', { StreamName: 'pr-empty', PartitionKey: 'k', Data: '' })).SequenceNumber).toMatch(SEQUENCE_NUMBER);
  });

  it('takes and returns a 6 MiB record on a stream created with MaxRecordSizeInKiB 10240', async () => {
    // Records may reach 10 MiB on such a stream [DOC CreateStream MaxRecordSizeInKiB]; the shard stores them in
    // parts, since a Durable Object's SQLite refuses blobs over 2 MB.
    await createActiveStream('pr-big', 1, { extra: { MaxRecordSizeInKiB: 10240 } });
    const data = Buffer.from(Uint8Array.from({ length: 6 * 1024 * 1024 }, (_, i) => (i * 31) & 0xff));
    const put = ok(await kinesis('PutRecord', { StreamName: 'pr-big', PartitionKey: 'big', Data: data.toString('base64') }));
    const iterator = await shardIterator('pr-big', shardId(0));
    const records = ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records;
    expect(records).toHaveLength(1);
    expect(records[0].SequenceNumber).toBe(put.SequenceNumber);
    expect(Buffer.from(records[0].Data, 'base64').equals(data)).toBe(true);
    expectError(
      await kinesis('PutRecord', { StreamName: 'pr-big', PartitionKey: 'k', Data: Buffer.alloc(10 * 1024 * 1024).toString('base64') }),
      'ValidationException',
      v1("Value at 'data' failed to satisfy constraint: Member must have length less than or equal to 10485760"),
    );
  });
});

describe('without a PartitionKey', () => {
  it('an AUTO stream takes the record and GetRecords returns it without PartitionKey; a given key comes back as given', async () => {
    await onDemand('pr-auto');
    await setStrategy('pr-auto', 'AUTO');
    advance(1_000);
    const arrival = Date.now();
    const keyless = ok(await kinesis('PutRecord', { StreamName: 'pr-auto', Data: b64('no key') }));
    expect(keyless.SequenceNumber).toMatch(SEQUENCE_NUMBER);
    // A key and an ExplicitHashKey given on an AUTO stream are ignored for placement but kept.
    const keyed = ok(await kinesis('PutRecord', { StreamName: 'pr-auto', PartitionKey: 'given', ExplicitHashKey: '0', Data: b64('a key') }));
    // _Record: "not returned if the producer did not provide a partition key" (models_0.d.ts, API_Record).
    const read = await readAll('pr-auto', 4);
    expect(read.get(keyless.SequenceNumber)).toEqual({ SequenceNumber: keyless.SequenceNumber, ApproximateArrivalTimestamp: arrival / 1000, Data: b64('no key') });
    expect(read.get(keyed.SequenceNumber)).toEqual({ SequenceNumber: keyed.SequenceNumber, ApproximateArrivalTimestamp: arrival / 1000, Data: b64('a key'), PartitionKey: 'given' });
    expect(read.size).toBe(2);
  });

  it('back on USER_PARTITION_KEY the stream refuses a missing key again; the records written without one still read back', async () => {
    await onDemand('pr-back');
    await setStrategy('pr-back', 'AUTO');
    const keyless = ok(await kinesis('PutRecord', { StreamName: 'pr-back', Data: b64('written under AUTO') }));
    await setStrategy('pr-back', 'USER_PARTITION_KEY');
    expectError(await kinesis('PutRecord', { StreamName: 'pr-back', Data: b64('x') }), 'ValidationException', v1(item(null, 'partitionKey', NOT_NULL)));
    const read = await readAll('pr-back', 4);
    expect([...read.values()].map((r) => [r.SequenceNumber, r.Data, 'PartitionKey' in r])).toEqual([[keyless.SequenceNumber, b64('written under AUTO'), false]]);
  });

  it('an empty PartitionKey is still refused on an AUTO stream (its length applies when present)', async () => {
    await onDemand('pr-auto-empty');
    await setStrategy('pr-auto-empty', 'AUTO');
    expectError(await kinesis('PutRecord', { StreamName: 'pr-auto-empty', PartitionKey: '', Data: '' }), 'ValidationException', v1(item('', 'partitionKey', minLength(1))));
  });
});
