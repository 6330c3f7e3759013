// The isolate cache of stream state: changes made through the Worker are never hidden by it, and wiped storage
// (tests) is not answered from it once the cache is cleared.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reset } from 'cloudflare:test';
import { createActiveStream, expectError, freshStart, kinesis, restoreClock } from '../helpers/kinesis';

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('stream cache', () => {
  it('answers "not found" for a stream whose storage was wiped, once the cache is cleared (what freshStart does)', async () => {
    await createActiveStream('cache-wiped');
    expect((await kinesis('DescribeStreamSummary', { StreamName: 'cache-wiped' })).status).toBe(200);
    await reset();
    await freshStart();
    expectError(await kinesis('DescribeStreamSummary', { StreamName: 'cache-wiped' }), 'ResourceNotFoundException', 'Stream cache-wiped under account 000000000000 not found.');
  });

  it('shows a retention change at once, even right after a cached read', async () => {
    await createActiveStream('cache-retention');
    const before = await kinesis('DescribeStreamSummary', { StreamName: 'cache-retention' });
    expect(before.body.StreamDescriptionSummary.RetentionPeriodHours).toBe(24);
    expect((await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'cache-retention', RetentionPeriodHours: 48 })).status).toBe(200);
    const after = await kinesis('DescribeStreamSummary', { StreamName: 'cache-retention' });
    expect(after.body.StreamDescriptionSummary.RetentionPeriodHours).toBe(48);
  });

  it('refuses puts right after DeleteStream, even though the put before it was served from the cache', async () => {
    await createActiveStream('cache-deleted');
    expect((await kinesis('PutRecord', { StreamName: 'cache-deleted', Data: 'AA==', PartitionKey: 'k' })).status).toBe(200);
    expect((await kinesis('DeleteStream', { StreamName: 'cache-deleted' })).status).toBe(200);
    expectError(
      await kinesis('PutRecord', { StreamName: 'cache-deleted', Data: 'AA==', PartitionKey: 'k' }),
      'ResourceNotFoundException',
      'Stream cache-deleted under account 000000000000 not found.',
    );
  });
});
