// Pure rules about streams that answer with AWS's exact messages: not found, not active, retention and tag checks.
// Must not touch storage: objects call these with what they read.
import type { ErrorData } from '../protocol/errors';
import { MAX_RETENTION_HOURS, MAX_TAGS_PER_STREAM, MIN_RETENTION_HOURS } from '../limits';

export const streamNotFound = (name: string, account: string): ErrorData => ({
  type: 'ResourceNotFoundException',
  message: `Stream ${name} under account ${account} not found.`, // [KL; aws-behaviour §3.0]
});

/** A shard that does not exist (or whose stream is gone): no full stop [KL; aws-behaviour §3.8, §3.9]. */
export const shardNotFound = (streamName: string, account: string, shardId: string): ErrorData => ({
  type: 'ResourceNotFoundException',
  message: `Shard ${shardId} in stream ${streamName} under account ${account} does not exist`,
});

export const streamNotActive = (name: string, account: string, status: string): ErrorData => ({
  type: 'ResourceInUseException',
  message: `Stream ${name} under account ${account} not ACTIVE, instead in state ${status}`, // no full stop [KL; aws-behaviour §3.0]
});

/**
 * CreateStream (and any later request that adds shards) may not take the account's open shards past its limit.
 * A pure check on counts, made before anything sized by `requested` exists: a request for 2^31-1 shards costs
 * nothing. Wording recorded from AWS by kinesalite (CreateStream LimitExceededException; limits:
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
 */
export function shardLimitError(tenant: { account: string; region: string }, open: number, requested: number, limit: number): ErrorData | null {
  if (open + requested <= limit) return null;
  return {
    type: 'LimitExceededException',
    message:
      `This request would exceed the shard limit for the account ${tenant.account} in ${tenant.region}. Current shard count for the account: ${open}. ` +
      `Limit: ${limit}. Number of additional shards that would have resulted from this request: ${requested}. Refer to the AWS Service Limits page ` +
      '(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.',
  };
}

/** Increase/DecreaseStreamRetentionPeriod checks, in kinesalite's recorded order (aws-behaviour §3.10). */
export function retentionChangeError(op: 'increase' | 'decrease', streamName: string, current: number, requested: number): ErrorData | null {
  if (requested < MIN_RETENTION_HOURS) {
    return { type: 'InvalidArgumentException', message: `Minimum allowed retention period is ${MIN_RETENTION_HOURS} hours. Requested retention period (${requested} hours) is too short.` };
  }
  if (requested > MAX_RETENTION_HOURS) {
    // [moto; unverified against AWS, aws-behaviour §3.10]
    return { type: 'InvalidArgumentException', message: `Maximum allowed retention period is ${MAX_RETENTION_HOURS} hours. Requested retention period (${requested} hours) is too long.` };
  }
  if (op === 'decrease' && requested > current) {
    return { type: 'InvalidArgumentException', message: `Requested retention period (${requested} hours) for stream ${streamName} can not be longer than existing retention period (${current} hours). Use IncreaseRetentionPeriod API.` };
  }
  if (op === 'increase' && requested < current) {
    return { type: 'InvalidArgumentException', message: `Requested retention period (${requested} hours) for stream ${streamName} can not be shorter than existing retention period (${current} hours). Use DecreaseRetentionPeriod API.` };
  }
  return null;
}

// Unicode letters, digits, white space, _ . / = + - % @ [KL; aws-behaviour §3.11].
const TAG_CHARS = /^[\p{L}\p{N}\p{Z}_.\/=+\-%@]*$/u;

/** Character checks for tag keys and values being added or removed (aws-behaviour §3.11). */
export function tagCharactersError(op: 'add' | 'remove', streamName: string, account: string, strings: string[]): ErrorData | null {
  if (strings.some((s) => !TAG_CHARS.test(s))) {
    return { type: 'InvalidArgumentException', message: 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.' };
  }
  if (strings.some((s) => s.includes('%'))) {
    const what = op === 'add' ? `Failed to add tags to stream ${streamName}` : `Failed to remove tags from stream ${streamName}`;
    return {
      type: 'InvalidArgumentException',
      message: `${what} under account ${account} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`,
    };
  }
  return null;
}

/** More than 50 tags on a stream. The text says 10 while the check is 50, as AWS's recorded message does (aws-behaviour §3.11). */
export function tooManyTagsError(streamName: string, account: string, total: number): ErrorData | null {
  if (total <= MAX_TAGS_PER_STREAM) return null;
  return {
    type: 'InvalidArgumentException',
    message: `Failed to add tags to stream ${streamName} under account ${account} because a given stream cannot have more than 10 tags associated with it.`,
  };
}
