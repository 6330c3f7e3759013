// Capacity rules: switching a stream's mode, warm throughput, the account's on-demand stream limit and its minimum
// throughput billing commitment. Pure: the objects call these with what they read. AWS does not publish the wording
// of these refusals (aws-behaviour §3.15-3.19); ours name the rule broken, in AWS's sentence shapes.
import type { ErrorData } from '../protocol/errors';
import { MAX_MODE_SWITCHES_PER_DAY, MAX_WARM_THROUGHPUT_MIBPS, MIN_COMMITMENT_MS, ON_DEMAND_STREAM_LIMIT, SHARD_WRITE_BYTES_PER_SEC } from '../limits';
import type { StreamMode } from './stream';

/** "you can switch between the on-demand and provisioned capacity modes twice within 24 hours"
 *  (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html). [OURS wording] */
export function modeSwitchLimitError(name: string, account: string, switchesToday: number): ErrorData | null {
  if (switchesToday < MAX_MODE_SWITCHES_PER_DAY) return null;
  return {
    type: 'LimitExceededException',
    message: `Stream ${name} under account ${account} has already switched its capacity mode ${MAX_MODE_SWITCHES_PER_DAY} times within the last 24 hours.`,
  };
}

/** On-demand streams per account, 50 by default (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html). [OURS wording] */
export function onDemandLimitError(account: string, region: string, onDemandStreams: number): ErrorData | null {
  if (onDemandStreams < ON_DEMAND_STREAM_LIMIT) return null;
  return {
    type: 'LimitExceededException',
    message: `This request would exceed the on-demand stream limit for the account ${account} in ${region}. Current on-demand stream count for the account: ${onDemandStreams}. Limit: ${ON_DEMAND_STREAM_LIMIT}.`,
  };
}

/** WarmThroughputMiBps "is only valid when the stream mode is being updated to on-demand"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html). [OURS wording] */
export const warmNeedsOnDemandMode = (): ErrorData => ({
  type: 'InvalidArgumentException',
  message: 'WarmThroughputMiBps is only valid when the stream mode is being updated to ON_DEMAND.',
});

/** UpdateStreamWarmThroughput "is only supported for data streams with the on-demand capacity mode in accounts that
 *  have MinimumThroughputBillingCommitment enabled", up to 10 GiBps
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html). [OURS wording] */
export function warmThroughputError(name: string, account: string, mode: StreamMode, committed: boolean, mibps: number): ErrorData | null {
  if (!committed) {
    return { type: 'InvalidArgumentException', message: `Warm throughput requires MinimumThroughputBillingCommitment to be enabled for account ${account}.` };
  }
  if (mode !== 'ON_DEMAND') {
    return { type: 'InvalidArgumentException', message: `Stream ${name} under account ${account} is not in On-Demand mode: warm throughput is supported for on-demand streams only.` };
  }
  if (mibps > MAX_WARM_THROUGHPUT_MIBPS) {
    return { type: 'LimitExceededException', message: `WarmThroughputMiBps ${mibps} exceeds the limit of ${MAX_WARM_THROUGHPUT_MIBPS} MiBps for an on-demand stream.` };
  }
  return null;
}

/** Open shards that a write throughput of `mibps` MiB/s needs, at 1 MiB/s per shard. */
export const shardsForMiBps = (mibps: number): number => Math.ceil((mibps * 1024 * 1024) / SHARD_WRITE_BYTES_PER_SEC);

/** The write throughput, in MiB/s, that `openShards` shards take. */
export const miBpsOfShards = (openShards: number): number => Math.floor((openShards * SHARD_WRITE_BYTES_PER_SEC) / (1024 * 1024));

// ---- the minimum throughput billing commitment (account setting) ----------------------------------------------

/** As the account object stores it: all null when never enabled. */
export interface Commitment {
  startedAt: number | null;
  earliestEndAt: number | null;
  /** When it ends (ended or will end): set by a disable, cleared by an enable. */
  endedAt: number | null;
}

export type CommitmentStatus = 'ENABLED' | 'DISABLED' | 'ENABLED_UNTIL_EARLIEST_ALLOWED_END';

/** Status derived on read, as stream status is: a disable asked for before the earliest end takes effect then. */
export function commitmentStatus(c: Commitment, now: number): CommitmentStatus {
  if (c.startedAt === null) return 'DISABLED';
  if (c.endedAt === null) return 'ENABLED';
  return now < c.endedAt ? 'ENABLED_UNTIL_EARLIEST_ALLOWED_END' : 'DISABLED';
}

/** Whether on-demand streams of the account may use warm throughput now. */
export const committed = (c: Commitment, now: number): boolean => commitmentStatus(c, now) !== 'DISABLED';

/**
 * The commitment after UpdateAccountSettings (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MinimumThroughputBillingCommitmentInput.html):
 * enabling starts one with a 24-hour minimum, or cancels a pending disable; disabling before the earliest allowed end
 * schedules the end for then, after it ends now. Asking for the state it is in changes nothing.
 */
export function updateCommitment(c: Commitment, want: 'ENABLED' | 'DISABLED', now: number): Commitment {
  const status = commitmentStatus(c, now);
  if (want === 'ENABLED') {
    if (status === 'ENABLED') return c;
    if (status === 'ENABLED_UNTIL_EARLIEST_ALLOWED_END') return { ...c, endedAt: null };
    return { startedAt: now, earliestEndAt: now + MIN_COMMITMENT_MS, endedAt: null };
  }
  if (status !== 'ENABLED') return c;
  return { ...c, endedAt: Math.max(now, c.earliestEndAt ?? now) };
}
