// GetShardIterator (facts §3.8): lenient shard ids checked before the stream, the type/sequence-number and
// timestamp rules, sequence numbers from other shards or streams, and where each iterator type starts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  advance,
  createActiveStream,
  expectEmptyOk,
  expectError,
  freshStart,
  kinesis,
  ok,
  putRecord,
  restoreClock,
  shardId,
  shardIterator,
} from '../helpers/kinesis';

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

describe('serialization', () => {
  it('rejects a string Timestamp', async () => {
    expectError(
      await kinesis('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: 'yesterday' }),
      'SerializationException',
      'class java.lang.String can not be converted to milliseconds since epoch',
    );
  });
});

describe('validation', () => {
  it('requires ShardId and ShardIteratorType, listed before streamName', async () => {
    expectError(
      await kinesis('GetShardIterator', { StreamName: '' }),
      'ValidationException',
      "4 validation errors detected: Value null at 'shardId' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'shardIteratorType' failed to satisfy constraint: Member must not be null; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('prints the iterator types in AWS order', async () => {
    expectError(
      await kinesis('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: 'OLDEST' }),
      'ValidationException',
      "1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]",
    );
  });

  it('rejects a StartingSequenceNumber outside its pattern', async () => {
    expectError(
      await kinesis('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '01' }),
      'ValidationException',
      "1 validation error detected: Value '01' at 'startingSequenceNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})",
    );
  });
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

  it('rejects an unreadable shard id before looking at the stream', async () => {
    await createActiveStream('gsi-bad-id', 1);
    for (const id of ['ABKLFD8', '2.14E4', '2147483648', 'shardId-x']) {
      expectError(
        await kinesis('GetShardIterator', { StreamName: 'gsi-bad-id', ShardId: id, ShardIteratorType: 'LATEST' }),
        'ResourceNotFoundException',
        `Could not find shard ${id} in stream gsi-bad-id under account ${ACCT}.`,
      );
    }
    expectError(
      await kinesis('GetShardIterator', { StreamName: 'no-stream', ShardId: 'ABKLFD8', ShardIteratorType: 'LATEST' }),
      'ResourceNotFoundException',
      `Could not find shard ABKLFD8 in stream no-stream under account ${ACCT}.`,
    );
  });

  it('answers an index past the shard count with "does not exist", no full stop', async () => {
    await createActiveStream('gsi-past', 3);
    for (const id of ['shardId-000000000005', 'shardId-5', '5', '3']) {
      expectError(
        await kinesis('GetShardIterator', { StreamName: 'gsi-past', ShardId: id, ShardIteratorType: 'LATEST' }),
        'ResourceNotFoundException',
        `Shard shardId-00000000000${id === '3' ? 3 : 5} in stream gsi-past under account ${ACCT} does not exist`,
      );
    }
  });

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
    // Like AWS's: the first 8 bytes are 00..01 (`AAAAAAAAAA` then E-H), then 16-byte blocks (facts §4.2).
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
