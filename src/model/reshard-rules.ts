// AWS's answers to SplitShard, MergeShards and UpdateShardCount requests it refuses. Pure: the stream object calls
// these with what it read. Where AWS's words are not known, ours say the same thing and docs/aws-behaviour.md §3.12
// says so.
import type { ErrorData } from '../protocol/errors';
import { MAX_SCALINGS_PER_DAY, MAX_UNIFORM_SCALING_SHARDS } from '../limits';

/** A shard id that names no shard of the stream (as GetShardIterator's syntax check words it, with a full stop). */
export const shardNotInStream = (name: string, account: string, shardId: string): ErrorData => ({
  type: 'ResourceNotFoundException',
  message: `Could not find shard ${shardId} in stream ${name} under account ${account}.`,
});

/** Re-splitting or merging a closed shard (AWS's words, quoted in https://github.com/mhart/kinesalite/issues/109). */
export const alreadyResharded = (name: string, account: string, shardId: string): ErrorData => ({
  type: 'InvalidArgumentException',
  message: `Shard ${shardId} in stream ${name} under account ${account} has already been merged or split, and thus is not eligible for merging or splitting.`,
});

/** NewStartingHashKey must be > StartingHashKey + 1 and < EndingHashKey (kinesalite's recording of AWS's check). */
export function splitKeyError(name: string, account: string, shardId: string, key: bigint, start: bigint, end: bigint): ErrorData | null {
  if (key > start + 1n && key < end) return null;
  return {
    type: 'InvalidArgumentException',
    message:
      `NewStartingHashKey ${key} used in SplitShard() on shard ${shardId} in stream ${name} under account ${account} is not both greater than one plus ` +
      `the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`,
  };
}

/** Merging shards whose ranges do not touch, in either order; no full stop (kinesalite's recording). */
export const notAdjacent = (name: string, account: string, a: string, b: string): ErrorData => ({
  type: 'InvalidArgumentException',
  message: `Shards ${a} and ${b} in stream ${name} under account ${account} are not an adjacent pair of shards eligible for merging`,
});

/** Resharding an on-demand stream is refused: AWS scales those itself
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html, ValidationException). */
export const onDemandStream = (name: string, account: string): ErrorData => ({
  type: 'ValidationException',
  message: `Request is invalid. Stream ${name} under account ${account} is in On-Demand mode.`,
});

/**
 * UpdateShardCount's documented limits (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html):
 * at most 10 scalings per rolling 24 hours, at most double and at least half the open shard count, at most 10,000
 * shards unless scaling down. LimitExceededException; AWS's wording is not known, so these name the limit broken.
 */
export function scalingLimitError(name: string, account: string, open: number, target: number, scalingsToday: number): ErrorData | null {
  const refuse = (why: string): ErrorData => ({
    type: 'LimitExceededException',
    message: `UpdateShardCount of stream ${name} under account ${account} from ${open} to ${target} shards exceeds a limit: ${why}.`,
  });
  if (scalingsToday >= MAX_SCALINGS_PER_DAY) return refuse(`at most ${MAX_SCALINGS_PER_DAY} scaling operations per rolling 24 hours`);
  if (target > open * 2) return refuse('the target shard count may be at most double the current open shard count');
  if (target * 2 < open) return refuse('the target shard count may be no less than half the current open shard count');
  if (target > MAX_UNIFORM_SCALING_SHARDS && target > open) return refuse(`a stream may be scaled up to at most ${MAX_UNIFORM_SCALING_SHARDS} shards`);
  return null;
}
