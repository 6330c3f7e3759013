// What the Durable Objects ask of one another, and the bindings they reach one another by. The objects type their
// env as ObjectEnv, not src/env.ts's Env: Env names the classes themselves (so the Worker's stubs and tests see
// every method), and typing by the classes here would make the objects and Env, and the stream and shard objects,
// import each other. Each class `implements` its interface, which keeps the two in step.
import type { Result } from '../protocol/errors';
import type { CreateParams, StreamMode, StreamState } from '../model/stream';
import type { Commitment } from '../model/capacity';
import type { RecordsPage, ShardClosing, ShardWelcome } from '../model/shard';

/** What the account object and shard objects call on a stream object. */
export interface StreamPeer extends Rpc.DurableObjectBranded {
  create(p: CreateParams): Promise<Result<null>>;
  markDeleting(now: number, goneAt: number, enforceConsumerDeletion?: boolean): Promise<Result<null>>;
  shardOpened(generation: number, index: number): Promise<ShardWelcome>;
  /** A shard of generation `generation` has taken writes above its on-demand split rate for a sustained window. */
  autoSplit(generation: number, index: number): Promise<{ split: boolean }>;
}

/** What a channel object reads of a source stream. */
export interface ChannelSourceStream extends Rpc.DurableObjectBranded {
  state(): Promise<StreamState | null>;
}

/** What a channel object reads of a source shard. */
export interface ChannelSourceShard extends Rpc.DurableObjectBranded {
  getRecords(ref: { account: string; streamName: string; shardIndex: number }, afterCounter: number, limit: number): Promise<Result<RecordsPage>>;
}

/** The bindings a channel object uses: the source stream and shards, and the bucket it delivers into. */
export interface ChannelEnv {
  STREAM: DurableObjectNamespace<ChannelSourceStream>;
  SHARD: DurableObjectNamespace<ChannelSourceShard>;
  CHANNEL_BUCKET: R2Bucket;
}

/** What a stream object calls on its account object. */
export interface AccountPeer extends Rpc.DurableObjectBranded {
  adjustOpenShards(tenant: { account: string; region: string }, name: string, delta: number, shardLimit?: number): Promise<Result<null>>;
  commitment(): Promise<Commitment>;
  setStreamMode(tenant: { account: string; region: string }, name: string, mode: StreamMode): Promise<Result<null>>;
  noteStoredBytes(name: string, createdAt: number, shardIndex: number, bytes: number): Promise<void>;
}

/** What a stream object calls on its shard objects. */
export interface ShardPeer extends Rpc.DurableObjectBranded {
  close(closing: ShardClosing): Promise<Result<null>>;
  setRetention(hours: number): Promise<Result<null>>;
  markDeleted(goneAt: number): Promise<Result<null>>;
  destroy(): Promise<Result<null>>;
}

/** The bindings the objects use: a subset of src/env.ts's Env, which the Worker gives every object. */
export interface ObjectEnv {
  ACCOUNT: DurableObjectNamespace<AccountPeer>;
  STREAM: DurableObjectNamespace<StreamPeer>;
  SHARD: DurableObjectNamespace<ShardPeer>;
}
