// SubscribeToShard: a consumer's live read of one shard, pushed as event-stream messages for up to 5 minutes
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html). Everything that can be
// refused is checked here, and answered as an ordinary 400, before the stream starts; the shard object then pushes
// records as they are written (objects/subscribers.ts).
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { EventStreamBody } from '../protocol/respond';
import { parseConsumerArn } from '../model/arn';
import { consumerNotActive, consumerNotFound } from '../model/consumer';
import { formatShardId, parseShardIdLenient } from '../model/shard-id';
import { shardNotFound } from '../model/stream-rules';
import { dryRunError } from '../model/stream-settings';
import type { Output } from '../schema/shapes.generated';
import { shardRefOf, shardStub } from './records';
import { requireActive, streamStub } from './streams';
import { cachedStream } from './stream-cache';
import { checkPositionInput, findShard, startPosition } from './starting-position';

export const SubscribeToShard = operation('SubscribeToShard', async function SubscribeToShard(ctx, input) {
  const account = ctx.tenant.account;
  const arn = parseConsumerArn(input.ConsumerARN);
  // AWS's wording for a malformed ARN is not known; as DescribeStreamConsumer's (operations/consumers.ts).
  if (!arn) throw new KinesisError('InvalidArgumentException', `ConsumerARN ${input.ConsumerARN} is invalid.`);
  if (arn.account !== account || arn.region !== ctx.tenant.region) throw KinesisError.from(consumerNotFound(arn.consumerName, arn.name, arn.account));
  const shardIndex = parseShardIdLenient(input.ShardId);
  const notFound = () => KinesisError.from(shardNotFound(arn.name, account, shardIndex === null ? input.ShardId : formatShardId(shardIndex)));
  if (shardIndex === null) throw notFound();
  const stream = await cachedStream(ctx, arn.name);
  requireActive(stream, 'ResourceInUseException');
  const consumer = unwrap(await streamStub(ctx, arn.name).consumer(arn.consumerName, arn.createdAtSec));
  if (consumer.status !== 'ACTIVE') throw KinesisError.from(consumerNotActive(arn.consumerName, arn.createdAtSec, arn.name, account));
  const p = input.StartingPosition;
  const position = { type: p.Type, sequenceNumber: p.SequenceNumber, timestamp: p.Timestamp };
  checkPositionInput(position, ctx.now);
  const { shard } = await findShard(ctx, arn.name, shardIndex, notFound, stream);
  const start = startPosition(position, shard, { operation: 'SubscribeToShard', stream: arn.name, account });
  // Everything is checked: a dry run ends here, no subscription made (none is taken over) [DOC SubscribeToShard DryRun].
  if (input.DryRun === true) throw KinesisError.from(dryRunError());
  const events = unwrap(await shardStub(ctx, stream, shardIndex).subscribe(shardRefOf(stream, shard), input.ConsumerARN, start, ctx.wire, ctx.config.throttle === 'aws'));
  // The pipeline answers this body as the event stream itself (protocol/respond.ts streamed()).
  return { EventStream: new EventStreamBody(events) as unknown as Output.SubscribeToShardEventStream };
});
