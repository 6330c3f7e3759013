// Shared by the consumer operations: finding the consumer a request names (ConsumerARN, or StreamARN and
// ConsumerName, or all three when they agree [DOC DescribeStreamConsumer]), and AWS's output shapes for consumers.
// Must not change consumers.
import { KinesisError } from '../protocol/errors';
import { EpochTime } from '../protocol/values';
import { consumerArn, parseConsumerArn } from '../model/arn';
import { consumerNotFound, type ConsumerInfo } from '../model/consumer';
import { streamNameOf } from './streams';
import type { Context } from './operation';

export interface ConsumerAddress {
  StreamARN?: string;
  ConsumerName?: string;
  ConsumerARN?: string;
}

export interface ConsumerRef {
  streamName: string;
  consumerName: string;
  /** From a ConsumerARN: which registration of that name it names. */
  createdAtSec?: number;
}

const sec = (ms: number) => Math.floor(ms / 1000);

/** AWS's wording for a malformed, conflicting or missing address is not known (docs/aws-behaviour.md); ours. */
export function consumerRefOf(ctx: Context, input: ConsumerAddress): ConsumerRef {
  if (input.ConsumerARN !== undefined) {
    const arn = parseConsumerArn(input.ConsumerARN);
    if (!arn) throw new KinesisError('InvalidArgumentException', `ConsumerARN ${input.ConsumerARN} is invalid.`);
    if (input.ConsumerName !== undefined && input.ConsumerName !== arn.consumerName) {
      throw new KinesisError('InvalidArgumentException', 'ConsumerARN and ConsumerName do not refer to the same consumer.');
    }
    if (input.StreamARN !== undefined && streamNameOf(ctx, { StreamARN: input.StreamARN }) !== arn.name) {
      throw new KinesisError('InvalidArgumentException', 'ConsumerARN and StreamARN do not refer to the same stream.');
    }
    // Another tenant's consumer is not visible: the same answer as a missing one, naming the ARN's account.
    if (arn.account !== ctx.tenant.account || arn.region !== ctx.tenant.region) {
      throw KinesisError.from(consumerNotFound(arn.consumerName, arn.name, arn.account));
    }
    return { streamName: arn.name, consumerName: arn.consumerName, createdAtSec: arn.createdAtSec };
  }
  if (input.StreamARN === undefined || input.ConsumerName === undefined) {
    throw new KinesisError('InvalidArgumentException', 'Either ConsumerARN or both StreamARN and ConsumerName should be provided.');
  }
  return { streamName: streamNameOf(ctx, { StreamARN: input.StreamARN }), consumerName: input.ConsumerName };
}

export const consumerArnOf = (stream: { region: string; account: string; name: string }, c: ConsumerInfo) =>
  consumerArn(stream.region, stream.account, stream.name, c.name, sec(c.createdAt));

/** AWS's Consumer shape (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Consumer.html). The creation
 *  time is given in whole seconds, as the ARN carries it. */
export function consumerView(stream: { region: string; account: string; name: string }, c: ConsumerInfo) {
  return {
    ConsumerName: c.name,
    ConsumerARN: consumerArnOf(stream, c),
    ConsumerStatus: c.status,
    ConsumerCreationTimestamp: new EpochTime(sec(c.createdAt) * 1000),
  };
}
