// AWS's documented transactions-per-second limits of the control-plane operations, and the whole-second windows that
// enforce them under THROTTLE=aws (docs/aws-behaviour.md §7). The numbers are the operation documentation of AWS's
// model (botocore 1.43.11 data/kinesis/2013-12-02/service-2.json; @aws-sdk/client-kinesis 3.1143.0
// dist-types/commands/*.d.ts for the channel operations botocore lacks), each also on its API reference page;
// test/model/control-rates.test.ts holds this table to that model. Operations whose documentation states no rate are
// not limited here; GetRecords, PutRecord(s) and SubscribeToShard are limited per shard in the shard object
// (model/throttle.ts). Must not do I/O or read a clock itself.
import { formatShardId } from './shard-id';

/** What one budget covers: the account (and region), one stream of it, or one shard of one stream of it. */
export type RateScope = 'account' | 'stream' | 'shard';

export interface ControlRate {
  /** Calls admitted per whole second. */
  perSecond: number;
  per: RateScope;
  /** The AWS API reference page that states it. */
  source: string;
}

const ref = (operation: string): string => `https://docs.aws.amazon.com/kinesis/latest/APIReference/API_${operation}.html`;
const rate = (operation: string, perSecond: number, per: RateScope): ControlRate => ({ perSecond, per, source: ref(operation) });

/** Operation -> its documented rate. "per account per open shard" (GetShardIterator) is one budget per shard. */
export const CONTROL_RATES: Readonly<Record<string, ControlRate>> = {
  AddTagsToStream: rate('AddTagsToStream', 5, 'account'),
  CreateChannel: rate('CreateChannel', 5, 'account'),
  CreateStream: rate('CreateStream', 5, 'account'),
  DeleteChannel: rate('DeleteChannel', 5, 'account'),
  DeleteStream: rate('DeleteStream', 5, 'account'),
  DeregisterStreamConsumer: rate('DeregisterStreamConsumer', 5, 'stream'),
  DescribeAccountSettings: rate('DescribeAccountSettings', 5, 'account'),
  DescribeChannel: rate('DescribeChannel', 5, 'account'),
  DescribeLimits: rate('DescribeLimits', 1, 'account'),
  DescribeStream: rate('DescribeStream', 10, 'account'),
  DescribeStreamConsumer: rate('DescribeStreamConsumer', 20, 'stream'),
  DescribeStreamSummary: rate('DescribeStreamSummary', 20, 'account'),
  GetShardIterator: rate('GetShardIterator', 5, 'shard'),
  ListChannels: rate('ListChannels', 5, 'account'),
  ListShards: rate('ListShards', 1000, 'stream'),
  ListStreamConsumers: rate('ListStreamConsumers', 5, 'stream'),
  ListStreams: rate('ListStreams', 5, 'account'),
  ListTagsForStream: rate('ListTagsForStream', 5, 'account'),
  MergeShards: rate('MergeShards', 5, 'account'),
  RegisterStreamConsumer: rate('RegisterStreamConsumer', 5, 'account'),
  RemoveTagsFromStream: rate('RemoveTagsFromStream', 5, 'account'),
  SplitShard: rate('SplitShard', 5, 'account'),
  UpdateAccountSettings: rate('UpdateAccountSettings', 5, 'account'),
  UpdateChannel: rate('UpdateChannel', 5, 'account'),
  UpdateStreamWarmThroughput: rate('UpdateStreamWarmThroughput', 5, 'account'),
};

/** What a call is counted against: the tenant, and the stream and shard when the operation names them. */
export interface RateSubject {
  account: string;
  region: string;
  stream?: string;
  shardIndex?: number;
}

/**
 * The key of the budget a call of `operation` spends, or undefined when the call cannot be placed (a per-stream or
 * per-shard rate without its stream or shard: the operation then answers the bad input itself). Budgets are per
 * operation: AWS documents each operation's rate on its own.
 */
export function rateKey(operation: string, rate: ControlRate, subject: RateSubject): string | undefined {
  const base = `${subject.account}\n${subject.region}\n${operation}`;
  if (rate.per === 'account') return base;
  if (subject.stream === undefined) return undefined;
  if (rate.per === 'stream') return `${base}\n${subject.stream}`;
  return subject.shardIndex === undefined ? undefined : `${base}\n${subject.stream}\n${subject.shardIndex}`;
}

/**
 * At most `limit` calls per key in each whole clock second (as model/throttle.ts counts shard rates). A refused call
 * counts toward nothing. At `maxEntries` keys, windows of earlier seconds are dropped, then the oldest key, so the map
 * stays bounded (a dropped key of this second may then admit more than its limit: only under more than `maxEntries`
 * live budgets).
 */
export class SecondWindows {
  private readonly windows = new Map<string, { second: number; calls: number }>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.windows.size;
  }

  /** Whether a call may run at `nowMs`; an admitted call is counted. */
  admit(key: string, limit: number, nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    const window = this.windows.get(key);
    if (window && window.second === second) {
      if (window.calls >= limit) return false;
      window.calls += 1;
      return true;
    }
    if (window) {
      window.second = second;
      window.calls = 1;
      return limit >= 1;
    }
    if (this.windows.size >= this.maxEntries) {
      for (const [k, w] of this.windows) if (w.second !== second) this.windows.delete(k);
      if (this.windows.size >= this.maxEntries) this.windows.delete(this.windows.keys().next().value!);
    }
    this.windows.set(key, { second, calls: 1 });
    return limit >= 1;
  }
}

/** A call over its operation's rate that names a stream: AWS's wording as a client's issue report shows it for
 *  DescribeStream (https://github.com/boto/botocore/pull/821), not documented by AWS (docs/aws-behaviour.md §7). */
export const streamRateExceededMessage = (streamName: string, account: string): string =>
  `Rate exceeded for stream ${streamName} under account ${account}.`;

/** A call over its operation's account-wide rate that names no stream: our wording [OURS]. */
export const accountRateExceededMessage = (account: string): string => `Rate exceeded for account ${account}.`;

/** GetShardIterator over its per-shard rate: AWS's shard wording of the PutRecords example
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html), used here by us [OURS]. */
export const shardIteratorRateExceededMessage = (shardIndex: number, streamName: string, account: string): string =>
  `Rate exceeded for shard ${formatShardId(shardIndex)} in stream ${streamName} under account ${account}.`;
