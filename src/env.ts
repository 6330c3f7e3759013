// The Worker's bindings and configuration, as wrangler.toml and local/server.mjs provide them.
import type { AccountObject } from './objects/account-object';
import type { ShardObject } from './objects/shard-object';
import type { StreamObject } from './objects/stream-object';

export interface Env {
  ACCOUNT: DurableObjectNamespace<AccountObject>;
  STREAM: DurableObjectNamespace<StreamObject>;
  SHARD: DurableObjectNamespace<ShardObject>;
  CREATE_STREAM_MS?: string;
  DELETE_STREAM_MS?: string;
  UPDATE_STREAM_MS?: string;
  SHARD_LIMIT?: string;
  ITERATOR_KEY?: string;
}
