// CreateChannel: a channel delivering an on-demand stream's records into our R2 bucket, CREATING for the server's
// createStreamMs, then ACTIVE (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateChannel.html).
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { streamNotActive } from '../model/stream-rules';
import { channelArn, type ChannelConfig, type ChannelInfo } from '../model/channel';
import { formatError, freshnessError, oneDestination, onDemandOnly, schemaRequired, streamCount } from '../model/channel-rules';
import { CHANNEL_FRESHNESS_DEFAULT_S, CHANNEL_MAX_STREAMS } from '../limits';
import { arnOf } from './views';
import { loadStream, streamNameOf } from './streams';
import { channelDescription, channelStub } from './channels';
import type { Input } from '../schema/shapes.generated';

function invalid(message: string): never {
  throw new KinesisError('InvalidArgumentException', message);
}

function check(input: Input.CreateChannelInput): void {
  const s3 = input.S3DestinationConfiguration;
  const tables = input.S3TablesDestinationConfiguration;
  if ((s3 === undefined) === (tables === undefined)) invalid(oneDestination());
  if (input.StreamConfigurationList.length !== CHANNEL_MAX_STREAMS) invalid(streamCount(input.StreamConfigurationList.length));
  const kind = s3 ? 'S3' : 'S3_TABLES';
  const freshness = freshnessError((s3 ?? tables)!.DataFreshnessInSeconds);
  if (freshness) invalid(freshness);
  const record = input.StreamConfigurationList[0].RecordConfiguration;
  const format = formatError(record.RecordFormatType, kind);
  if (format) invalid(format);
  if (kind === 'S3_TABLES' && record.GSRSchemaARN === undefined) invalid(schemaRequired());
}

export const CreateChannel = operation(
  'CreateChannel',
  async function CreateChannel(ctx, input) {
    const source = input.StreamConfigurationList[0];
    const stream = await loadStream(ctx, streamNameOf(ctx, { StreamARN: source.StreamARN }));
    if (stream.status !== 'ACTIVE' && stream.status !== 'UPDATING') throw KinesisError.from(streamNotActive(stream.name, stream.account, stream.status));
    if (stream.mode !== 'ON_DEMAND') invalid(onDemandOnly(stream.name, stream.account));
    const id = crypto.randomUUID();
    const s3 = input.S3DestinationConfiguration;
    const tables = input.S3TablesDestinationConfiguration;
    const dlqDefault = s3
      ? { BucketARN: s3.StorageConfiguration.BucketARN, ExpectedBucketOwner: s3.StorageConfiguration.ExpectedBucketOwner, ErrorOutputPrefix: `kinesis-channel/errors/${input.ChannelName}/${id}/` }
      : undefined;
    const destination = s3
      ? {
          DataFreshnessInSeconds: s3.DataFreshnessInSeconds ?? CHANNEL_FRESHNESS_DEFAULT_S,
          DeadLetterQueueS3Configuration: s3.DeadLetterQueueS3Configuration ?? dlqDefault,
          StorageConfiguration: s3.StorageConfiguration,
        }
      : {
          DataFreshnessInSeconds: tables!.DataFreshnessInSeconds ?? CHANNEL_FRESHNESS_DEFAULT_S,
          DeadLetterQueueS3Configuration: tables!.DeadLetterQueueS3Configuration,
          S3TablesConfigurationList: tables!.S3TablesConfigurationList,
        };
    const config: ChannelConfig = {
      serviceExecutionRoleArn: input.ServiceExecutionRoleARN,
      streamName: stream.name,
      streamArn: arnOf(stream),
      streamCreatedAt: stream.createdAt,
      recordConfiguration: source.RecordConfiguration,
      destinationType: s3 ? 'S3' : 'S3_TABLES',
      destination,
      ...(input.EncryptionConfiguration ? { encryption: input.EncryptionConfiguration } : {}),
      logging: input.LoggingConfiguration ?? { CloudWatchLogs: { Enabled: false } },
      tags: input.Tags ?? {},
    };
    const info: ChannelInfo = {
      account: ctx.tenant.account, region: ctx.tenant.region, name: input.ChannelName, id,
      createdAt: ctx.now, activeAt: ctx.now + ctx.config.createStreamMs, updatingUntil: null, deletingAt: null, goneAt: null,
      failedReason: unsupported(config), config,
    };
    const created = unwrap(await channelStub(ctx).create(info));
    return { ChannelDescription: channelDescription(created, channelArn(ctx.tenant.region, ctx.tenant.account, created.name), ctx.now) };
  },
  check,
);

/**
 * What this emulator cannot deliver, shown as FAILED with this reason once the channel is created [OURS]: Iceberg
 * tables are not objects R2 holds, and workerd's CompressionStream has no Zstandard.
 */
function unsupported(config: ChannelConfig): string | null {
  if (config.destinationType === 'S3_TABLES') return 'kinesis-edge does not deliver to streaming tables (Amazon S3 Tables); use an S3 destination.';
  if (config.destination.StorageConfiguration?.CompressionType === 'ZSTD') return 'kinesis-edge does not write ZSTD-compressed objects; use GZIP or NONE.';
  return null;
}
