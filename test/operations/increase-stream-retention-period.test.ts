// IncreaseStreamRetentionPeriod: 24-8760 hours, never shorter than the current period
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html).
import { afterEach, beforeEach, describe } from 'vitest';
import { freshStart, restoreClock } from '../helpers/kinesis';
import { NAME_PATTERN, NOT_NULL, detected, item, minLength, serialization } from '../helpers/messages';
import { itRefuses } from '../helpers/refusals';
import { retentionChangeSuite } from '../helpers/retention';

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('request shape', () => {
  itRefuses('IncreaseStreamRetentionPeriod', [
    ['rejects a string RetentionPeriodHours', { StreamName: 's', RetentionPeriodHours: '48' }, serialization('class java.lang.String can not be converted to an Integer')],
    [
      'requires RetentionPeriodHours, listed before streamName',
      { StreamName: '' },
      detected(item(null, 'retentionPeriodHours', NOT_NULL), item('', 'streamName', NAME_PATTERN), item('', 'streamName', minLength(1))),
    ],
  ]);
});

describe('behaviour', () => {
  retentionChangeSuite({
    operation: 'IncreaseStreamRetentionPeriod',
    prefix: 'inc',
    from: 48,
    to: 8760,
    wrongWay: 25,
    wrongWayMessage: (name) =>
      `Requested retention period (25 hours) for stream ${name} can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.`,
  });
});
