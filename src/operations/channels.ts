// Shared by the channel operations: the account's channel object, the channel an ARN names, and AWS's output shapes
// (ChannelDescription, ChannelSummary) from what the channel object keeps.
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ChannelDescription.html
import { KinesisError } from '../protocol/errors';
import { channelNotFound, channelStatus, invalidChannelArn, parseChannelArn, type ChannelInfo } from '../model/channel';
import type { Context } from './operation';
import type { Output } from '../schema/shapes.generated';
import { EpochTime } from '../protocol/values';

export const channelObjectName = (t: { account: string; region: string }): string => `${t.account}:${t.region}:channels`;

export function channelStub(ctx: Context) {
  return ctx.env.CHANNEL.getByName(channelObjectName(ctx.tenant));
}

/** The channel name a ChannelARN names; another tenant's channel is not found, as for streams. */
export function channelNameOf(ctx: Context, arn: string): string {
  const parts = parseChannelArn(arn);
  if (!parts) throw KinesisError.from(invalidChannelArn(arn));
  if (parts.account !== ctx.tenant.account || parts.region !== ctx.tenant.region) throw KinesisError.from(channelNotFound(parts.name, parts.account));
  return parts.name;
}

function statusOf(c: ChannelInfo, now: number): Output.ChannelDescription['ChannelStatus'] {
  const s = channelStatus(c, now);
  return s === 'GONE' ? 'DELETING' : s;
}

/** The members ChannelDescription and ChannelSummary share, in AWS's order. */
function channelHeader(c: ChannelInfo, arn: string, now: number) {
  const status = statusOf(c, now);
  return {
    ChannelName: c.name,
    ChannelARN: arn,
    ChannelId: c.id,
    ChannelStatus: status,
    ...(status === 'FAILED' && c.failedReason ? { ChannelStatusReason: c.failedReason } : {}),
    ChannelCreationTimestamp: new EpochTime(c.createdAt),
  };
}

/** The source stream's creation time, in whole seconds as streams report it. */
const streamCreation = (c: ChannelInfo) => new EpochTime(Math.floor(c.config.streamCreatedAt / 1000) * 1000);

export function channelDescription(c: ChannelInfo, arn: string, now: number): Output.ChannelDescription {
  const destination = c.config.destinationType === 'S3'
    ? { S3DestinationConfiguration: c.config.destination as unknown as Output.S3DestinationDescription }
    : { S3TablesDestinationConfiguration: c.config.destination as unknown as Output.S3TablesDestinationDescription };
  return {
    ...channelHeader(c, arn, now),
    ServiceExecutionRoleARN: c.config.serviceExecutionRoleArn,
    StreamConfigurationList: [{
      StreamARN: c.config.streamArn,
      StreamCreationTimestamp: streamCreation(c),
      RecordConfiguration: c.config.recordConfiguration,
    }],
    ...destination,
    ...(c.config.encryption ? { EncryptionConfiguration: c.config.encryption } : {}),
    LoggingConfiguration: c.config.logging,
  };
}

export function channelSummary(c: ChannelInfo, arn: string, now: number): Output.ChannelSummary {
  return {
    ...channelHeader(c, arn, now),
    ChannelDestinationType: c.config.destinationType,
    Streams: [{ StreamARN: c.config.streamArn, StreamCreationTimestamp: streamCreation(c) }],
  };
}
