// GetShardIterator: resolves a starting position in a shard to a signed iterator, with AWS's checks in order:
// shard id syntax, iterator type vs sequence number/timestamp, the stream and shard, then the sequence number.
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { encodeIterator } from '../model/iterator';
import { parseSequenceNumber } from '../model/sequence-number';
import { formatShardId, parseShardIdLenient } from '../model/shard-id';
import { shardNotFound } from '../model/stream-rules';
import { dryRunError } from '../model/stream-settings';
import type { StartPosition } from '../model/shard';
import { shardRefOf, shardStub } from './records';
import { loadStream, streamNameOf } from './streams';
import { cachedStream, forgetStream } from './stream-cache';

type IteratorType = 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export const GetShardIterator = operation('GetShardIterator', async function GetShardIterator(ctx, input) {
  const name = streamNameOf(ctx, input);
  const account = ctx.tenant.account;
  // The shard id is read leniently and checked before the stream exists [KL; aws-behaviour §3.8].
  const shardIndex = parseShardIdLenient(input.ShardId);
  if (shardIndex === null) {
    throw new KinesisError('ResourceNotFoundException', `Could not find shard ${input.ShardId} in stream ${name} under account ${account}.`);
  }
  const type = input.ShardIteratorType;
  const bySequence = type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER';
  const seq = input.StartingSequenceNumber;
  if ((bySequence && seq === undefined) || ((type === 'TRIM_HORIZON' || type === 'LATEST') && seq !== undefined)) {
    throw new KinesisError(
      'InvalidArgumentException',
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
        `Request specified ${type} and ${seq === undefined ? 'no StartingSequenceNumber' : 'also a StartingSequenceNumber'}.`,
    );
  }
  if (type === 'AT_TIMESTAMP') {
    if (input.Timestamp === undefined) {
      throw new KinesisError('InvalidArgumentException', 'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
    }
    if (input.Timestamp > ctx.now) {
      throw new KinesisError(
        'InvalidArgumentException',
        `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${input.Timestamp}, currentTimestampInMillis: ${ctx.now}`,
      );
    }
  }
  const shardId = formatShardId(shardIndex);
  const notFound = () => KinesisError.from(shardNotFound(name, account, shardId));
  let stream = await cachedStream(ctx, name).catch(() => {
    throw notFound();
  });
  // A CREATING stream has no shards yet [KL; aws-behaviour §3.0].
  const find = () => (stream.status === 'CREATING' ? undefined : stream.shards.find((s) => s.index === shardIndex));
  let shard = find();
  if (!shard && stream.status !== 'CREATING' && shardIndex >= stream.shards.length) {
    // A child of a reshard made through another isolate is not in this one's cached map yet (new shards take the next
    // indices): read the map afresh before saying it does not exist.
    forgetStream(ctx, name);
    stream = await loadStream(ctx, name).catch(() => {
      throw notFound();
    });
    shard = find();
  }
  if (!shard) throw notFound();

  let start: StartPosition;
  if (bySequence) {
    const parsed = parseSequenceNumber(seq!);
    const invalid = `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${name} under account ${account} is invalid`;
    // Differs from AWS: AWS answers the value 0 with a 500 InternalFailure (aws-behaviour §3.8); we give the "invalid" answer.
    if (!parsed) throw new KinesisError('InvalidArgumentException', `${invalid}.`);
    if (parsed.shardIndex !== shardIndex) {
      throw new KinesisError(
        'InvalidArgumentException',
        `Invalid StartingSequenceNumber. It encodes ${formatShardId(parsed.shardIndex)}, while it was used in a call to a shard with ${shardId}`,
      );
    }
    if (parsed.shardCreatedAtSec !== Math.floor(shard.createdAt / 1000)) {
      throw new KinesisError('InvalidArgumentException', `${invalid} because it did not come from this stream.`);
    }
    // Counters past 2^53 exist only in EndingSequenceNumbers (the largest counter): the shard clamps to its end.
    const counter = parsed.counter > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(parsed.counter);
    start = { type: 'AFTER_COUNTER', counter: type === 'AT_SEQUENCE_NUMBER' ? counter - 1 : counter };
  } else if (type === 'AT_TIMESTAMP') {
    start = { type: 'AT_TIMESTAMP', timestamp: input.Timestamp! };
  } else {
    start = { type };
  }
  // Everything is checked: a dry run ends here, before the shard is asked (its first use registers it) [DOC DryRun].
  if (input.DryRun === true) throw KinesisError.from(dryRunError());
  const afterCounter = unwrap(await shardStub(ctx, stream, shardIndex).position(shardRefOf(stream, shard), start));
  const iterator = encodeIterator(
    { account, region: ctx.tenant.region, streamName: name, streamCreatedAt: stream.createdAt, shardIndex, afterCounter: BigInt(afterCounter), issuedAt: ctx.now },
    ctx.config.iteratorKey,
  );
  return { ShardIterator: iterator };
});
