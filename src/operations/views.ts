// Turns stored stream state into AWS's output shapes (Shard, StreamDescription pieces).
// Must not decide what to include; callers filter and page.
import { EpochTime } from '../protocol/values';
import { formatShardId } from '../model/shard-id';
import { streamArn } from '../model/arn';
import { miBpsOfShards } from '../model/capacity';
import { endingSequenceNumber, startingSequenceNumber } from '../model/sequence-number';
import type { ShardInfo, StreamState } from '../model/stream';
import type { ChildShardInfo } from '../model/shard';
import type { LoadedStream } from './streams';
import type { Output } from '../schema/shapes.generated';

const sec = (ms: number) => Math.floor(ms / 1000);

export function shardView(shard: ShardInfo) {
  return {
    ShardId: formatShardId(shard.index),
    ...(shard.parent !== null ? { ParentShardId: formatShardId(shard.parent) } : {}),
    ...(shard.adjacentParent !== null ? { AdjacentParentShardId: formatShardId(shard.adjacentParent) } : {}),
    HashKeyRange: { StartingHashKey: shard.startHash, EndingHashKey: shard.endHash },
    SequenceNumberRange: {
      StartingSequenceNumber: startingSequenceNumber(sec(shard.createdAt), shard.index),
      ...(shard.closedAt !== null ? { EndingSequenceNumber: endingSequenceNumber(sec(shard.createdAt), shard.index, sec(shard.closedAt)) } : {}),
    },
  };
}

/** A ChildShard of GetRecords and SubscribeToShard (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ChildShard.html). */
export function childShardView(child: ChildShardInfo) {
  return {
    ShardId: formatShardId(child.shardIndex),
    ParentShards: child.parentIndexes.map(formatShardId),
    HashKeyRange: { StartingHashKey: child.startHash, EndingHashKey: child.endHash },
  };
}

export const arnOf = (s: StreamState) => streamArn(s.region, s.account, s.name);

/** StreamCreationTimestamp was recorded in whole seconds [KL; aws-behaviour §3.1]. */
export const creationTime = (s: { createdAt: number }) => new EpochTime(sec(s.createdAt) * 1000);

/** The shard-level metrics Enable/DisableEnhancedMonitoring left on: one entry, empty for a new stream [KL;
 *  aws-behaviour §3.1, §3.15]. */
export const enhancedMonitoring = (s: { shardLevelMetrics: string[] }): Output.EnhancedMonitoringList => [
  { ShardLevelMetrics: s.shardLevelMetrics as Output.MetricsNameList },
];

/** "This field is only present for streams that use the on-demand capacity mode"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescriptionSummary.html). */
export const recordDistributionView = (s: StreamState) => (s.mode === 'ON_DEMAND' ? { RecordDistributionStrategy: s.recordDistribution } : {});

/** The members DescribeStream's StreamDescription and DescribeStreamSummary's summary have in common. */
export function streamHeader(stream: LoadedStream) {
  return {
    StreamName: stream.name,
    StreamARN: arnOf(stream),
    StreamStatus: stream.status,
    StreamModeDetails: { StreamMode: stream.mode },
    RetentionPeriodHours: stream.retentionHours,
    StreamCreationTimestamp: creationTime(stream),
    EnhancedMonitoring: enhancedMonitoring(stream),
    EncryptionType: stream.encryptionType,
    ...(stream.keyId !== null ? { KeyId: stream.keyId } : {}),
  };
}

/** DescribeStreamSummary's WarmThroughput, on-demand streams only (provisioned ones "do not support warm throughput
 *  configuration", https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html):
 *  CurrentMiBps is what the open shards take (1 MiB/s each), TargetMiBps the warm throughput asked for, if any. */
export function warmThroughputView(stream: LoadedStream): { WarmThroughput?: Output.WarmThroughputObject } {
  if (stream.mode !== 'ON_DEMAND') return {};
  const open = stream.status === 'CREATING' ? 0 : stream.shards.filter((s) => s.closedAt === null).length;
  return {
    WarmThroughput: {
      ...(stream.warmTargetMiBps != null ? { TargetMiBps: stream.warmTargetMiBps } : {}),
      CurrentMiBps: miBpsOfShards(open),
    },
  };
}
