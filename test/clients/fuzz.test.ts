// Bad input never yields a 5xx: seeded random, type-confused and truncated bodies for every operation the server
// has, against a really started server (fast-check drives the values; the run is bounded and repeatable).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startServer, type Server } from './server';
import { rawCall } from './raw';

const OPERATIONS = [
  'CreateStream', 'DeleteStream', 'ListStreams', 'DescribeStream', 'DescribeStreamSummary', 'ListShards', 'PutRecord', 'PutRecords',
  'GetShardIterator', 'GetRecords', 'IncreaseStreamRetentionPeriod', 'DecreaseStreamRetentionPeriod', 'AddTagsToStream',
  'RemoveTagsFromStream', 'ListTagsForStream',
];
const MEMBERS = [
  'StreamName', 'StreamARN', 'ShardCount', 'StreamModeDetails', 'Tags', 'Limit', 'ExclusiveStartStreamName', 'NextToken',
  'ExclusiveStartShardId', 'MaxResults', 'ShardFilter', 'StreamCreationTimestamp', 'Data', 'PartitionKey', 'ExplicitHashKey',
  'SequenceNumberForOrdering', 'Records', 'ShardId', 'ShardIteratorType', 'StartingSequenceNumber', 'Timestamp', 'ShardIterator',
  'RetentionPeriodHours', 'TagKeys', 'ExclusiveStartTagKey', 'EnforceConsumerDeletion',
];

// Values near what each member accepts, and values of every wrong JSON type.
const value = fc.oneof(
  fc.constantFrom('fz', 'fz-1', '', ' ', 'AA==', 'AAAA', '!!', 'shardId-000000000000', 'shardId-9', '-1', '0', 'TRIM_HORIZON', 'LATEST',
    'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'ON_DEMAND', '340282366920938463463374607431768211456',
    'arn:aws:kinesis:us-east-1:000000000000:stream/fz', 'arn:aws:kinesis:us-east-1:000000000000:stream/', 'AAAAAAAAAAE' + 'A'.repeat(100)),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom([], {}, [null], [1, 'a'], { Type: 'AT_LATEST' }, { Type: 'AFTER_SHARD_ID' }, { StreamMode: 'ON_DEMAND' }, { '%': 'v' },
    [{ Data: 'AA==', PartitionKey: 'p' }], [{ Data: 'AA==' }], { k: 'v' }),
);
const request = fc.record({
  operation: fc.constantFrom(...OPERATIONS),
  body: fc.dictionary(fc.constantFrom(...MEMBERS), value, { maxKeys: 5 }),
  stream: fc.option(fc.constantFrom('fz', 'fz-1'), { nil: undefined }),
  cut: fc.option(fc.nat(), { nil: undefined, freq: 10 }),
});

let server: Server;
beforeAll(async () => {
  server = await startServer({ createStreamMs: 0, deleteStreamMs: 0 });
});
afterAll(async () => {
  await server?.stop();
});

describe('random bad input', () => {
  it('gets a 200 or a 4xx with a Kinesis error type for 600 seeded random requests, never a 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, body, stream, cut }) => {
        if (stream !== undefined) body.StreamName = stream;
        let raw = JSON.stringify(body);
        if (cut !== undefined) raw = raw.slice(0, cut % (raw.length + 1));
        const res = await rawCall(server.url, operation, raw);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${operation} ${raw} -> ${res.text}`).toBeLessThan(500);
        if (res.status !== 200) expect(res.json?.__type, `${operation} ${raw} -> ${res.text}`).toMatch(/^[A-Za-z]+Exception$/);
      }),
      { numRuns: 600, seed: 20261126, endOnFailure: true },
    );
    // Both outcomes happened: the generator reaches real successes as well as errors.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  });
});
