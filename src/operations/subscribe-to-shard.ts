// SubscribeToShard: a consumer's live read of one shard, pushed as event-stream messages for up to 5 minutes
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html). Everything that can be
// refused is checked here, and answered as an ordinary 400, before the stream starts; the shard object then pushes
// records as they are written (objects/subscribers.ts).
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { EventStreamBody } from '../protocol/respond';
import { parseConsumerArn } from '../model/arn';
import { consumerNotActive, consumerNotFound } from '../model/consumer';
import { parseSequenceNumber } from '../model/sequence-number';
import { formatShardId, parseShardIdLenient } from '../model/shard-id';
import { shardNotFound } from '../model/stream-rules';
import { dryRunError } from '../model/stream-settings';
import type { StartPosition } from '../model/shard';
import type { Input, Output } from '../schema/shapes.generated';
import { shardRefOf, shardStub } from './records';
import { requireActive, streamStub } from './streams';
import { cachedStream } from './stream-cache';

/**
 * The StartingPosition as GetShardIterator checks its iterator type, sequence number and timestamp, with its
 * messages (AWS reuses them here: "Invalid StartingSequenceNumber" is what KCL logs from SubscribeToShard,
 * https://github.com/awslabs/amazon-kinesis-client/issues/391). The shard's own checks need its creation time.
 */
function startOf(p: Input.StartingPosition, now: number, shard: { index: number; createdAt: number }, stream: string, account: string): StartPosition {
  const type = p.Type;
  const bySequence = type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER';
  const seq = p.SequenceNumber;
  if ((bySequence && seq === undefined) || ((type === 'TRIM_HORIZON' || type === 'LATEST') && seq !== undefined)) {
    throw new KinesisError(
      'InvalidArgumentException',
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
        `Request specified ${type} and ${seq === undefined ? 'no StartingSequenceNumber' : 'also a StartingSequenceNumber'}.`,
    );
  }
  if (type === 'AT_TIMESTAMP') {
    if (p.Timestamp === undefined) {
      throw new KinesisError('InvalidArgumentException', 'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
    }
    if (p.Timestamp > now) {
      throw new KinesisError(
        'InvalidArgumentException',
        `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${p.Timestamp}, currentTimestampInMillis: ${now}`,
      );
    }
    return { type: 'AT_TIMESTAMP', timestamp: p.Timestamp };
  }
  if (!bySequence) return { type: type as 'TRIM_HORIZON' | 'LATEST' };
  const shardId = formatShardId(shard.index);
  const parsed = parseSequenceNumber(seq!);
  const invalid = `StartingSequenceNumber ${seq} used in SubscribeToShard on shard ${shardId} in stream ${stream} under account ${account} is invalid`;
  if (!parsed) throw new KinesisError('InvalidArgumentException', `${invalid}.`);
  if (parsed.shardIndex !== shard.index) {
    throw new KinesisError('InvalidArgumentException', `Invalid StartingSequenceNumber. It encodes ${formatShardId(parsed.shardIndex)}, while it was used in a call to a shard with ${shardId}`);
  }
  if (parsed.shardCreatedAtSec !== Math.floor(shard.createdAt / 1000)) {
    throw new KinesisError('InvalidArgumentException', `${invalid} because it did not come from this stream.`);
  }
  const counter = Number(parsed.counter);
  return { type: 'AFTER_COUNTER', counter: type === 'AT_SEQUENCE_NUMBER' ? Math.max(0, counter - 1) : counter };
}

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
  const shard = stream.shards.find((s) => s.index === shardIndex);
  if (!shard) throw notFound();
  const start = startOf(input.StartingPosition, ctx.now, shard, arn.name, account);
  // Everything is checked: a dry run ends here, no subscription made (none is taken over) [DOC SubscribeToShard DryRun].
  if (input.DryRun === true) throw KinesisError.from(dryRunError());
  const events = unwrap(await shardStub(ctx, stream, shardIndex).subscribe(shardRefOf(stream, shard), input.ConsumerARN, start, ctx.wire));
  // The pipeline answers this body as the event stream itself (protocol/respond.ts streamed()).
  return { EventStream: new EventStreamBody(events) as unknown as Output.SubscribeToShardEventStream };
});
