// GetShardIterator: lenient shard ids checked before the stream, the type/sequence-number and timestamp rules,
// sequence numbers from other shards or streams, and where each iterator type starts
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advance, createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, putRecord, restoreClock, shardId, shardIterator } from '../helpers/kinesis';
import { NAME_PATTERN, NOT_NULL, detected, item, minLength, serialization, type Thrown } from '../helpers/messages';
import { itRefuses, type Refusal } from '../helpers/refusals';

const ACCT = '000000000000';
const H = ['0', '113427455640312821154458202477256070485', '226854911280625642308916404954512140970'];
const MUST_EITHER =
  'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber.';

/** Data of the records an iterator reads first. */
async function read(iterator: string): Promise<string[]> {
  return ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records.map((r: { Data: string }) => Buffer.from(r.Data, 'base64').toString());
}

/** A 3-shard stream with one record on each shard, whose data names the shard. */
async function streamWithOneRecordPerShard(name: string): Promise<string[]> {
  await createActiveStream(name, 3);
  const seqs: string[] = [];
  for (let i = 0; i < 3; i++) seqs.push((await putRecord(name, 'k', `on-${i}`, { extra: { ExplicitHashKey: H[i] } })).SequenceNumber);
  return seqs;
}

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('request shape', () => {
  itRefuses('GetShardIterator', [
    [
      'rejects a string Timestamp',
      { StreamName: 's', ShardId: '0', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: 'yesterday' },
      serialization('class java.lang.String can not be converted to milliseconds since epoch'),
    ],
    [
      'requires ShardId and ShardIteratorType, listed before streamName',
      { StreamName: '' },
      detected(item(null, 'shardId', NOT_NULL), item(null, 'shardIteratorType', NOT_NULL), item('', 'streamName', NAME_PATTERN), item('', 'streamName', minLength(1))),
    ],
    [
      'prints the iterator types in AWS order',
      { StreamName: 's', ShardId: '0', ShardIteratorType: 'OLDEST' },
      detected(item('OLDEST', 'shardIteratorType', 'Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]')),
    ],
    [
      'rejects a StartingSequenceNumber outside its pattern',
      { StreamName: 's', ShardId: '0', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '01' },
      detected(item('01', 'startingSequenceNumber', 'Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})')),
    ],
  ]);
});

describe('shard ids', () => {
  it('resolves lenient spellings to the shard index', async () => {
    await streamWithOneRecordPerShard('gsi-lenient');
    const cases: [string, string][] = [
      ['shardId-000000000001', 'on-1'],
      ['shardId-2', 'on-2'],
      ['shard-1', 'on-1'],
      ['foo-0', 'on-0'],
      ['2', 'on-2'],
      ['-000000000001', 'on-1'],
    ];
    for (const [id, data] of cases) expect(await read(await shardIterator('gsi-lenient', id)), id).toEqual([data]);
  });

  const noShard = (message: string): Thrown => ({ type: 'ResourceNotFoundException', message });
  const latest = (StreamName: string, ShardId: string) => ({ StreamName, ShardId, ShardIteratorType: 'LATEST' });
  itRefuses('GetShardIterator', [
    ...['ABKLFD8', '2.14E4', '2147483648', 'shardId-x'].map((id): Refusal => [
      `rejects the unreadable shard id ${id}`,
      latest('gsi-bad-id', id),
      noShard(`Could not find shard ${id} in stream gsi-bad-id under account ${ACCT}.`),
      () => createActiveStream('gsi-bad-id', 1),
    ]),
    ['rejects an unreadable shard id before looking at the stream', latest('no-stream', 'ABKLFD8'), noShard(`Could not find shard ABKLFD8 in stream no-stream under account ${ACCT}.`)],
    // "does not exist", without a full stop, for an index past the shard count however it is spelt.
    ...[['shardId-000000000005', 5], ['shardId-5', 5], ['5', 5], ['3', 3]].map(([id, index]): Refusal => [
      `answers the shard id ${id} of a 3-shard stream with "does not exist"`,
      latest('gsi-past', String(id)),
      noShard(`Shard ${shardId(Number(index))} in stream gsi-past under account ${ACCT} does not exist`),
      () => createActiveStream('gsi-past', 3),
    ]),
  ]);

  it('answers a missing or CREATING stream with the same "does not exist"', async () => {
    expectError(
      await kinesis('GetShardIterator', { StreamName: 'gsi-missing', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }),
      'ResourceNotFoundException',
      `Shard shardId-000000000000 in stream gsi-missing under account ${ACCT} does not exist`,
    );
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'gsi-creating', ShardCount: 1 }));
    expectError(
      await kinesis('GetShardIterator', { StreamName: 'gsi-creating', ShardId: '0', ShardIteratorType: 'LATEST' }),
      'ResourceNotFoundException',
      `Shard shardId-000000000000 in stream gsi-creating under account ${ACCT} does not exist`,
    );
  });
});

