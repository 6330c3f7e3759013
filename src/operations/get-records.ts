// GetRecords: reads from the position a shard iterator carries, and hands back the next iterator.
// One object call: the iterator names the shard object directly.
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { Bytes, EpochTime } from '../protocol/values';
import { decodeIterator, encodeIterator, isIteratorExpired } from '../model/iterator';
import { formatJavaUtcDate } from '../model/java-date';
import { ITERATOR_TTL_MS, MAX_GET_RECORDS_LIMIT } from '../limits';
import { shardStub } from './records';
import { childShardView } from './views';
import { streamNameOf } from './streams';
import { dryRunError } from '../model/stream-settings';
import { partitionKeyMember } from '../model/shard';
import { cachedStream } from './stream-cache';
import { readThrottledMessage } from '../model/throttle';
import { injectCallFault } from './faults';
import type { Context } from './operation';

/**
 * The ARN names a stream the iterator was not issued for: not found when that stream does not exist, otherwise
 * refused. AWS's wording for the latter is not known; ours follows its GetShardIterator answer for a sequence
 * number "used in GetShardIterator on shard ... is invalid because it did not come from this stream."
 */
async function refuseOtherStream(ctx: Context, arnName: string): Promise<never> {
  await cachedStream(ctx, arnName);
  throw new KinesisError(
    'InvalidArgumentException',
    `ShardIterator used in GetRecords on stream ${arnName} under account ${ctx.tenant.account} is invalid because it did not come from this stream.`,
  );
}

/** AWS takes an iterator wrapped in literal double quotes, as some clients send one they read from JSON text
 *  (aws-behaviour §3.20); base64 has no quotes, so stripping one pair cannot change a real iterator. */
const unquoted = (iterator: string): string =>
  iterator.length >= 2 && iterator.startsWith('"') && iterator.endsWith('"') ? iterator.slice(1, -1) : iterator;

export const GetRecords = operation('GetRecords', async function GetRecords(ctx, input) {
  // The ARN, when sent, is the stream asked for (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html):
  // malformed, or another tenant's, it is refused before the iterator is even read, as for every operation.
  const arnName = input.StreamARN === undefined ? undefined : streamNameOf(ctx, { StreamARN: input.StreamARN });
  const state = decodeIterator(unquoted(input.ShardIterator), ctx.config.iteratorKey);
  // An iterator from another tenant reads as malformed: it cannot name this tenant's shards.
  if (!state || state.account !== ctx.tenant.account || state.region !== ctx.tenant.region) {
    throw new KinesisError('InvalidArgumentException', 'Invalid ShardIterator.'); // [KL; aws-behaviour §3.9]
  }
  if (arnName !== undefined && arnName !== state.streamName) await refuseOtherStream(ctx, arnName);
  if (isIteratorExpired(state, ctx.now)) {
    throw new KinesisError(
      'ExpiredIteratorException',
      `Iterator expired. The iterator was created at time ${formatJavaUtcDate(state.issuedAt)} while right now it is ${formatJavaUtcDate(ctx.now)} which is further in the future than the tolerated delay of ${ITERATOR_TTL_MS} milliseconds.`,
    );
  }
  // Everything is checked: a dry run ends here, nothing read and no iterator handed out [DOC GetRecords DryRun].
  if (input.DryRun === true) throw KinesisError.from(dryRunError());
  // An injected fault (--fault GetRecords:...) answers before anything is read; throttling names the shard.
  injectCallFault(ctx, 'GetRecords', () => readThrottledMessage(state.account, state.streamName, state.shardIndex));
  const stream = { name: state.streamName, createdAt: state.streamCreatedAt };
  const page = unwrap(
    await shardStub(ctx, stream, state.shardIndex).getRecords(
      { account: state.account, streamName: state.streamName, shardIndex: state.shardIndex },
      Number(state.afterCounter),
      input.Limit ?? MAX_GET_RECORDS_LIMIT,
      // THROTTLE=aws: the shard counts this call against its read rate, shared by all its readers [DOC GetRecords].
      ctx.config.throttle === 'aws',
    ),
  );
  const records = page.records.map((r) => ({
    SequenceNumber: r.sequenceNumber,
    ApproximateArrivalTimestamp: new EpochTime(r.arrival),
    Data: new Bytes(new Uint8Array(r.data)),
    ...partitionKeyMember(r.partitionKey),
    // Records written while the stream was encrypted say so; others omit it, as PutRecord's answer does (aws-behaviour §3.20).
    ...(r.kms ? { EncryptionType: 'KMS' as const } : {}),
  }));
  // At the end of a closed shard: no next iterator, the children instead [DOC GetRecords, ChildShards].
  if (page.childShards) return { Records: records, MillisBehindLatest: page.millisBehindLatest, ChildShards: page.childShards.map(childShardView) };
  // Every call hands out a new iterator, fresh for another 5 minutes [DOC GetRecords].
  const next = encodeIterator({ ...state, afterCounter: BigInt(page.lastCounter), issuedAt: ctx.now }, ctx.config.iteratorKey);
  return { Records: records, NextShardIterator: next, MillisBehindLatest: page.millisBehindLatest };
});
