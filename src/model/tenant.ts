// Tenants: which account an access key speaks for, the account+region prefix of every Durable Object name, and what a
// verified tenant is (key, secret, account, quotas). Must not verify signatures or look anything up: src/auth/ does.
import { createHash } from 'node:crypto';
import { DEFAULT_TENANT_QUOTAS, MAX_REGION_LENGTH, MAX_TENANT_QUOTAS } from '../limits';

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

/** CreateStream past a tenant's stream quota (verify mode): LimitExceededException in the words of AWS's shard limit
 *  (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html) [OURS: AWS has no such quota]. */
export function streamLimitError(tenant: Tenant, streams: number, limit: number): { type: 'LimitExceededException'; message: string } | null {
  if (streams + 1 <= limit) return null;
  return {
    type: 'LimitExceededException',
    message: `This request would exceed the stream limit for the account ${tenant.account} in ${tenant.region}. Current stream count for the account: ${streams}. Limit: ${limit}.`,
  };
}

/** A put while the tenant's account and region store `stored` bytes or more: LimitExceededException, worded like the
 *  stream quota's [OURS: AWS has no such quota]. */
export function storedBytesLimitError(tenant: Tenant, stored: number, limit: number): { type: 'LimitExceededException'; message: string } | null {
  if (stored < limit) return null;
  return {
    type: 'LimitExceededException',
    message: `This request would exceed the stored bytes quota for the account ${tenant.account} in ${tenant.region}. Stored bytes: ${stored}. Limit: ${limit}.`,
  };
}

/** What a tenant may use: per region, like AWS's shard quota; requests per second over all regions. */
export interface Quotas {
  streams: number;
  openShards: number;
  requestsPerSecond: number;
  storedBytes: number;
}

/** Quotas as stored before a quota existed: the missing ones take today's defaults. */
export function storedQuotas(json: string): Quotas {
  return { ...DEFAULT_TENANT_QUOTAS, ...(JSON.parse(json) as Partial<Quotas>) };
}

/** A tenant of a `verify` deployment, as the verifier needs it (the secret in clear: it keys the HMACs). */
export interface TenantSecret {
  accessKeyId: string;
  secretAccessKey: string;
  account: string;
  /** When set, requests must carry exactly this X-Amz-Security-Token. */
  sessionToken?: string;
  quotas: Quotas;
}

/** AWS's access key ids are 16-128 characters of [\w] (IAM's AccessKeyIdType); ours may be shorter (`test`), as
 *  other emulators' keys are, and never hold the `/` or `:` that would split a credential scope or a --tenant. */
export const ACCESS_KEY_ID = /^[A-Za-z0-9_]{1,128}$/;
/** Secrets: printable ASCII without spaces, as SigV4 hashes them; bounded so nothing sized by one is large. */
export const SECRET_ACCESS_KEY = /^[\x21-\x7e]{1,128}$/;
export const SESSION_TOKEN = /^[\x21-\x7e]{1,4096}$/;

export function isAccountId(account: unknown): account is string {
  return typeof account === 'string' && ACCOUNT_ID.test(account);
}

/**
 * The account of a tenant created without one: a 12-digit key is that account (as in `open` mode), anything else
 * 12 digits taken from SHA-256 of the key, so two tenants never share an account by accident.
 */
export function accountForNewTenant(accessKeyId: string): string {
  if (ACCOUNT_ID.test(accessKeyId)) return accessKeyId;
  const n = BigInt('0x' + createHash('sha256').update(`kinesis-edge account:${accessKeyId}`).digest('hex').slice(0, 24));
  return (n % 10n ** 12n).toString().padStart(12, '0');
}

/** Quotas from untrusted JSON: each a whole number in 0..MAX_TENANT_QUOTAS, defaults for the missing; a message on error. */
export function parseQuotas(value: unknown): Quotas | string {
  if (value === undefined || value === null) return { ...DEFAULT_TENANT_QUOTAS };
  if (typeof value !== 'object' || Array.isArray(value)) return 'quotas must be an object';
  const out: Quotas = { ...DEFAULT_TENANT_QUOTAS };
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!(k in MAX_TENANT_QUOTAS)) return `unknown quota '${k}' (known: ${Object.keys(MAX_TENANT_QUOTAS).join(', ')})`;
    const max = MAX_TENANT_QUOTAS[k as keyof Quotas];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) return `quota '${k}' must be a whole number from 0 to ${max}`;
    out[k as keyof Quotas] = v;
  }
  return out;
}

/** One tenant from untrusted JSON (the TENANTS var the local host passes), or a message. */
export function parseTenant(value: unknown): TenantSecret | string {
  if (typeof value !== 'object' || value === null) return 'a tenant must be an object';
  const v = value as Record<string, unknown>;
  if (typeof v.accessKeyId !== 'string' || !ACCESS_KEY_ID.test(v.accessKeyId)) return 'accessKeyId must be 1-128 letters, digits or _';
  if (typeof v.secretAccessKey !== 'string' || !SECRET_ACCESS_KEY.test(v.secretAccessKey)) return 'secretAccessKey must be 1-128 printable ASCII characters without spaces';
  if (v.account !== undefined && !isAccountId(v.account)) return 'account must be 12 digits';
  if (v.sessionToken !== undefined && (typeof v.sessionToken !== 'string' || !SESSION_TOKEN.test(v.sessionToken))) return 'sessionToken must be 1-4096 printable ASCII characters without spaces';
  const quotas = parseQuotas(v.quotas);
  if (typeof quotas === 'string') return quotas;
  return {
    accessKeyId: v.accessKeyId,
    secretAccessKey: v.secretAccessKey,
    account: (v.account as string | undefined) ?? accountForNewTenant(v.accessKeyId),
    ...(v.sessionToken !== undefined ? { sessionToken: v.sessionToken as string } : {}),
    quotas,
  };
}
