// THROTTLE=aws: the control-plane rates of model/control-rates.ts, counted in this isolate. Exact on the local server
// (one isolate); when deployed each isolate counts its own calls, as the tenant requests-per-second quota does
// (docs/aws-behaviour.md §1.7, §7). The pipeline calls checkControlRate for every operation once the input has parsed
// and validated and before the operation runs; the table says which operations are limited and per what.
import { KinesisError } from '../protocol/errors';
import {
  CONTROL_RATES,
  SecondWindows,
  accountRateExceededMessage,
  rateKey,
  shardIteratorRateExceededMessage,
  streamRateExceededMessage,
  type RateSubject,
} from '../model/control-rates';
import { parseConsumerArn, parseStreamArn } from '../model/arn';
import { parseShardIdLenient } from '../model/shard-id';
import { decodePageToken, pageSeal } from '../model/page-token';
import { CONTROL_RATE_MAX_ENTRIES } from '../limits';
import type { Context } from './operation';

let windows = new SecondWindows(CONTROL_RATE_MAX_ENTRIES);

/** Forgets every count. Tests call it so each starts from zero. */
export function clearControlRates(): void {
  windows = new SecondWindows(CONTROL_RATE_MAX_ENTRIES);
}

/**
 * The stream a call names, if it names one cleanly in this tenant: StreamName, StreamARN, a ConsumerARN, or a
 * ListShards NextToken. Anything malformed or another tenant's is left to the operation, which answers it.
 */
function streamOf(ctx: Context, input: Record<string, unknown>): string | undefined {
  const own = (p: { account: string; region: string } | null) => p !== null && p.account === ctx.tenant.account && p.region === ctx.tenant.region;
  if (typeof input.StreamARN === 'string') {
    const arn = parseStreamArn(input.StreamARN);
    return arn && own(arn) && (input.StreamName === undefined || input.StreamName === arn.name) ? arn.name : undefined;
  }
  if (typeof input.StreamName === 'string') return input.StreamName;
  if (typeof input.ConsumerARN === 'string') {
    const arn = parseConsumerArn(input.ConsumerARN);
    return arn && own(arn) ? arn.name : undefined;
  }
  if (typeof input.NextToken === 'string') {
    const token = decodePageToken(input.NextToken, pageSeal(ctx));
    return token && token.stream !== '' ? token.stream : undefined;
  }
  return undefined;
}

/** Throws AWS's error when this call of `operation` is over its documented rate; does nothing unless THROTTLE=aws. */
export function checkControlRate(ctx: Context, operation: string, input: Record<string, unknown>): void {
  if (ctx.config.throttle !== 'aws' || !Object.hasOwn(CONTROL_RATES, operation)) return;
  const rate = CONTROL_RATES[operation];
  const { account, region } = ctx.tenant;
  const subject: RateSubject = { account, region, stream: streamOf(ctx, input) };
  if (rate.per === 'shard' && typeof input.ShardId === 'string') subject.shardIndex = parseShardIdLenient(input.ShardId) ?? undefined;
  const key = rateKey(operation, rate, subject);
  if (key === undefined || windows.admit(key, rate.perSecond, ctx.now)) return;
  if (rate.per === 'shard') {
    // GetShardIterator's model lists no LimitExceededException: "If a GetShardIterator request is made too often, you
    // receive a ProvisionedThroughputExceededException." (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html)
    throw new KinesisError('ProvisionedThroughputExceededException', shardIteratorRateExceededMessage(subject.shardIndex!, subject.stream!, account));
  }
  throw new KinesisError('LimitExceededException', subject.stream === undefined ? accountRateExceededMessage(account) : streamRateExceededMessage(subject.stream, account));
}
