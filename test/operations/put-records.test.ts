// PutRecords: up to 500 records, one result per record in request order, FailedRecordCount; whole-request
// rejections for a missing stream, a bad hash key or an over-size record
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEQUENCE_NUMBER, b64, createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, restoreClock, shardId, shardIterator } from '../helpers/kinesis';
import { NOT_NULL, detected, item, maxLength, minLength, notFound, serialization } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

const H = ['0', '113427455640312821154458202477256070485', '226854911280625642308916404954512140970'];
const entry = (key: string, data = 'x', hash?: string) => ({ PartitionKey: key, Data: b64(data), ...(hash !== undefined ? { ExplicitHashKey: hash } : {}) });

const onDemand = (name: string) => createActiveStream(name, 1, { extra: { ShardCount: undefined, StreamModeDetails: { StreamMode: 'ON_DEMAND' } } });
const setAuto = async (name: string) =>
  expectEmptyOk(await kinesis('UpdateStreamRecordDistributionStrategy', { StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`, RecordDistributionStrategy: 'AUTO' }));
const keyless = (data: string) => ({ Data: b64(data) });

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('PutRecords', [
    ['rejects Records that are not a list', { StreamName: 's', Records: 'abc' }, serialization('Expected list or null')],
    [
      'rejects a record whose Data is a number',
      { StreamName: 's', Records: [{ PartitionKey: 'k', Data: 1 }] },
      serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob'),
    ],
    ['rejects an empty list', { StreamName: 's', Records: [] }, detected(item(undefined, 'records', minLength(1)))],
    ['rejects 501 records', { StreamName: 's', Records: Array.from({ length: 501 }, (_, i) => entry(`k${i}`)) }, detected(item(undefined, 'records', maxLength(500)))],
    ['names the record and member that fail', { StreamName: 's', Records: [entry('a'), { PartitionKey: '', Data: '' }] }, detected(item('', 'records.2.member.partitionKey', minLength(1)))],
    ['answers ResourceNotFoundException for a missing stream', { StreamName: 'missing', Records: [entry('k')] }, notFound('missing')],
    // PartitionKey is optional in today's model (AUTO streams take records without one): refused once the stream is
    // known, with the path and words validation used for it.
    ['answers a missing stream before a record without a PartitionKey', { StreamName: 'missing', Records: [keyless('x')] }, notFound('missing')],
    [
      'names each record without a PartitionKey on a stream that places by key',
      { StreamName: 'prs-nokey', Records: [keyless('a'), entry('b'), keyless('c')] },
      detected(item(null, 'records.1.member.partitionKey', NOT_NULL), item(null, 'records.3.member.partitionKey', NOT_NULL)),
      () => createActiveStream('prs-nokey', 1),
    ],
    [
      'lists at most 10 records without a PartitionKey, and then says 10',
      { StreamName: 'prs-nokey-12', Records: Array.from({ length: 12 }, () => keyless('x')) },
      detected(...Array.from({ length: 10 }, (_, i) => item(null, `records.${i + 1}.member.partitionKey`, NOT_NULL))),
      () => onDemand('prs-nokey-12'),
    ],
    [
      'refuses records without a PartitionKey before an over-size one, and on a DryRun',
      { StreamName: 'prs-nokey-big', Records: [{ PartitionKey: 'k', Data: Buffer.alloc(1024 * 1024).toString('base64') }, keyless('x')], DryRun: true },
      detected(item(null, 'records.2.member.partitionKey', NOT_NULL)),
      () => createActiveStream('prs-nokey-big', 1),
    ],
    [
      'answers ResourceNotFoundException while the stream is CREATING',
      { StreamName: 'prs-creating', Records: [entry('k')] },
      notFound('prs-creating'),
      async () => expectEmptyOk(await kinesis('CreateStream', { StreamName: 'prs-creating', ShardCount: 1 })),
    ],
  ]);
});

describe('behaviour', () => {
  it('answers one result per record, in request order, across shards', async () => {
    await createActiveStream('prs-order', 3);
    const order = [2, 0, 1, 0, 2, 2, 1];
    const reply = ok(await kinesis('PutRecords', { StreamName: 'prs-order', Records: order.map((s, i) => entry(`k${i}`, `d${i}`, H[s])) }));
    expect(reply.FailedRecordCount).toBe(0);
    expect(reply.Records).toHaveLength(order.length);
    reply.Records.forEach((r: { ShardId: string; SequenceNumber: string }, i: number) => {
      expect(Object.keys(r).sort()).toEqual(['SequenceNumber', 'ShardId']);
      expect(r.ShardId).toBe(shardId(order[i]));
      expect(r.SequenceNumber).toMatch(SEQUENCE_NUMBER);
    });
    // Within one shard, sequence numbers follow request order.
    for (const s of [0, 1, 2]) {
      const seqs = reply.Records.filter((r: { ShardId: string }) => r.ShardId === shardId(s)).map((r: { SequenceNumber: string }) => BigInt(r.SequenceNumber));
      for (let i = 1; i < seqs.length; i++) expect(seqs[i] > seqs[i - 1]).toBe(true);
    }
    // And a reader of shard 2 sees its records in request order.
    const iterator = await shardIterator('prs-order', shardId(2));
    expect(ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records.map((r: { Data: string }) => Buffer.from(r.Data, 'base64').toString())).toEqual(['d0', 'd4', 'd5']);
  });

  it('takes 500 records in one request', async () => {
    await createActiveStream('prs-500', 2);
    const reply = ok(await kinesis('PutRecords', { StreamName: 'prs-500', Records: Array.from({ length: 500 }, (_, i) => entry(`k${i}`)) }));
    expect(reply.FailedRecordCount).toBe(0);
    expect(reply.Records).toHaveLength(500);
    expect(new Set(reply.Records.map((r: { SequenceNumber: string }) => r.SequenceNumber)).size).toBe(500);
  });

  it('rejects the whole request for one out-of-range ExplicitHashKey, naming the first', async () => {
    await createActiveStream('prs-hash', 1);
    const big = '340282366920938463463374607431768211456';
    expectError(
      await kinesis('PutRecords', { StreamName: 'prs-hash', Records: [entry('a'), entry('b', 'x', big), entry('c', 'x', '340282366920938463463374607431768211457')] }),
      'InvalidArgumentException',
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${big}`,
    );
    const iterator = await shardIterator('prs-hash', shardId(0));
    expect(ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records).toEqual([]);
  });

  it('rejects the whole request for a record over 1 MiB, naming it', async () => {
    await createActiveStream('prs-size', 1);
    const big = Buffer.alloc(1024 * 1024).toString('base64');
    expectError(
      await kinesis('PutRecords', { StreamName: 'prs-size', Records: [entry('a'), { PartitionKey: 'k', Data: big }] }),
      'ValidationException',
      "1 validation error detected: Value at 'records.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    );
  });
});

describe('without a PartitionKey', () => {
  it('an AUTO stream takes records with and without keys in one request; GetRecords returns PartitionKey only where one was given', async () => {
    await onDemand('prs-auto');
    await setAuto('prs-auto');
    const records = [keyless('r0'), entry('k1', 'r1', '0'), keyless('r2'), entry('k3', 'r3')];
    const reply = ok(await kinesis('PutRecords', { StreamName: 'prs-auto', Records: records }));
    expect(reply.FailedRecordCount).toBe(0);
    const bySeq = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < 4; i++) {
      const iterator = await shardIterator('prs-auto', shardId(i));
      for (const r of ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records) bySeq.set(r.SequenceNumber, r);
    }
    // _Record: "not returned if the producer did not provide a partition key" (models_0.d.ts, API_Record).
    const readBack = reply.Records.map((r: { SequenceNumber: string }) => {
      const got = bySeq.get(r.SequenceNumber)!;
      return [Buffer.from(got.Data as string, 'base64').toString(), 'PartitionKey' in got ? got.PartitionKey : 'none'];
    });
    expect(readBack).toEqual([['r0', 'none'], ['r1', 'k1'], ['r2', 'none'], ['r3', 'k3']]);
    expect(bySeq.size).toBe(4);
  });
});
