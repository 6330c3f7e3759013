import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consumerArn, parseConsumerArn, parseStreamArn, partitionOf, streamArn } from '../../src/model/arn';

const name = fc.stringMatching(/^[a-zA-Z0-9_.-]{1,128}$/);
const account = fc.stringMatching(/^[0-9]{12}$/);
const region = fc.constantFrom('us-east-1', 'eu-west-2', 'ap-southeast-3', 'cn-north-1', 'us-gov-west-1', 'local');

describe('streamArn', () => {
  it('builds arn:aws:kinesis:REGION:ACCT:stream/NAME', () => {
    expect(streamArn('us-east-1', '123456789012', 'my-stream')).toBe('arn:aws:kinesis:us-east-1:123456789012:stream/my-stream');
  });

  it('uses the partition of China and GovCloud regions', () => {
    expect(streamArn('cn-north-1', '123456789012', 's')).toBe('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s');
    expect(streamArn('us-gov-west-1', '123456789012', 's')).toBe('arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/s');
    expect(partitionOf('us-isob-east-1')).toBe('aws-iso-b');
    expect(partitionOf('local')).toBe('aws');
  });
});

describe('parseStreamArn', () => {
  it('splits a stream ARN into its parts', () => {
    expect(parseStreamArn('arn:aws:kinesis:eu-west-1:123456789012:stream/orders.v2_x')).toEqual({
      partition: 'aws', region: 'eu-west-1', account: '123456789012', name: 'orders.v2_x',
    });
  });

  it('accepts the other arn:aws* partitions', () => {
    expect(parseStreamArn('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s')?.partition).toBe('aws-cn');
    expect(parseStreamArn('arn:aws-us-gov:kinesis:us-gov-east-1:123456789012:stream/s')?.partition).toBe('aws-us-gov');
  });

  it('refuses ARNs of other services, resources, partitions or account shapes', () => {
    for (const arn of [
      'arn:aws:kinesis:us-east-1:12345678901:stream/s',
      'arn:aws:kinesis:us-east-1:1234567890123:stream/s',
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
      'arn:azure:kinesis:us-east-1:123456789012:stream/s',
      'arn:aws:kinesis:us-east-1:123456789012:stream/',
      'arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1',
      'arn:aws:kinesis:us-east-1:123456789012:stream/' + 'a'.repeat(129),
      'arn:aws:kinesis::123456789012:stream/s',
      'stream/s',
      '',
    ]) expect(parseStreamArn(arn)).toBeNull();
  });

  it('inverts streamArn', () => {
    fc.assert(fc.property(region, account, name, (r, a, n) => {
      expect(parseStreamArn(streamArn(r, a, n))).toEqual({ partition: partitionOf(r), region: r, account: a, name: n });
    }));
  });
});

describe('consumerArn', () => {
  it('appends /consumer/NAME:CREATION_EPOCH_SECONDS to the stream ARN', () => {
    expect(consumerArn('us-east-1', '123456789012', 'my-stream', 'app1', 1700000000))
      .toBe('arn:aws:kinesis:us-east-1:123456789012:stream/my-stream/consumer/app1:1700000000');
  });

  it('parses back into stream and consumer parts', () => {
    expect(parseConsumerArn('arn:aws:kinesis:us-east-1:123456789012:stream/my-stream/consumer/app1:1700000000')).toEqual({
      partition: 'aws', region: 'us-east-1', account: '123456789012', name: 'my-stream', consumerName: 'app1', createdAtSec: 1700000000,
    });
    expect(parseConsumerArn('arn:aws:kinesis:us-east-1:123456789012:stream/my-stream')).toBeNull();
    expect(parseConsumerArn('arn:aws:kinesis:us-east-1:123456789012:stream/my-stream/consumer/app1')).toBeNull();
  });

  it('round-trips any names and times', () => {
    fc.assert(fc.property(region, account, name, name, fc.integer({ min: 0, max: 2 ** 40 }), (r, a, s, c, t) => {
      expect(parseConsumerArn(consumerArn(r, a, s, c, t))).toMatchObject({ region: r, account: a, name: s, consumerName: c, createdAtSec: t });
    }));
  });
});
