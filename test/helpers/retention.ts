// What IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod share, run by each operation's file: AWS's
// bounds of 24 to 8760 hours (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html,
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html), the stream
// lookups, and a change only in the direction the operation's name says.
import { expect, it } from 'vitest';
import { createActiveStream, expectEmptyOk, kinesis, ok } from './kinesis';
import { invalidArgument, notActive, notFound } from './messages';
import { itRefuses } from './refusals';

export interface RetentionChange {
  operation: 'IncreaseStreamRetentionPeriod' | 'DecreaseStreamRetentionPeriod';
  /** Stream names of this suite start with it: both suites may run in one isolate. */
  prefix: string;
  /** The period the stream is brought to first (24 is CreateStream's), and the period the operation then sets. */
  from: number;
  to: number;
  /** A stream at `from` asked for this period is asked to go the wrong way... */
  wrongWay: number;
  /** ...and AWS answers with this message, naming the other operation. */
  wrongWayMessage: (name: string) => string;
}

export const retentionOf = async (name: string): Promise<number> =>
  ok(await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary.RetentionPeriodHours;

/** An ACTIVE stream whose period is `hours` (raised from CreateStream's 24 when it differs). */
export async function streamWithRetention(name: string, hours: number): Promise<void> {
  await createActiveStream(name);
  if (hours !== 24) expectEmptyOk(await kinesis('IncreaseStreamRetentionPeriod', { StreamName: name, RetentionPeriodHours: hours }));
}

export function retentionChangeSuite(c: RetentionChange): void {
  const name = (what: string) => `${c.prefix}-${what}`;
  const request = (what: string, hours: number) => ({ StreamName: name(what), RetentionPeriodHours: hours });

  itRefuses(c.operation, [
    ['answers ResourceNotFoundException for a missing stream', { StreamName: 'missing', RetentionPeriodHours: 48 }, notFound('missing')],
    [
      'answers ResourceInUseException while the stream is CREATING',
      request('creating', 48),
      notActive(name('creating'), 'CREATING'),
      async () => expectEmptyOk(await kinesis('CreateStream', { StreamName: name('creating'), ShardCount: 1 })),
    ],
    [
      'rejects 23 hours as too short',
      request('23', 23),
      invalidArgument('Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.'),
      () => streamWithRetention(name('23'), c.from),
    ],
    [
      'rejects 8761 hours as too long, before looking at the direction',
      request('8761', 8761),
      invalidArgument('Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.'),
      () => streamWithRetention(name('8761'), c.from),
    ],
    [
      'refuses a change the other way, pointing at the other operation',
      request('wrong-way', c.wrongWay),
      invalidArgument(c.wrongWayMessage(name('wrong-way'))),
      () => streamWithRetention(name('wrong-way'), c.from),
    ],
  ]);

  it('leaves the period alone after refusing a change the other way', async () => {
    await streamWithRetention(name('kept'), c.from);
    expect((await kinesis(c.operation, request('kept', c.wrongWay))).status).toBe(400);
    expect(await retentionOf(name('kept'))).toBe(c.from);
  });

  it('accepts the current period, then sets the new one, which DescribeStream and DescribeStreamSummary report', async () => {
    await streamWithRetention(name('ok'), c.from);
    expectEmptyOk(await kinesis(c.operation, request('ok', c.from)));
    expect(await retentionOf(name('ok'))).toBe(c.from);
    expectEmptyOk(await kinesis(c.operation, request('ok', c.to)));
    expect(await retentionOf(name('ok'))).toBe(c.to);
    expect(ok(await kinesis('DescribeStream', { StreamName: name('ok') })).StreamDescription.RetentionPeriodHours).toBe(c.to);
  });
}
