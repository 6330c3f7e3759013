// DecreaseStreamRetentionPeriod (facts §3.10): 24-8760 hours, never longer than the current period; older data
// is hidden at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advance, createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, putRecord, restoreClock, shardId, shardIterator } from '../helpers/kinesis';

const HOUR = 3_600_000;
const retention = async (name: string) => ok(await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary.RetentionPeriodHours;

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('validation', () => {
  it('requires RetentionPeriodHours', async () => {
    expectError(
      await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 's' }),
      'ValidationException',
      "1 validation error detected: Value null at 'retentionPeriodHours' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('behaviour', () => {
  it('answers ResourceNotFoundException for a missing stream', async () => {
    expectError(
      await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 'missing', RetentionPeriodHours: 24 }),
      'ResourceNotFoundException',
      'Stream missing under account 000000000000 not found.',
    );
  });

  it('rejects 23 hours as too short', async () => {
    await createActiveStream('dec-23');
    expectError(
      await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 'dec-23', RetentionPeriodHours: 23 }),
      'InvalidArgumentException',
      'Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.',
    );
  });

  it('rejects 8761 hours as too long before the direction', async () => {
    await createActiveStream('dec-8761');
    expectError(
      await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 'dec-8761', RetentionPeriodHours: 8761 }),
      'InvalidArgumentException',
      'Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.',
    );
  });

  it('refuses to lengthen the period, pointing at IncreaseRetentionPeriod', async () => {
    await createActiveStream('dec-wrong-way');
    expectError(
      await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 'dec-wrong-way', RetentionPeriodHours: 25 }),
      'InvalidArgumentException',
      'Requested retention period (25 hours) for stream dec-wrong-way can not be longer than existing retention period (24 hours). Use IncreaseRetentionPeriod API.',
    );
  });

  it('lowers the period and accepts the current value', async () => {
    await createActiveStream('dec-ok');
    expectEmptyOk(await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'dec-ok', RetentionPeriodHours: 100 }));
    expectEmptyOk(await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 'dec-ok', RetentionPeriodHours: 100 }));
    expectEmptyOk(await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 'dec-ok', RetentionPeriodHours: 30 }));
    expect(await retention('dec-ok')).toBe(30);
  });

  it('hides data older than the new period at once', async () => {
    await createActiveStream('dec-hide');
    expectEmptyOk(await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'dec-hide', RetentionPeriodHours: 48 }));
    await putRecord('dec-hide', 'k', 'old');
    advance(30 * HOUR);
    await putRecord('dec-hide', 'k', 'new');
    const read = async () =>
      ok(await kinesis('GetRecords', { ShardIterator: await shardIterator('dec-hide', shardId(0)) })).Records.map((r: { Data: string }) => Buffer.from(r.Data, 'base64').toString());
    expect(await read()).toEqual(['old', 'new']);
    expectEmptyOk(await kinesis('DecreaseStreamRetentionPeriod', { StreamName: 'dec-hide', RetentionPeriodHours: 24 }));
    expect(await read()).toEqual(['new']);
  });
});
