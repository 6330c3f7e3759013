// The Worker's bindings and configuration, as wrangler.toml and local/server.mjs provide them.
import type { AccountObject } from './objects/account-object';
import type { ShardObject } from './objects/shard-object';
import type { StreamObject } from './objects/stream-object';
import type { TenantObject } from './objects/tenant-object';
import type { ChannelObject } from './objects/channel-object';
import type { ChannelEnv, ObjectEnv } from './objects/rpc';

export interface Env {
  ACCOUNT: DurableObjectNamespace<AccountObject>;
  STREAM: DurableObjectNamespace<StreamObject>;
  SHARD: DurableObjectNamespace<ShardObject>;
  CREATE_STREAM_MS?: string;
  DELETE_STREAM_MS?: string;
  UPDATE_STREAM_MS?: string;
  SHARD_LIMIT?: string;
  ITERATOR_KEY?: string;
  /** The tenants of a `verify` deployment (admin API) and the generated iterator key. */
  TENANT: DurableObjectNamespace<TenantObject>;
  /** `open` (default: signatures are read, not checked) or `verify` (SigV4 checked against tenants' secrets). */
  AUTH_MODE?: string;
  /** JSON array of tenants ({accessKeyId, secretAccessKey, account?, sessionToken?, quotas?}): the local --tenant list. */
  TENANTS?: string;
  /** Secret: the admin API's bearer token; the admin API is off without it. */
  ADMIN_TOKEN?: string;
  /** Secret: what tenant secrets are encrypted with in the tenant object. */
  TENANT_KEY?: string;
  /** The channels of each account and region, and their delivery (src/objects/channel-object.ts). */
  CHANNEL: DurableObjectNamespace<ChannelObject>;
  /** Where channels deliver: our one bucket stands for every S3 bucket a channel names (docs/aws-behaviour.md). */
  CHANNEL_BUCKET: R2Bucket;
  /** "json": one JSON log line per request (src/protocol/request-log.ts); set where deployed, unset locally. */
  LOG_FORMAT?: string;
  /** "off" (default: no rate limits) or "aws" (AWS's per-shard limits); any other value is read as "aws". */
  THROTTLE?: string;
  /** Injected faults, `OPERATION:ERROR[:RATE]` comma-separated (the local --fault list); unset: none. */
  FAULTS?: string;
}

/** Every object is given this Env but types it as ObjectEnv (objects must not import this file): a compile error
 *  here means a binding the objects use is missing, or binds a class that does not answer what they call on it. */
type Bound<N> = N extends DurableObjectNamespace<infer T> ? T : never;
type AllTrue<T extends Record<string, true>> = T;
export type EnvServesObjects = AllTrue<{ [K in keyof ObjectEnv]: Bound<Env[K]> extends Bound<ObjectEnv[K]> ? true : false }>;
/** Likewise for the channel object, whose env also holds the bucket it delivers into. */
export type EnvServesChannels = AllTrue<
  { [K in 'STREAM' | 'SHARD']: Bound<Env[K]> extends Bound<ChannelEnv[K]> ? true : false } & { CHANNEL_BUCKET: Env['CHANNEL_BUCKET'] extends ChannelEnv['CHANNEL_BUCKET'] ? true : false }
>;
