// The tenant's stored-bytes quota (verify mode), checked before a put writes anything. The account object's total is
// what its shards last reported (STORED_BYTES_REPORT_MS apart) and this isolate trusts it for STORED_BYTES_CACHE_MS,
// so puts may go past the quota by what arrives within about two seconds: bounded, and documented in
// docs/aws-behaviour.md §1.7. Unbounded (open mode): no lookup at all.
import { KinesisError } from '../protocol/errors';
import { storedBytesLimitError } from '../model/tenant';
import { STORED_BYTES_CACHE_MS, TENANT_CACHE_MAX_ENTRIES } from '../limits';
import { accountObjectName } from '../objects/names';
import type { Context } from './operation';

const totals = new Map<string, { bytes: number; until: number }>();

/** Forgets this isolate's totals (tests start from empty storage). */
export function clearStoredBytesCache(): void {
  totals.clear();
}

/** Throws LimitExceededException when the tenant's account and region store at least its quota. */
export async function checkStoredBytes(ctx: Context): Promise<void> {
  const limit = ctx.config.storedBytesLimit;
  if (limit >= Number.MAX_SAFE_INTEGER) return;
  const name = accountObjectName(ctx.tenant);
  let total = totals.get(name);
  if (!total || total.until <= ctx.now) {
    const bytes = await ctx.env.ACCOUNT.getByName(name).storedBytes();
    total = { bytes, until: ctx.now + STORED_BYTES_CACHE_MS };
    totals.delete(name);
    if (totals.size >= TENANT_CACHE_MAX_ENTRIES) totals.delete(totals.keys().next().value!);
    totals.set(name, total);
  }
  const over = storedBytesLimitError(ctx.tenant, total.bytes, limit);
  if (over) throw new KinesisError(over.type, over.message);
}
