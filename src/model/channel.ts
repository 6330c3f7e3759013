// Channels (CreateChannel .. DeleteChannel) as the channel object stores them and the operations show them: plain
// data that crosses Durable Object RPC, the derived status, channel ARNs, AWS's messages for channel rules, and
// how a delivery batch becomes an object key and object body. No cloudflare:* imports: tested in plain Node.
// AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateChannel.html and
// https://docs.aws.amazon.com/streams/latest/dev/data-delivery-s3-key-template.html
import { Buffer } from 'node:buffer';
import { partitionOf } from './arn';
import { NO_PARTITION_KEY } from './shard';
import type { ErrorData } from '../protocol/errors';

export type ChannelStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'FAILED';
export type RecordFormat = 'BYTE_ARRAY' | 'GSR_JSON' | 'JSON' | 'STRING';
export type Compression = 'GZIP' | 'NONE' | 'ZSTD' | 'SNAPPY';

/** The request's configuration, kept as given (with AWS's defaults filled in) and answered back by DescribeChannel. */
export interface ChannelConfig {
  serviceExecutionRoleArn: string;
  streamName: string;
  streamArn: string;
  streamCreatedAt: number;
  recordConfiguration: { RecordFormatType: RecordFormat; GSRSchemaARN?: string };
  destinationType: 'S3' | 'S3_TABLES';
  /** S3DestinationDescription or S3TablesDestinationDescription, defaults filled in. */
  destination: ChannelDestination;
  encryption?: { EncryptionType: 'KMS'; KeyId: string };
  logging: { CloudWatchLogs: { Enabled: boolean; LogGroupName?: string; LogStreamName?: string } };
  tags: Record<string, string>;
}

export interface S3Storage {
  BucketARN: string;
  ExpectedBucketOwner: string;
  OutputKeyTemplate?: string;
  StorageClass?: string;
  CompressionType: string;
}

export interface ChannelDestination {
  DataFreshnessInSeconds: number;
  DeadLetterQueueS3Configuration?: { BucketARN: string; ExpectedBucketOwner: string; ErrorOutputPrefix?: string };
  /** S3 destinations. */
  StorageConfiguration?: S3Storage;
  /** S3 Tables destinations (kept and shown; not delivered to). */
  S3TablesConfigurationList?: { TableBucketARN: string; Namespace: string; TableName: string; CompressionType: string; PartitionSpec?: { PartitionFields: { Transform: string; SourceName: string }[] } }[];
}

export interface ChannelInfo {
  account: string;
  region: string;
  name: string;
  id: string;
  createdAt: number;
  activeAt: number;
  updatingUntil: number | null;
  deletingAt: number | null;
  goneAt: number | null;
  /** Set when the channel cannot deliver (FAILED), with the reason shown as ChannelStatusReason. */
  failedReason: string | null;
  config: ChannelConfig;
}

export function channelStatus(c: ChannelInfo, now: number): ChannelStatus | 'GONE' {
  if (c.goneAt !== null && now >= c.goneAt) return 'GONE';
  if (c.deletingAt !== null) return 'DELETING';
  if (now < c.activeAt) return 'CREATING';
  if (c.failedReason !== null) return 'FAILED';
  if (c.updatingUntil !== null && now < c.updatingUntil) return 'UPDATING';
  return 'ACTIVE';
}

/**
 * `arn:aws:kinesis:REGION:ACCOUNT:channel/NAME` [OURS]: AWS's pattern is `arn:aws.*:kinesis:.*:\d{12}:channel/\S+`
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ChannelDescription.html); what follows `channel/` is
 * not documented, so the name alone, as stream ARNs have it.
 */
export function channelArn(region: string, account: string, name: string): string {
  return `arn:${partitionOf(region)}:kinesis:${region}:${account}:channel/${name}`;
}

const CHANNEL_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):([0-9]{12}):channel\/([a-zA-Z0-9_.-]{1,128})$/;

export function parseChannelArn(arn: string): { region: string; account: string; name: string } | null {
  const m = CHANNEL_ARN.exec(arn);
  return m ? { region: m[1], account: m[2], name: m[3] } : null;
}

// AWS's messages for these rules are not published; ours follow the stream messages' form [OURS].
export const channelNotFound = (name: string, account: string): ErrorData => ({
  type: 'ResourceNotFoundException',
  message: `Channel ${name} under account ${account} not found.`,
});
export const channelExists = (name: string, account: string): ErrorData => ({
  type: 'ResourceInUseException',
  message: `Channel ${name} under account ${account} already exists.`,
});
export const channelNotActive = (name: string, account: string, status: string): ErrorData => ({
  type: 'ResourceInUseException',
  message: `Channel ${name} under account ${account} is not ACTIVE. Current status: ${status}.`,
});

/** The channel ARN as given was not one of ours (pattern passed, but not a channel of this emulator's form). */
export const invalidChannelArn = (arn: string): ErrorData => ({ type: 'InvalidArgumentException', message: `ChannelARN ${arn} is invalid.` });

// ---- Delivery: object keys and bodies ----

/**
 * AWS's default key template (https://docs.aws.amazon.com/streams/latest/dev/data-delivery-s3-key-template.html);
 * AWS appends a unique suffix to every key, ours is the batch's shard and sequence range, so a retried batch
 * writes the same key again (exactly once).
 */
