// Shared by the operations that take a ResourceARN (tags and policies by ARN): which stream, and which consumer of
// it, the ARN names. Must not change anything.
import { KinesisError } from '../protocol/errors';
import { parseConsumerArn, parseStreamArn } from '../model/arn';
import { consumerNotFound } from '../model/consumer';
import { invalidResourceArn, type ConsumerRef } from '../model/resource-rules';
import { streamNotFound } from '../model/stream-rules';
import type { Context } from './operation';

export interface ResourceRef {
  streamName: string;
  /** Set when the ARN names a consumer of the stream. */
  consumer?: ConsumerRef;
}

/** "Data stream pattern" or "Consumer pattern" (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html). */
export function resourceOf(ctx: Context, arn: string): ResourceRef {
  const consumer = parseConsumerArn(arn);
  const parts = consumer ?? parseStreamArn(arn);
  if (!parts) throw KinesisError.from(invalidResourceArn(arn));
  // Another account's resource reaches here only when its policy let the caller in (operations/access.ts made the
  // owner this request's tenant); any other is not visible: the answer for a missing one, naming the ARN's account.
  if (parts.account !== ctx.tenant.account || parts.region !== ctx.tenant.region) {
    throw KinesisError.from(consumer ? consumerNotFound(consumer.consumerName, consumer.name, consumer.account) : streamNotFound(parts.name, parts.account));
  }
  return consumer ? { streamName: consumer.name, consumer: { name: consumer.consumerName, createdAtSec: consumer.createdAtSec } } : { streamName: parts.name };
}
