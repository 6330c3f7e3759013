// AWS's rules for a channel's configuration that the shapes cannot say, as messages. AWS publishes the rules
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateChannel.html, API_RecordConfiguration.html,
// https://docs.aws.amazon.com/streams/latest/dev/data-delivery-concepts.html) but not its wording: the messages are
// ours [OURS], in the form of the stream rules' messages. Pure: no objects, no Hono.
import { CHANNEL_FRESHNESS_MAX_S, CHANNEL_FRESHNESS_MIN_S, CHANNEL_MAX_STREAMS } from '../limits';

export type DestinationKind = 'S3' | 'S3_TABLES';

/** "You must specify either S3DestinationConfiguration or S3TablesDestinationConfiguration, but not both." */
export const oneDestination = (): string => 'Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be specified.';

/** "Currently, one stream is supported per channel." */
export const streamCount = (n: number): string =>
  `StreamConfigurationList must contain exactly ${CHANNEL_MAX_STREAMS} stream configuration; it has ${n}.`;

/** Data freshness is 300-900 seconds. */
export function freshnessError(seconds: number | undefined): string | null {
  if (seconds === undefined || (seconds >= CHANNEL_FRESHNESS_MIN_S && seconds <= CHANNEL_FRESHNESS_MAX_S)) return null;
  return `DataFreshnessInSeconds must be between ${CHANNEL_FRESHNESS_MIN_S} and ${CHANNEL_FRESHNESS_MAX_S} seconds; it was ${seconds}.`;
}

/** GSR_JSON only for S3 Tables; STRING and BYTE_ARRAY only for S3; JSON for both (API_RecordConfiguration). */
export function formatError(format: string, kind: DestinationKind): string | null {
  const allowed = kind === 'S3' ? ['JSON', 'STRING', 'BYTE_ARRAY'] : ['JSON', 'GSR_JSON'];
  if (allowed.includes(format)) return null;
  return `RecordFormatType ${format} is not supported for ${kind === 'S3' ? 'general purpose Amazon S3' : 'streaming table (Amazon S3 Tables)'} destinations.`;
}

/** "GSRSchemaARN ... Required when the channel destination is a streaming table." */
export const schemaRequired = (): string => 'GSRSchemaARN is required when the channel destination is a streaming table.';

/** A channel reads on-demand streams only ("This operation is only supported for data streams with the on-demand capacity mode."). */
export const onDemandOnly = (stream: string, account: string): string =>
  `Stream ${stream} under account ${account} is not in ON_DEMAND capacity mode. Channels are supported only for on-demand streams.`;

/** UpdateChannel's destination member must be the channel's own kind. */
export const wrongDestinationKind = (kind: DestinationKind): string =>
  `This channel delivers to ${kind === 'S3' ? 'a general purpose Amazon S3 bucket: use S3DestinationConfiguration' : 'streaming tables: use S3TablesDestinationConfiguration'}.`;

/** UpdateChannel with nothing to change. */
export const nothingToUpdate = (): string =>
  'At least one of S3DestinationConfiguration, S3TablesDestinationConfiguration and LoggingConfiguration must be specified.';

/**
 * DeleteStream of a stream that channels read: "A stream cannot be deleted while it has active channels. Use
 * ListChannels with a stream filter to find the channels attached to a stream before deleting it."
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteChannel.html). AWS's error type and wording are
 * not published: ResourceInUseException, as for registered consumers, with our words [OURS].
 */
export const streamHasChannels = (stream: string, account: string): string =>
  `Stream ${stream} under account ${account} has channels reading it. Delete the channels first (ListChannels with a StreamFilter finds them).`;

/**
 * "Deliveries per stream: 2 ... One delivery to streaming tables on Apache Iceberg and one delivery to a general
 * purpose Amazon S3 bucket." (not adjustable; https://docs.aws.amazon.com/streams/latest/dev/data-delivery-quotas.html).
 * AWS's error and wording are not published: LimitExceededException, as for other quotas, with our words [OURS].
 */
export const oneChannelPerKind = (stream: string, account: string, kind: DestinationKind): string =>
  `Stream ${stream} under account ${account} already has a channel delivering to ${kind === 'S3' ? 'a general purpose Amazon S3 bucket' : 'streaming tables (Amazon S3 Tables)'}. A stream can have one channel of each destination type.`;
