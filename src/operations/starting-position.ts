// Where a read starts, as GetShardIterator and SubscribeToShard both take it (an iterator type with a sequence number
// or a timestamp), checked with GetShardIterator's messages in AWS's order: the type against its companions before
// the stream is read, the sequence number against the shard after (aws-behaviour §3.8; SubscribeToShard reuses them,
// §3.14). Also finding a shard in a possibly stale cached map. Must not call shard objects.
import { KinesisError } from '../protocol/errors';
import { parseSequenceNumber } from '../model/sequence-number';
import { formatShardId } from '../model/shard-id';
import type { StartPosition } from '../model/shard';
import type { ShardInfo } from '../model/stream';
import type { Context } from './operation';
import { loadStream, type LoadedStream } from './streams';
import { cachedStream, forgetStream } from './stream-cache';

export type PositionType = 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export interface PositionInput {
  type: PositionType;
  sequenceNumber?: string;
  /** epoch ms */
  timestamp?: number;
}

/** The checks that need no stream: the type and what it must (not) come with. */
export function checkPositionInput(p: PositionInput, now: number): void {
  const bySequence = p.type === 'AT_SEQUENCE_NUMBER' || p.type === 'AFTER_SEQUENCE_NUMBER';
  const seq = p.sequenceNumber;
  if ((bySequence && seq === undefined) || ((p.type === 'TRIM_HORIZON' || p.type === 'LATEST') && seq !== undefined)) {
    throw new KinesisError(
      'InvalidArgumentException',
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
        `Request specified ${p.type} and ${seq === undefined ? 'no StartingSequenceNumber' : 'also a StartingSequenceNumber'}.`,
    );
  }
  if (p.type === 'AT_TIMESTAMP') {
    if (p.timestamp === undefined) {
      throw new KinesisError('InvalidArgumentException', 'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
    }
    if (p.timestamp > now) {
      throw new KinesisError(
        'InvalidArgumentException',
        `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${p.timestamp}, currentTimestampInMillis: ${now}`,
      );
    }
  }
}

/** The position in `shard`, once it is known: a sequence number must be this shard's, of this generation. */
export function startPosition(p: PositionInput, shard: ShardInfo, where: { operation: string; stream: string; account: string }): StartPosition {
  if (p.type === 'AT_TIMESTAMP') return { type: 'AT_TIMESTAMP', timestamp: p.timestamp! };
  if (p.type === 'TRIM_HORIZON' || p.type === 'LATEST') return { type: p.type };
  const seq = p.sequenceNumber!;
  const shardId = formatShardId(shard.index);
  const parsed = parseSequenceNumber(seq);
  const invalid = `StartingSequenceNumber ${seq} used in ${where.operation} on shard ${shardId} in stream ${where.stream} under account ${where.account} is invalid`;
  // Differs from AWS: AWS answers the value 0 with a 500 InternalFailure (aws-behaviour §3.8); we give the "invalid" answer.
  if (!parsed) throw new KinesisError('InvalidArgumentException', `${invalid}.`);
  if (parsed.shardIndex !== shard.index) {
    throw new KinesisError('InvalidArgumentException', `Invalid StartingSequenceNumber. It encodes ${formatShardId(parsed.shardIndex)}, while it was used in a call to a shard with ${shardId}`);
  }
  if (parsed.shardCreatedAtSec !== Math.floor(shard.createdAt / 1000)) {
    throw new KinesisError('InvalidArgumentException', `${invalid} because it did not come from this stream.`);
  }
  // Counters past 2^53 exist only in EndingSequenceNumbers (the largest counter): the shard clamps to its end.
  const counter = parsed.counter > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(parsed.counter);
  return { type: 'AFTER_COUNTER', counter: p.type === 'AT_SEQUENCE_NUMBER' ? counter - 1 : counter };
}

/**
 * The stream and its shard `index`, from the cached map; a child of a reshard made through another isolate is not in
 * that map yet (new shards take the next indices), so the map is read afresh before the shard is called missing.
 * A CREATING stream has no shards yet [KL; aws-behaviour §3.0]. `missing` words the answer for no such shard.
 */
export async function findShard(ctx: Context, name: string, index: number, missing: () => KinesisError, stream?: LoadedStream): Promise<{ stream: LoadedStream; shard: ShardInfo }> {
  let current = stream ?? (await cachedStream(ctx, name));
  const find = () => (current.status === 'CREATING' ? undefined : current.shards.find((s) => s.index === index));
  let shard = find();
  if (!shard && current.status !== 'CREATING' && index >= current.shards.length) {
    forgetStream(ctx, name);
    current = await loadStream(ctx, name);
    shard = find();
  }
  if (!shard) throw missing();
  return { stream: current, shard };
}
