// PutRecords: up to 500 records, grouped into one object call per shard (request order kept within each shard),
// answered per record in request order.
import { operation } from './operation';
import { logInternalFailure } from '../protocol/failure-log';
import { KinesisError, unwrap } from '../protocol/errors';
import { MAX_PUT_RECORDS_BYTES } from '../limits';
import { formatShardId } from '../model/shard-id';
import type { PutEntry } from '../model/shard';
import type { ShardInfo } from '../model/stream';
import { hashKeyFor, recordSize, recordSizeError, routerOf, shardRefOf, shardStub } from './records';
import { requireActive, streamNameOf } from './streams';
import { cachedStream, forgetStream } from './stream-cache';

interface Entry {
  Data: Uint8Array;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

export const PutRecords = operation('PutRecords', async function PutRecords(ctx, input) {
  const stream = await cachedStream(ctx, streamNameOf(ctx, input));
  requireActive(stream, 'ResourceNotFoundException');
  const sizeErrors: string[] = [];
  let total = 0;
  input.Records.forEach((r, i) => {
    const size = recordSize(r.PartitionKey, r.Data);
    const error = recordSizeError(stream, size, `records.${i + 1}.member.data`);
    if (error) sizeErrors.push(error);
    total += size;
  });
  if (sizeErrors.length > 0) {
    const items = sizeErrors.slice(0, 10);
    throw new KinesisError('ValidationException', `${items.length} validation error${items.length > 1 ? 's' : ''} detected: ${items.join('; ')}`);
  }
  if (total > MAX_PUT_RECORDS_BYTES) {
    // Was "Records size exceeds 5 MB limit" [ISS 2022 snowplow/enrich#685]; the limit is 10 MiB now and the
    // current wording is not known (aws-behaviour §3.7).
    throw new KinesisError('InvalidArgumentException', 'Records size exceeds 10 MB limit');
  }
  const router = routerOf(stream);
  const groups = new Map<number, { shard: ShardInfo; entries: PutEntry[]; positions: number[] }>();
  input.Records.forEach((r, i) => {
    const shard = router.shardFor(hashKeyFor(r.PartitionKey, r.ExplicitHashKey));
    let group = groups.get(shard.index);
    if (!group) groups.set(shard.index, (group = { shard, entries: [], positions: [] }));
    group.entries.push({ partitionKey: r.PartitionKey, data: r.Data });
    group.positions.push(i);
  });
  type Outcome = { SequenceNumber: string; ShardId: string } | { ErrorCode: string; ErrorMessage: string };
  const results: Outcome[] = new Array(input.Records.length);
  let failed = 0;
  const refusals: KinesisError[] = [];
  await Promise.all(
    [...groups.values()].map(async (g) => {
      const shardId = formatShardId(g.shard.index);
      try {
        const result = await shardStub(ctx, stream, g.shard.index).put(shardRefOf(stream, g.shard), g.entries);
        if (!result.ok) refusals.push(KinesisError.from(result.error));
        const seqs = unwrap(result);
        g.positions.forEach((pos, j) => (results[pos] = { SequenceNumber: seqs[j], ShardId: shardId }));
      } catch (err) {
        // Other shards' records are already stored: fail only this shard's records, so a retry of the failed
        // ones cannot duplicate the rest. Wording from the PutRecords docs example [DOC PutRecords].
        if (!(err instanceof KinesisError)) logInternalFailure(ctx.requestId, `PutRecords (${shardId})`, err);
        failed += g.positions.length;
        for (const pos of g.positions) results[pos] = { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' };
      }
    }),
  );
  if (refusals.length > 0) {
    // A shard refused: the stream is being deleted and the cached view is stale. When every shard refused,
    // nothing was written and the whole request gets the refusal, as AWS answers a deleted stream.
    forgetStream(ctx, stream.name);
    if (refusals.length === groups.size) throw refusals[0];
  }
  return { FailedRecordCount: failed, Records: results };
});