describe('iterator type and starting position', () => {
  it('requires a StartingSequenceNumber for AT_ and AFTER_SEQUENCE_NUMBER', async () => {
    for (const type of ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER']) {
      expectError(
        await kinesis('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: type }),
        'InvalidArgumentException',
        `${MUST_EITHER} Request specified ${type} and no StartingSequenceNumber.`,
      );
    }
  });

  it('refuses a StartingSequenceNumber with TRIM_HORIZON or LATEST', async () => {
    for (const type of ['TRIM_HORIZON', 'LATEST']) {
      expectError(
        await kinesis('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: type, StartingSequenceNumber: '1' }),
        'InvalidArgumentException',
        `${MUST_EITHER} Request specified ${type} and also a StartingSequenceNumber.`,
      );
    }
  });

  it('requires a Timestamp for AT_TIMESTAMP', async () => {
    expectError(
      await kinesis('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: 'AT_TIMESTAMP' }),
      'InvalidArgumentException',
      'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
    );
  });

  it('refuses a Timestamp in the future, quoting both times in ms', async () => {
    await createActiveStream('gsi-future', 1);
    advance(123);
    const now = Date.now();
    expectError(
      await kinesis('GetShardIterator', { StreamName: 'gsi-future', ShardId: '0', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: (now + 2000) / 1000 }),
      'InvalidArgumentException',
      `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${now + 2000}, currentTimestampInMillis: ${now}`,
    );
  });

  it('refuses a sequence number of another shard', async () => {
    const seqs = await streamWithOneRecordPerShard('gsi-other-shard');
    expectError(
      await kinesis('GetShardIterator', { StreamName: 'gsi-other-shard', ShardId: shardId(0), ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: seqs[1] }),
      'InvalidArgumentException',
      'Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000',
    );
  });

  it('refuses a sequence number it cannot read', async () => {
    await createActiveStream('gsi-junk-seq', 1);
    for (const seq of ['12345', '49590338271490256608559692538361571095921575989136588899']) {
      expectError(
        await kinesis('GetShardIterator', { StreamName: 'gsi-junk-seq', ShardId: shardId(0), ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: seq }),
        'InvalidArgumentException',
        `StartingSequenceNumber ${seq} used in GetShardIterator on shard shardId-000000000000 in stream gsi-junk-seq under account ${ACCT} is invalid.`,
      );
    }
  });

  it('refuses a sequence number of another stream', async () => {
    await createActiveStream('gsi-first', 1);
    const { SequenceNumber } = await putRecord('gsi-first', 'k', 'x');
    advance(5_000);
    await createActiveStream('gsi-second', 1);
    expectError(
      await kinesis('GetShardIterator', { StreamName: 'gsi-second', ShardId: shardId(0), ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: SequenceNumber }),
      'InvalidArgumentException',
      `StartingSequenceNumber ${SequenceNumber} used in GetShardIterator on shard shardId-000000000000 in stream gsi-second under account ${ACCT} is invalid because it did not come from this stream.`,
    );
  });

  it('answers only {ShardIterator}, an opaque base64 token of at most 512 characters', async () => {
    await createActiveStream('gsi-shape', 1);
    const reply = ok(await kinesis('GetShardIterator', { StreamName: 'gsi-shape', ShardId: shardId(0), ShardIteratorType: 'LATEST' }));
    expect(Object.keys(reply)).toEqual(['ShardIterator']);
    expect(reply.ShardIterator).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    // Like AWS's iterators: the first 8 bytes are 00..01 (`AAAAAAAAAA` then E-H), then 16-byte blocks.
    const bytes = Buffer.from(reply.ShardIterator, 'base64');
    expect([...bytes.subarray(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect((bytes.length - 8) % 16).toBe(0);
    expect(reply.ShardIterator.length).toBeLessThanOrEqual(512);
  });

  it('starts where each type says', async () => {
    await createActiveStream('gsi-start', 1);
    const seqs: string[] = [];
    const times: number[] = [];
    for (const data of ['a', 'b', 'c']) {
      advance(1_000);
      times.push(Date.now());
      seqs.push((await putRecord('gsi-start', 'k', data)).SequenceNumber);
    }
    const it = (type: string, extra: Record<string, unknown> = {}) => shardIterator('gsi-start', shardId(0), type, extra);
    expect(await read(await it('TRIM_HORIZON'))).toEqual(['a', 'b', 'c']);
    expect(await read(await it('AT_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[1] }))).toEqual(['b', 'c']);
    expect(await read(await it('AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[1] }))).toEqual(['c']);
    expect(await read(await it('AT_TIMESTAMP', { Timestamp: times[1] / 1000 }))).toEqual(['b', 'c']);
    expect(await read(await it('AT_TIMESTAMP', { Timestamp: (times[1] - 1) / 1000 }))).toEqual(['b', 'c']);
    expect(await read(await it('AT_TIMESTAMP', { Timestamp: (times[0] - 60_000) / 1000 }))).toEqual(['a', 'b', 'c']);
    expect(await read(await it('AT_TIMESTAMP', { Timestamp: times[2] / 1000 }))).toEqual(['c']);
    advance(1);
    expect(await read(await it('AT_TIMESTAMP', { Timestamp: Date.now() / 1000 }))).toEqual([]);
    const latest = await it('LATEST');
    expect(await read(latest)).toEqual([]);
    await putRecord('gsi-start', 'k', 'd');
    expect(await read(latest)).toEqual(['d']);
  });

  it('finds the stream by StreamARN', async () => {
    await createActiveStream('gsi-arn', 1);
    await putRecord('gsi-arn', 'k', 'arn');
    const reply = ok(
      await kinesis('GetShardIterator', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/gsi-arn', ShardId: shardId(0), ShardIteratorType: 'TRIM_HORIZON' }),
    );
    expect(await read(reply.ShardIterator)).toEqual(['arn']);
  });
});
