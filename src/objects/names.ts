// Durable Object names: every one starts with ACCOUNT:REGION so tenants never share an object (docs/architecture.md).
// Must not parse names back: objects receive what they need as arguments.
import type { Tenant } from '../model/tenant';

export const accountObjectName = (t: Tenant): string => `${t.account}:${t.region}`;
export const streamObjectName = (t: Tenant, stream: string): string => `${t.account}:${t.region}:stream:${stream}`;
/** A stream's generation (its creation time) is part of a shard's name, so a re-created stream starts empty. */
export const shardObjectName = (t: Tenant, stream: string, streamCreatedAt: number, shardIndex: number): string =>
  `${t.account}:${t.region}:shard:${stream}:${streamCreatedAt}:${shardIndex}`;
