// GetRecords: reads from the position a shard iterator carries, and hands back the next iterator.
// One object call: the iterator names the shard object directly.
import { defineOperation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { Bytes, EpochTime } from '../protocol/values';
import { decodeIterator, encodeIterator, isIteratorExpired, ITERATOR_TTL_MS } from '../model/iterator';
import { formatJavaUtcDate } from '../model/java-date';
import { MAX_GET_RECORDS_LIMIT } from '../limits';
import { shardStub } from './records';

interface Input {
  ShardIterator: string;
  Limit?: number;
}

export default defineOperation<Input>({
  async run(ctx, input) {
    const state = decodeIterator(input.ShardIterator, ctx.config.iteratorKey);
    // An iterator from another tenant reads as malformed: it cannot name this tenant's shards.
    if (!state || state.account !== ctx.tenant.account || state.region !== ctx.tenant.region) {
      throw new KinesisError('InvalidArgumentException', 'Invalid ShardIterator.'); // [KL; facts §3.9]
    }
    if (isIteratorExpired(state, ctx.now)) {
      throw new KinesisError(
        'ExpiredIteratorException',
        `Iterator expired. The iterator was created at time ${formatJavaUtcDate(state.issuedAt)} while right now it is ${formatJavaUtcDate(ctx.now)} which is further in the future than the tolerated delay of ${ITERATOR_TTL_MS} milliseconds.`,
      );
    }
    const stream = { name: state.streamName, createdAt: state.streamCreatedAt };
    const page = unwrap(
      await shardStub(ctx, stream, state.shardIndex).getRecords(
        { account: state.account, streamName: state.streamName, shardIndex: state.shardIndex },
        Number(state.afterCounter),
        input.Limit ?? MAX_GET_RECORDS_LIMIT,
      ),
    );
    // Every call hands out a new iterator, fresh for another 5 minutes [DOC GetRecords].
    const next = encodeIterator({ ...state, afterCounter: BigInt(page.lastCounter), issuedAt: ctx.now }, ctx.config.iteratorKey);
    return {
      Records: page.records.map((r) => ({
        SequenceNumber: r.sequenceNumber,
        ApproximateArrivalTimestamp: new EpochTime(r.arrival),
        Data: new Bytes(new Uint8Array(r.data)),
        PartitionKey: r.partitionKey,
      })),
      NextShardIterator: next,
      MillisBehindLatest: page.millisBehindLatest,
    };
  },
});
