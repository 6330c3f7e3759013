// AWS's rules and messages for a stream's settings: server-side encryption (KMS key ids), enhanced monitoring's
// shard-level metrics, and the record distribution strategy. Pure: no storage, no platform imports.
import type { ErrorData } from '../protocol/errors';
import { MAX_ENCRYPTION_CHANGES_PER_DAY } from '../limits';

/**
 * The seven shard-level metrics in the model's order; `ALL` stands for all of them
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html).
 */
export const SHARD_LEVEL_METRICS = [
  'IncomingBytes', 'IncomingRecords', 'OutgoingBytes', 'OutgoingRecords', 'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded', 'IteratorAgeMilliseconds',
] as const;

const inModelOrder = (names: Iterable<string>): string[] => {
  const set = new Set(names);
  return SHARD_LEVEL_METRICS.filter((m) => set.has(m));
};

const expand = (requested: readonly string[]): string[] => (requested.includes('ALL') ? [...SHARD_LEVEL_METRICS] : inModelOrder(requested));

/** The metrics after EnableEnhancedMonitoring: the current ones plus those asked for. */
export const enableMetrics = (current: readonly string[], requested: readonly string[]): string[] => inModelOrder([...current, ...expand(requested)]);

/** The metrics after DisableEnhancedMonitoring: the current ones less those asked for. */
export function disableMetrics(current: readonly string[], requested: readonly string[]): string[] {
  const off = new Set(expand(requested));
  return inModelOrder(current.filter((m) => !off.has(m)));
}

// A KMS key as StartStreamEncryption's KeyId names it: a key id (a GUID, or a multi-Region key's `mrk-` id), a key
// ARN, an alias name `alias/...` (`alias/aws/kinesis` is the key Kinesis owns), or an alias ARN
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html;
// alias names: https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html, letters, digits, / _ -).
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const KEY_ID = `(?:${GUID}|mrk-[0-9a-f]{32})`;
const ALIAS = 'alias/[a-zA-Z0-9/_-]{1,250}';
const BARE_KEY = new RegExp(`^(?:${KEY_ID}|${ALIAS})$`);
const KEY_ARN = new RegExp(`^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\\d{12}):(?:key/${KEY_ID}|${ALIAS})$`);

/**
 * Why Kinesis could not use this key, or null. Kinesis hands the KeyId to KMS, and KMS finds no key by a malformed
 * id or in another Region than the stream's: KMSNotFoundException, the error StartStreamEncryption documents for
 * "the specified entity or resource can't be found". The wording is ours (aws-behaviour §3.20). Differs from AWS: whether a well-formed
 * key exists, is enabled, or may be used by the caller is KMS's business: an emulator has no KMS, so it accepts it.
 */
export function keyIdError(keyId: string, region: string): ErrorData | null {
  if (BARE_KEY.test(keyId)) return null;
  const arn = KEY_ARN.exec(keyId);
  if (arn && arn[2] === region) return null;
  return { type: 'KMSNotFoundException', message: `Invalid keyId ${keyId}` };
}

/** EncryptionType: "The only valid value is KMS" [DOC StartStreamEncryption]; our wording. */
export const encryptionTypeError = (type: string): ErrorData | null =>
  type === 'KMS' ? null : { type: 'InvalidArgumentException', message: `Encryption type ${type} is not valid: the only valid value is KMS.` };

/**
 * "You can successfully apply a new AWS KMS key for server-side encryption 25 times in a rolling 24-hour period",
 * and disable it as often [DOC StartStreamEncryption, StopStreamEncryption]; our wording.
 */
export function encryptionChangeLimitError(op: 'start' | 'stop', name: string, account: string, inLastDay: number): ErrorData | null {
  if (inLastDay < MAX_ENCRYPTION_CHANGES_PER_DAY) return null;
  const what = op === 'start' ? 'StartStreamEncryption' : 'StopStreamEncryption';
  return {
    type: 'LimitExceededException',
    message: `${what} on stream ${name} under account ${account} exceeds a limit: at most ${MAX_ENCRYPTION_CHANGES_PER_DAY} per rolling 24 hours.`,
  };
}

/**
 * "This operation is only supported for data streams that use the on-demand capacity mode ... Attempting to set AUTO
 * on a provisioned stream results in an InvalidArgumentException"
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html). Setting
 * USER_PARTITION_KEY, what a provisioned stream does anyway, is accepted. Our wording.
 */
export function recordDistributionError(strategy: string, mode: string, name: string, account: string): ErrorData | null {
  if (strategy !== 'AUTO' || mode === 'ON_DEMAND') return null;
  return {
    type: 'InvalidArgumentException',
    message: `Record distribution strategy AUTO is only supported for on-demand streams; stream ${name} under account ${account} is PROVISIONED.`,
  };
}

/** SequenceNumberForOrdering "must not be provided" to a stream that distributes records itself
 *  (https://docs.aws.amazon.com/streams/latest/dev/service-managed-pk-producing-behavior.html); our wording. */
export const orderingWithAutoError = (name: string, account: string): ErrorData => ({
  type: 'InvalidArgumentException',
  message: `SequenceNumberForOrdering is not supported on stream ${name} under account ${account}: its record distribution strategy is AUTO.`,
});

/** DryRun: "The request was rejected because the DryRun parameter was specified." The model's description of
 *  DryRunOperationException (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html#API_PutRecord_Errors);
 *  what AWS sends as the message is not known, so we send that sentence. */
export const dryRunError = (): ErrorData => ({ type: 'DryRunOperationException', message: 'The request was rejected because the DryRun parameter was specified.' });
