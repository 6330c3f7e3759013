// DescribeAccountSettings and UpdateAccountSettings through the Worker: the minimum throughput billing commitment,
// stored per account and region, with AWS's rules: a 24-hour minimum; a disable inside it is scheduled for the
// earliest allowed end; enabling again before then cancels it
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MinimumThroughputBillingCommitmentInput.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, advance, freshStart, kinesis, ok, restoreClock } from '../helpers/kinesis';
import { NOT_NULL, detected, item } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';

beforeEach(freshStart);
afterEach(() => restoreClock());

const DAY = 24 * 3600_000;
const update = async (Status: string, opts = {}) =>
  ok(await kinesis('UpdateAccountSettings', { MinimumThroughputBillingCommitment: { Status } }, opts)).MinimumThroughputBillingCommitment;
const describeSettings = async (opts = {}) => ok(await kinesis('DescribeAccountSettings', {}, opts)).MinimumThroughputBillingCommitment;
const sec = (ms: number) => ms / 1000;

describe('refusals', () => {
  itRefuses('UpdateAccountSettings', [
    ['needs MinimumThroughputBillingCommitment', {}, detected(item(null, 'minimumThroughputBillingCommitment', NOT_NULL))],
    ['needs a Status', { MinimumThroughputBillingCommitment: {} }, detected(item(null, 'minimumThroughputBillingCommitment.status', NOT_NULL))],
    [
      'takes only ENABLED and DISABLED',
      { MinimumThroughputBillingCommitment: { Status: 'ENABLED_UNTIL_EARLIEST_ALLOWED_END' } },
      detected(item('ENABLED_UNTIL_EARLIEST_ALLOWED_END', 'minimumThroughputBillingCommitment.status', 'Member must satisfy enum value set: [ENABLED, DISABLED]')),
    ],
  ]);
});

describe('behaviour', () => {
  it('starts DISABLED with no times', async () => {
    expect(await describeSettings()).toEqual({ Status: 'DISABLED' });
  });

  it('enables with a 24-hour minimum; an early disable holds until the earliest end; enabling again cancels it', async () => {
    const enabled = { Status: 'ENABLED', StartedAt: sec(T0), EarliestAllowedEndAt: sec(T0 + DAY) };
    expect(await update('ENABLED')).toEqual(enabled);
    expect(await describeSettings()).toEqual(enabled);
    advance(3600_000);
    // Enabling what is enabled changes nothing.
    expect(await update('ENABLED')).toEqual(enabled);
    const pending = { ...enabled, Status: 'ENABLED_UNTIL_EARLIEST_ALLOWED_END', EndedAt: sec(T0 + DAY) };
    expect(await update('DISABLED')).toEqual(pending);
    expect(await describeSettings()).toEqual(pending);
    expect(await update('ENABLED')).toEqual(enabled);
    expect(await update('DISABLED')).toEqual(pending);
    advance(DAY - 3600_000);
    expect(await describeSettings()).toEqual({ ...pending, Status: 'DISABLED' });
  });

  it('a disable after the minimum ends at once; a later enable starts a new commitment', async () => {
    await update('ENABLED');
    advance(DAY + 5000);
    const ended = { Status: 'DISABLED', StartedAt: sec(T0), EarliestAllowedEndAt: sec(T0 + DAY), EndedAt: sec(T0 + DAY + 5000) };
    expect(await update('DISABLED')).toEqual(ended);
    expect(await update('DISABLED')).toEqual(ended);
    advance(1000);
    const again = T0 + DAY + 6000;
    expect(await update('ENABLED')).toEqual({ Status: 'ENABLED', StartedAt: sec(again), EarliestAllowedEndAt: sec(again + DAY) });
  });

  it('is kept per account and per region', async () => {
    await update('ENABLED');
    expect((await describeSettings({ accessKey: '111111111111' })).Status).toBe('DISABLED');
    expect((await describeSettings({ region: 'eu-west-1' })).Status).toBe('DISABLED');
    expect((await describeSettings()).Status).toBe('ENABLED');
  });
});
