// Tenants: which account an access key speaks for, and the account+region prefix of every Durable Object name.
// Must not verify signatures or look anything up: this is naming only (nothing verifies signatures yet; src/auth/sigv4.ts
// only reads their parts).
import { MAX_REGION_LENGTH } from '../limits';

export interface Tenant {
  account: string;
  region: string;
}

/** The account used when the access key does not name one; kinesalite and LocalStack use the same default. */
export const DEFAULT_ACCOUNT = '000000000000';
const ACCOUNT_ID = /^[0-9]{12}$/; // AWS account ids are 12 digits (the model's ARN patterns use \d{12})

/** A 12-digit access key id is that account (LocalStack's convention); anything else is the default account. */
export function accountFromAccessKey(accessKeyId: string | undefined): string {
  return typeof accessKeyId === 'string' && ACCOUNT_ID.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT;
}

/**
 * What a region name may look like: every AWS region today (us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1,
 * eu-isoe-west-1, eusc-de-east-1, ap-southeast-5, ...: https://docs.aws.amazon.com/general/latest/gr/rande.html)
 * is a 2-4 letter area, one to three lowercase words and a number. The pattern also bounds the length (46
 * characters), which the shard iterator relies on to fit 512 characters with a 128-character stream name.
 */
export const REGION_NAME = /^[a-z]{2,4}(?:-[a-z]{1,12}){1,3}-[0-9]{1,2}$/;

export function isRegionName(region: string): boolean {
  return region.length <= MAX_REGION_LENGTH && REGION_NAME.test(region);
}

/** `ACCOUNT:REGION`: tenants in one deployment never share an object (docs/architecture.md). */
export function tenantPrefix(t: Tenant): string {
  return `${t.account}:${t.region}`;
}
