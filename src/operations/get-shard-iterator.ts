// GetShardIterator: resolves a starting position in a shard to a signed iterator, with AWS's checks in order:
// shard id syntax, iterator type vs sequence number/timestamp, the stream and shard, then the sequence number.
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { encodeIterator } from '../model/iterator';
import { formatShardId, parseShardIdLenient } from '../model/shard-id';
import { shardNotFound } from '../model/stream-rules';
import { dryRunError } from '../model/stream-settings';
import { shardRefOf, shardStub } from './records';
import { streamNameOf } from './streams';
import { cachedStream } from './stream-cache';
import { checkPositionInput, findShard, startPosition } from './starting-position';

export const GetShardIterator = operation('GetShardIterator', async function GetShardIterator(ctx, input) {
  const name = streamNameOf(ctx, input);
  const account = ctx.tenant.account;
  // The shard id is read leniently and checked before the stream exists [KL; aws-behaviour §3.8].
  const shardIndex = parseShardIdLenient(input.ShardId);
  if (shardIndex === null) {
    throw new KinesisError('ResourceNotFoundException', `Could not find shard ${input.ShardId} in stream ${name} under account ${account}.`);
  }
  const position = { type: input.ShardIteratorType, sequenceNumber: input.StartingSequenceNumber, timestamp: input.Timestamp };
  checkPositionInput(position, ctx.now);
  const notFound = () => KinesisError.from(shardNotFound(name, account, formatShardId(shardIndex)));
  const stream = await cachedStream(ctx, name).catch(() => {
    throw notFound();
  });
  const { stream: current, shard } = await findShard(ctx, name, shardIndex, notFound, stream).catch((err) => {
    throw err instanceof KinesisError && err.type === 'ResourceNotFoundException' ? notFound() : err;
  });
  const start = startPosition(position, shard, { operation: 'GetShardIterator', stream: name, account });
  // Everything is checked: a dry run ends here, before the shard is asked (its first use registers it) [DOC DryRun].
  if (input.DryRun === true) throw KinesisError.from(dryRunError());
  const afterCounter = unwrap(await shardStub(ctx, current, shardIndex).position(shardRefOf(current, shard), start));
  const iterator = encodeIterator(
    { account, region: ctx.tenant.region, streamName: name, streamCreatedAt: current.createdAt, shardIndex, afterCounter: BigInt(afterCounter), issuedAt: ctx.now },
    ctx.config.iteratorKey,
  );
  return { ShardIterator: iterator };
});
