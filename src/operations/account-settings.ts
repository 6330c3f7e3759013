// What Describe- and UpdateAccountSettings share: the minimum throughput billing commitment in AWS's output shape
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MinimumThroughputBillingCommitmentOutput.html).
import { EpochTime } from '../protocol/values';
import { commitmentStatus, type Commitment } from '../model/capacity';
import type { Output } from '../schema/shapes.generated';

/** Never enabled: DISABLED alone. Otherwise the times it has, EndedAt once a disable was asked for. */
export function commitmentView(c: Commitment, now: number): Output.MinimumThroughputBillingCommitmentOutput {
  return {
    Status: commitmentStatus(c, now),
    ...(c.startedAt !== null ? { StartedAt: new EpochTime(c.startedAt) } : {}),
    ...(c.endedAt !== null ? { EndedAt: new EpochTime(c.endedAt) } : {}),
    ...(c.earliestEndAt !== null ? { EarliestAllowedEndAt: new EpochTime(c.earliestEndAt) } : {}),
  };
}
