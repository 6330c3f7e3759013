// Where the verifier finds tenants, and what a verified request costs its tenant: the TENANTS var (the local host's
// --tenant list, JSON) first, then the tenant object (the admin API's tenants) through a short isolate cache; the
// rate quota and the request counts of the usage report. Must not verify anything: auth/verify.ts does.
import { KinesisError } from '../protocol/errors';
import { parseTenant, type TenantSecret } from '../model/tenant';
import { TENANT_CACHE_MAX_ENTRIES, TENANT_CACHE_TTL_MS, USAGE_FLUSH_MS } from '../limits';
import { TENANTS_OBJECT } from '../objects/tenant-object';
import type { Env } from '../env';

let staticSource: string | undefined;
let staticTenants = new Map<string, TenantSecret>();

/** The TENANTS var, parsed once per isolate. A malformed list is a deployment error: thrown, so it is logged. */
export function staticTenantsOf(env: Env): Map<string, TenantSecret> {
  const source = env.TENANTS ?? '';
  if (source !== staticSource) {
    const map = new Map<string, TenantSecret>();
    const list: unknown = source === '' ? [] : JSON.parse(source);
    if (!Array.isArray(list)) throw new Error('TENANTS must be a JSON array of tenants');
    for (const item of list) {
      const t = parseTenant(item);
      if (typeof t === 'string') throw new Error(`TENANTS: ${t}`);
      map.set(t.accessKeyId, t);
    }
    staticTenants = map;
    staticSource = source;
  }
  return staticTenants;
}

const cache = new Map<string, { tenant: TenantSecret; until: number }>();

/** Forgets every cached tenant of this isolate (the admin API after a change; tests). */
export function clearTenantCache(accessKeyId?: string): void {
  if (accessKeyId === undefined) cache.clear();
  else cache.delete(accessKeyId);
}

/** The lookup verifySignature is given. Only found tenants are cached, for TENANT_CACHE_TTL_MS. */
export function tenantLookup(env: Env, now: number): (accessKeyId: string) => Promise<TenantSecret | undefined> {
  return async (accessKeyId) => {
    const local = staticTenantsOf(env).get(accessKeyId);
    if (local) return local;
    const hit = cache.get(accessKeyId);
    if (hit && hit.until > now) return hit.tenant;
    cache.delete(accessKeyId);
    const found = await env.TENANT.getByName(TENANTS_OBJECT).lookup(accessKeyId);
    if (!found) return undefined;
    const tenant: TenantSecret = { ...found, quotas: { ...found.quotas } };
    if (cache.size >= TENANT_CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(accessKeyId, { tenant, until: now + TENANT_CACHE_TTL_MS });
    return tenant;
  };
}

// ---- rate quota and usage ----------------------------------------------------------------------------------------

/** Token buckets per access key in this isolate. A deployment runs several isolates, each with its own buckets:
 *  the rate quota is exact on one isolate (the local server) and per isolate when deployed (docs/aws-behaviour.md §1.7). */
const buckets = new Map<string, { tokens: number; at: number }>();
const counts = new Map<string, number>(); // `${accessKeyId}\n${minute}` -> requests not yet reported
const regionsSeen = new Set<string>();
let lastFlush = 0;

export function clearRateState(): void {
  buckets.clear();
  counts.clear();
  regionsSeen.clear();
  lastFlush = 0;
}

/**
 * Admits one request of `tenant` or throws ProvisionedThroughputExceededException, counts it, and returns the work
 * of reporting counts and a first-seen region to the tenant object, for the caller to run after answering.
 */
export function admitRequest(env: Env, tenant: TenantSecret, region: string, now: number): Promise<void> | undefined {
  const rate = tenant.quotas.requestsPerSecond;
  const bucket = buckets.get(tenant.accessKeyId) ?? { tokens: rate, at: now };
  bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
  bucket.at = now;
  buckets.set(tenant.accessKeyId, bucket);
  if (bucket.tokens < 1) {
    // The wording of AWS's per-shard and per-stream rate refusals, for the tenant's quota [OURS].
    throw new KinesisError('ProvisionedThroughputExceededException', `Rate exceeded for account ${tenant.account}.`);
  }
  bucket.tokens -= 1;

  const key = `${tenant.accessKeyId}\n${Math.floor(now / 60_000)}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  const work: Promise<void>[] = [];
  const pair = `${tenant.accessKeyId}\n${region}`;
  const object = () => env.TENANT.getByName(TENANTS_OBJECT);
  if (!regionsSeen.has(pair)) {
    regionsSeen.add(pair);
    work.push(object().noteRegion(tenant.accessKeyId, region).catch((err) => { regionsSeen.delete(pair); throw err; }));
  }
  if (now - lastFlush >= USAGE_FLUSH_MS) {
    lastFlush = now;
    const batch = [...counts].map(([k, count]) => {
      const [accessKeyId, minute] = k.split('\n');
      return { accessKeyId, minute: Number(minute), count };
    });
    counts.clear();
    work.push(object().addRequests(batch, now));
  }
  return work.length === 0 ? undefined : Promise.all(work).then(() => undefined);
}

/** Reports this isolate's counts now (the usage report asks every isolate it reaches: its own, at least). */
export async function flushUsage(env: Env, now: number): Promise<void> {
  if (counts.size === 0) return;
  const batch = [...counts].map(([k, count]) => {
    const [accessKeyId, minute] = k.split('\n');
    return { accessKeyId, minute: Number(minute), count };
  });
  counts.clear();
  lastFlush = now;
  await env.TENANT.getByName(TENANTS_OBJECT).addRequests(batch, now);
}
