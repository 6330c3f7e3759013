// UpdateChannel: DataFreshnessInSeconds (of the channel's own destination kind) and the logging configuration of an
// ACTIVE channel; UPDATING for the server's updateStreamMs
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateChannel.html).
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { freshnessError, nothingToUpdate, wrongDestinationKind } from '../model/channel-rules';
import { channelDescription, channelNameOf, channelStub } from './channels';

export const UpdateChannel = operation(
  'UpdateChannel',
  async function UpdateChannel(ctx, input) {
    const name = channelNameOf(ctx, input.ChannelARN);
    const stub = channelStub(ctx);
    const current = unwrap(await stub.describe(name, ctx.tenant.account, ctx.now));
    const kind = current.config.destinationType;
    const given = kind === 'S3' ? input.S3DestinationConfiguration : input.S3TablesDestinationConfiguration;
    const other = kind === 'S3' ? input.S3TablesDestinationConfiguration : input.S3DestinationConfiguration;
    if (other !== undefined) throw new KinesisError('InvalidArgumentException', wrongDestinationKind(kind));
    const updated = unwrap(await stub.update(name, ctx.tenant.account, ctx.now, ctx.config.updateStreamMs, {
      ...(given ? { freshnessSeconds: given.DataFreshnessInSeconds } : {}),
      ...(input.LoggingConfiguration ? { logging: input.LoggingConfiguration } : {}),
    }));
    return { ChannelDescription: channelDescription(updated, input.ChannelARN, ctx.now) };
  },
  (input) => {
    if (input.S3DestinationConfiguration === undefined && input.S3TablesDestinationConfiguration === undefined && input.LoggingConfiguration === undefined) {
      throw new KinesisError('InvalidArgumentException', nothingToUpdate());
    }
    if (input.S3DestinationConfiguration && input.S3TablesDestinationConfiguration) {
      throw new KinesisError('InvalidArgumentException', 'Only one of S3DestinationConfiguration and S3TablesDestinationConfiguration may be specified.');
    }
    const freshness = freshnessError((input.S3DestinationConfiguration ?? input.S3TablesDestinationConfiguration)?.DataFreshnessInSeconds);
    if (freshness) throw new KinesisError('InvalidArgumentException', freshness);
  },
);
