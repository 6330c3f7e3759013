// IncreaseStreamRetentionPeriod (facts §3.10): 24-8760 hours, never shorter than the current period.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveStream, expectEmptyOk, expectError, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';

const retention = async (name: string) => ok(await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary.RetentionPeriodHours;

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('serialization', () => {
  it('rejects a string RetentionPeriodHours', async () => {
    expectError(
      await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: '48' }),
      'SerializationException',
      'class java.lang.String can not be converted to an Integer',
    );
  });
});

describe('validation', () => {
  it('requires RetentionPeriodHours, listed before streamName', async () => {
    expectError(
      await kinesis('IncreaseStreamRetentionPeriod', { StreamName: '' }),
      'ValidationException',
      "3 validation errors detected: Value null at 'retentionPeriodHours' failed to satisfy constraint: Member must not be null; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});

describe('behaviour', () => {
  it('answers ResourceNotFoundException for a missing stream', async () => {
    expectError(
      await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'missing', RetentionPeriodHours: 48 }),
      'ResourceNotFoundException',
      'Stream missing under account 000000000000 not found.',
    );
  });

  it('answers ResourceInUseException while CREATING', async () => {
    expectEmptyOk(await kinesis('CreateStream', { StreamName: 'inc-creating', ShardCount: 1 }));
    expectError(
      await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'inc-creating', RetentionPeriodHours: 48 }),
      'ResourceInUseException',
      'Stream inc-creating under account 000000000000 not ACTIVE, instead in state CREATING',
    );
  });

  it('rejects 23 hours as too short', async () => {
    await createActiveStream('inc-23');
    expectError(
      await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'inc-23', RetentionPeriodHours: 23 }),
      'InvalidArgumentException',
      'Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.',
    );
  });

  it('rejects 8761 hours as too long', async () => {
    await createActiveStream('inc-8761');
    expectError(
      await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'inc-8761', RetentionPeriodHours: 8761 }),
      'InvalidArgumentException',
      'Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.',
    );
  });

  it('refuses to shorten the period, pointing at DecreaseRetentionPeriod', async () => {
    await createActiveStream('inc-wrong-way');
    expectEmptyOk(await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'inc-wrong-way', RetentionPeriodHours: 48 }));
    expectError(
      await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'inc-wrong-way', RetentionPeriodHours: 25 }),
      'InvalidArgumentException',
      'Requested retention period (25 hours) for stream inc-wrong-way can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.',
    );
    expect(await retention('inc-wrong-way')).toBe(48);
  });

  it('raises the period up to 8760 hours and accepts the current value', async () => {
    await createActiveStream('inc-ok');
    expectEmptyOk(await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'inc-ok', RetentionPeriodHours: 24 }));
    expect(await retention('inc-ok')).toBe(24);
    expectEmptyOk(await kinesis('IncreaseStreamRetentionPeriod', { StreamName: 'inc-ok', RetentionPeriodHours: 8760 }));
    expect(await retention('inc-ok')).toBe(8760);
    expect(ok(await kinesis('DescribeStream', { StreamName: 'inc-ok' })).StreamDescription.RetentionPeriodHours).toBe(8760);
  });
});
