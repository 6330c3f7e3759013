// PutRecords: up to 500 records, grouped into one object call per shard (request order kept within each shard,
// write-records.ts), answered per record in request order.
import { operation } from './operation';
import { KinesisError } from '../protocol/errors';
import { MAX_PUT_RECORDS_BYTES } from '../limits';
import { missingKeyError, placementKey, recordSize, recordSizeError, routerOf } from './records';
import { NO_PARTITION_KEY } from '../model/shard';
import { writeThrottledMessage } from '../model/throttle';
import { faultPlan, injectCallFault, injectedError } from './faults';
import { dryRunError } from '../model/stream-settings';
import { writeRecords, type Written } from './write-records';
import { requireActive, streamNameOf } from './streams';
import { cachedStream } from './stream-cache';

interface Entry {
  Data: Uint8Array;
  PartitionKey?: string;
  ExplicitHashKey?: string;
}

export const PutRecords = operation('PutRecords', async function PutRecords(ctx, input) {
  const stream = await cachedStream(ctx, streamNameOf(ctx, input));
  requireActive(stream, 'ResourceNotFoundException');
  // Optional only where the stream distributes by AUTO: known from here on (aws-behaviour §3.7).
  const missingKey = missingKeyError(stream, input.Records.map((r) => r.PartitionKey), (i) => `records.${i + 1}.member.partitionKey`);
  if (missingKey) throw missingKey;
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
  const routed = input.Records.map((r) => ({ hashKey: placementKey(stream, r.PartitionKey, r.ExplicitHashKey), entry: { partitionKey: r.PartitionKey ?? NO_PARTITION_KEY, data: r.Data } }));
  // Everything is checked: a dry run ends here, nothing written [DOC PutRecords DryRun].
  if (input.DryRun === true) throw KinesisError.from(dryRunError());
  // Injected faults (--fault PutRecords:...): one for the whole call, or per record (throttling, InternalFailure),
  // decided in request order before anything is written; a faulted record is never sent to its shard.
  injectCallFault(ctx, 'PutRecords');
  const plan = ctx.config.faults === '' ? undefined : faultPlan(ctx.config.faults);
  const injected = plan ? routed.map(() => plan.forRecord('PutRecords')) : [];
  let written: Written[];
  if (injected.some((t) => t !== undefined)) {
    const router = routerOf(stream);
    const stored = await writeRecords(ctx, stream, routed.filter((_, i) => injected[i] === undefined));
    let next = 0;
    written = routed.map((r, i) => {
      const type = injected[i];
      return type === undefined
        ? stored[next++]
        : { error: injectedError('PutRecords', type, writeThrottledMessage(router.shardFor(r.hashKey).index, stream.name, stream.account)) };
    });
  } else {
    written = await writeRecords(ctx, stream, routed);
  }
  // Every record refused by its stream (being deleted, the cached view was stale): nothing was written, so the whole
  // request gets the refusal, as AWS answers a deleted stream. Failed and throttled records are answered per record.
  const perRecord = (w: Written) => 'error' in w && (w.error.type === 'InternalFailure' || w.error.type === 'ProvisionedThroughputExceededException');
  const refusal = written.every((w) => 'error' in w && !perRecord(w)) ? (written[0] as { error: KinesisError }).error : undefined;
  if (refusal) throw refusal;
  type Outcome = { SequenceNumber: string; ShardId: string } | { ErrorCode: string; ErrorMessage: string };
  let failed = 0;
  // A failed record answers InternalFailure, a throttled one ProvisionedThroughputExceededException, each with the
  // wording of the PutRecords docs example [DOC PutRecords].
  const results: Outcome[] = written.map((w) => {
    if ('shardId' in w) return { SequenceNumber: w.sequenceNumber, ShardId: w.shardId };
    failed++;
    if (w.error.type === 'ProvisionedThroughputExceededException') return { ErrorCode: w.error.type, ErrorMessage: w.error.message };
    return { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' };
  });
  // Like PutRecord's answer, EncryptionType only when the stream is encrypted (aws-behaviour §3.20).
  return { FailedRecordCount: failed, Records: results, ...(stream.encryptionType === 'KMS' ? { EncryptionType: 'KMS' as const } : {}) };
});
