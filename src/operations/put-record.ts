// PutRecord: one record to the open shard its hash key falls in (write-records.ts); the shard object assigns the
// sequence number.
import { operation } from './operation';
import { KinesisError } from '../protocol/errors';
import { parseSequenceNumber } from '../model/sequence-number';
import { distributesAuto, missingKeyError, placementKey, recordSize, recordSizeError, routerOf } from './records';
import { NO_PARTITION_KEY } from '../model/shard';
import { writeThrottledMessage } from '../model/throttle';
import { injectCallFault } from './faults';
import { dryRunError, orderingWithAutoError } from '../model/stream-settings';
import { writeRecords } from './write-records';
import { requireActive, streamNameOf } from './streams';
import { cachedStream } from './stream-cache';

export const PutRecord = operation('PutRecord', async function PutRecord(ctx, input) {
  const stream = await cachedStream(ctx, streamNameOf(ctx, input));
  requireActive(stream, 'ResourceNotFoundException');
  // Optional only where the stream distributes by AUTO: known from here on (aws-behaviour §3.6).
  const missingKey = missingKeyError(stream, [input.PartitionKey], () => 'partitionKey');
  if (missingKey) throw missingKey;
  const sizeError = recordSizeError(stream, recordSize(input.PartitionKey, input.Data), 'data');
  if (sizeError) throw new KinesisError('ValidationException', `1 validation error detected: ${sizeError}`);
  const hashKey = placementKey(stream, input.PartitionKey, input.ExplicitHashKey);
  if (input.SequenceNumberForOrdering !== undefined && distributesAuto(stream)) {
    throw KinesisError.from(orderingWithAutoError(stream.name, stream.account));
  }
  if (input.SequenceNumberForOrdering !== undefined) {
    // Ordering holds anyway (one sequencer per shard); AWS still rejects a value it cannot read or from the future.
    const seq = parseSequenceNumber(input.SequenceNumberForOrdering);
    if (!seq || seq.recordAtSec * 1000 > ctx.now + 1000) {
      throw new KinesisError(
        'InvalidArgumentException',
        `ExclusiveMinimumSequenceNumber ${input.SequenceNumberForOrdering} used in PutRecord on stream ${stream.name} under account ${stream.account} is invalid.`,
      );
    }
  }
  // Everything is checked: a dry run ends here, nothing written [DOC PutRecord DryRun].
  if (input.DryRun === true) throw KinesisError.from(dryRunError());
  // An injected fault (--fault PutRecord:...) answers before anything is written; throttling names the shard.
  injectCallFault(ctx, 'PutRecord', () => writeThrottledMessage(routerOf(stream).shardFor(hashKey).index, stream.name, stream.account));
  const [written] = await writeRecords(ctx, stream, [{ hashKey, entry: { partitionKey: input.PartitionKey ?? NO_PARTITION_KEY, data: input.Data } }]);
  if ('error' in written) throw written.error;
  // EncryptionType is omitted for unencrypted streams, as kinesalite recorded from AWS (aws-behaviour §3.6, §3.15).
  return { ShardId: written.shardId, SequenceNumber: written.sequenceNumber, ...(stream.encryptionType === 'KMS' ? { EncryptionType: 'KMS' as const } : {}) };
});
