// DecreaseStreamRetentionPeriod: 24-8760 hours, never longer than the current period; older data is hidden at once
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advance, expectEmptyOk, freshStart, kinesis, ok, putRecord, restoreClock, shardId, shardIterator } from '../helpers/kinesis';
import { NOT_NULL, detected, item } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';
import { retentionChangeSuite, streamWithRetention } from '../helpers/retention';

const HOUR = 3_600_000;

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('request shape', () => {
  itRefuses('DecreaseStreamRetentionPeriod', [['requires RetentionPeriodHours', { StreamName: 's' }, detected(item(null, 'retentionPeriodHours', NOT_NULL))]]);
});

describe('behaviour', () => {
  retentionChangeSuite({
    operation: 'DecreaseStreamRetentionPeriod',
    prefix: 'dec',
    from: 100,
    to: 30,
    wrongWay: 101,
    wrongWayMessage: (name) =>
      `Requested retention period (101 hours) for stream ${name} can not be longer than existing retention period (100 hours). Use IncreaseRetentionPeriod API.`,
  });

  it('hides data older than the new period at once', async () => {
    await streamWithRetention('dec-hide', 48);
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
