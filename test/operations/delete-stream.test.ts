// DeleteStream: any state, CREATING included; DELETING for the configured delay, then gone
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS_DELAY_MS, advance, createActiveStream, expectEmptyOk, expectError, kinesis, ok, putRecord, restoreClock, shardIterator, freshStart, waitForGone } from '../helpers/kinesis';
import { NAME_PATTERN, detected, item, notFound, serialization } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('refusals', () => {
  itRefuses('DeleteStream', [
    ['rejects a numeric StreamName', { StreamName: 12 }, serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String')],
    ['rejects a StreamName outside the pattern before looking the stream up', { StreamName: 'no such!' }, detected(item('no such!', 'streamName', NAME_PATTERN))],
    ['answers ResourceNotFoundException for a stream that does not exist', { StreamName: 'ghost' }, notFound('ghost')],
  ]);
});

describe('behaviour', () => {
  it('deletes a CREATING stream', async () => {
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'young', ShardCount: 1 }));
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'young' }));
    expect(ok(await kinesis('DescribeStream', { StreamName: 'young' })).StreamDescription.StreamStatus).toBe('DELETING');
    await waitForGone('young');
  });

  it('shows DELETING until the delete delay has passed, then not found', async () => {
    await createActiveStream('doomed', 2);
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'doomed' }));
    const d = ok(await kinesis('DescribeStream', { StreamName: 'doomed' })).StreamDescription;
    expect(d.StreamStatus).toBe('DELETING');
    expect(ok(await kinesis('ListStreams', {})).StreamSummaries.find((s: { StreamName: string }) => s.StreamName === 'doomed').StreamStatus).toBe('DELETING');
    advance(STATUS_DELAY_MS - 1);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'doomed' })).StreamDescriptionSummary.StreamStatus).toBe('DELETING');
    advance(1);
    expectError(await kinesis('DescribeStream', { StreamName: 'doomed' }), 'ResourceNotFoundException', 'Stream doomed under account 000000000000 not found.');
    expect(ok(await kinesis('ListStreams', {})).StreamNames).not.toContain('doomed');
    expectError(await kinesis('DeleteStream', { StreamName: 'doomed' }), 'ResourceNotFoundException', 'Stream doomed under account 000000000000 not found.');
  });

  it('deletes by StreamARN', async () => {
    await createActiveStream('by-arn');
    expectEmptyOk(await kinesis('DeleteStream', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/by-arn' }));
    await waitForGone('by-arn');
  });

  it('lets the name be used again once gone, and the new stream starts empty', async () => {
    await createActiveStream('reborn');
    await putRecord('reborn', 'k', 'old');
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'reborn' }));
    expectError(await kinesis('CreateStream', { StreamName: 'reborn', ShardCount: 1 }), 'ResourceInUseException', 'Stream reborn under account 000000000000 already exists.');
    await waitForGone('reborn');
    await createActiveStream('reborn');
    const iterator = await shardIterator('reborn', 'shardId-000000000000');
    expect(ok(await kinesis('GetRecords', { ShardIterator: iterator })).Records).toEqual([]);
  });

  it('refuses writes to a DELETING stream as not found', async () => {
    await createActiveStream('closing');
    expectEmptyOk(await kinesis('DeleteStream', { StreamName: 'closing' }));
    expectError(
      await kinesis('PutRecord', { StreamName: 'closing', PartitionKey: 'k', Data: '' }),
      'ResourceNotFoundException',
      'Stream closing under account 000000000000 not found.',
    );
  });
});
