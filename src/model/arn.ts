// Stream and consumer ARNs: build them from parts and parse them back, partition included.
// Must not check that the stream or consumer exists, nor word AWS's errors; parse failures are null.

/**
 * The partition for a region, by the AWS SDK's partition regexes (@aws-sdk/core util-endpoints partitions.js);
 * anything unrecognised (including emulator-only regions) is `aws`.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** `arn:aws:kinesis:REGION:ACCT:stream/NAME` [aws-behaviour §4.3]; the partition follows the region. */
export function streamArn(region: string, account: string, name: string): string {
  return `arn:${partitionOf(region)}:kinesis:${region}:${account}:stream/${name}`;
}

/** `...:stream/NAME/consumer/CNAME:CREATION_EPOCH_SECONDS` [AWS Consumer docs; aws-behaviour §4.3]. */
export function consumerArn(region: string, account: string, stream: string, consumer: string, createdAtSec: number): string {
  return `${streamArn(region, account, stream)}/consumer/${consumer}:${createdAtSec}`;
}

export interface StreamArnParts {
  partition: string;
  region: string;
  account: string;
  name: string;
}

export interface ConsumerArnParts extends StreamArnParts {
  consumerName: string;
  createdAtSec: number;
}

// The model's StreamARN pattern is `arn:aws.*:kinesis:.*:\d{12}:stream/\S+` [botocore kinesis 2013-12-02]; we keep
// its partition and account rules but require a region of [a-z0-9-] (it becomes part of object names) and a name
// matching StreamName's `[a-zA-Z0-9_.-]{1,128}`, so a consumer ARN is never taken for a stream ARN.
const NAME = '[a-zA-Z0-9_.-]{1,128}';
const STREAM_ARN = new RegExp(`^arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):([0-9]{12}):stream/(${NAME})$`);
// ConsumerARN: `^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+` [botocore].
const CONSUMER_ARN = new RegExp(`^arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):([0-9]{12}):stream/(${NAME})/consumer/(${NAME}):([0-9]{1,15})$`);

export function parseStreamArn(arn: string): StreamArnParts | null {
  if (typeof arn !== 'string' || arn.length > 2048) return null;
  const m = STREAM_ARN.exec(arn);
  return m ? { partition: m[1], region: m[2], account: m[3], name: m[4] } : null;
}

export function parseConsumerArn(arn: string): ConsumerArnParts | null {
  if (typeof arn !== 'string' || arn.length > 2048) return null;
  const m = CONSUMER_ARN.exec(arn);
  if (!m) return null;
  return { partition: m[1], region: m[2], account: m[3], name: m[4], consumerName: m[5], createdAtSec: Number(m[6]) };
}