export const DEFAULT_KEY_TEMPLATE =
  'kinesis-channel/!{channel-name}/!{channel-id}/!{yyyy}/!{MM}/!{dd}/!{HH}/!{channel-name}-!{channel-id}-!{yyyy}-!{MM}-!{dd}-!{HH}-!{mm}!{extension}';

export function extensionOf(format: RecordFormat, compression: Compression): string {
  const base = format === 'BYTE_ARRAY' ? '.bin' : format === 'STRING' ? '.txt' : '.json';
  return base + (compression === 'GZIP' ? '.gz' : '');
}

/** The bucket name of an S3 bucket ARN `arn:aws:s3:::NAME`: the first segment of our one bucket's keys. */
export function bucketNameOf(bucketArn: string): string {
  return bucketArn.slice(bucketArn.lastIndexOf(':') + 1);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Expands `!{...}` variables of a key template at `at` (UTC); unknown variables are left as written [OURS]. */
export function expandKeyTemplate(template: string, vars: { channelName: string; channelId: string; extension: string }, at: number): string {
  const d = new Date(at);
  const values: Record<string, string> = {
    'channel-name': vars.channelName,
    'channel-id': vars.channelId,
    yyyy: String(d.getUTCFullYear()),
    MM: pad(d.getUTCMonth() + 1),
    dd: pad(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    extension: vars.extension,
  };
  return template.replace(/!\{([^}]*)\}/g, (all, name: string) => values[name] ?? all);
}

/**
 * The R2 key of one delivered batch: bucket name, expanded template, then `-SHARDID-FIRSTSEQ` [OURS]. Keyed by the
 * first record only: a batch retried after a crash starts at the same record, so it overwrites, even if it now
 * holds more records after that one.
 */
export function deliveryKey(
  c: { name: string; id: string; config: ChannelConfig },
  batch: { shardId: string; firstSeq: string; lastSeq: string; firstArrival: number },
): string {
  const storage = c.config.destination.StorageConfiguration!;
  const extension = extensionOf(c.config.recordConfiguration.RecordFormatType, storage.CompressionType as Compression);
  const expanded = expandKeyTemplate(storage.OutputKeyTemplate ?? DEFAULT_KEY_TEMPLATE, { channelName: c.name, channelId: c.id, extension: '' }, batch.firstArrival);
  return `${bucketNameOf(storage.BucketARN)}/${expanded}-${batch.shardId}-${batch.firstSeq}${extension}`;
}

/** The dead-letter key of a batch's refused records (default prefix per AWS's CloudFormation reference). */
export function deadLetterKey(
  c: { name: string; id: string; config: ChannelConfig },
  batch: { shardId: string; firstSeq: string; lastSeq: string },
): string {
  const dlq = c.config.destination.DeadLetterQueueS3Configuration ?? c.config.destination.StorageConfiguration!;
  const errorPrefix = 'ErrorOutputPrefix' in dlq ? dlq.ErrorOutputPrefix : undefined;
  const prefix = errorPrefix ?? `kinesis-channel/errors/${c.name}/${c.id}/`;
  return `${bucketNameOf(dlq.BucketARN)}/${prefix}${batch.shardId}-${batch.firstSeq}.json`;
}

export interface DeliveredRecord {
  sequenceNumber: string;
  partitionKey: string;
  arrival: number;
  data: Uint8Array;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Why a record cannot be delivered in `format`, or null: STRING must be UTF-8 and JSON a JSON document
 * (https://docs.aws.amazon.com/streams/latest/dev/data-delivery-s3-about.html, "Validate").
 */
export function refusal(format: RecordFormat, data: Uint8Array): string | null {
  if (format === 'BYTE_ARRAY') return null;
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return 'Record is not valid UTF-8.';
  }
  if (format === 'STRING') return null;
  try {
    JSON.parse(text);
    return null;
  } catch {
    return 'Record is not a valid JSON document.';
  }
}

/**
 * Records in their source format, one after another, each followed by a newline [OURS: AWS says "in their source
 * format" and does not document a separator]. JSON records with a newline inside stay valid JSON Lines only if
 * they were written on one line.
 */
export function batchBody(records: DeliveredRecord[]): Uint8Array {
  let size = 0;
  for (const r of records) size += r.data.byteLength + 1;
  const out = new Uint8Array(size);
  let at = 0;
  for (const r of records) {
    out.set(r.data, at);
    at += r.data.byteLength;
    out[at++] = 0x0a;
  }
  return out;
}

/** A dead-letter object: one JSON line per refused record, data in base64 [OURS]; no partitionKey for a record put
 *  without one, as GetRecords omits it (partitionKeyMember). */
export function deadLetterBody(records: { record: DeliveredRecord; reason: string }[]): string {
  return records
    .map(({ record, reason }) =>
      JSON.stringify({
        errorMessage: reason,
        sequenceNumber: record.sequenceNumber,
        partitionKey: record.partitionKey === NO_PARTITION_KEY ? undefined : record.partitionKey,
        approximateArrivalTimestamp: record.arrival,
        data: Buffer.from(record.data).toString('base64'),
      }),
    )
    .join('\n') + '\n';
}
