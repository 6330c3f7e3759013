// What the Durable Objects ask of one another, and the bindings they reach one another by. The objects type their
// env as ObjectEnv, not src/env.ts's Env: Env names the classes themselves (so the Worker's stubs and tests see
// every method), and typing by the classes here would make the objects and Env, and the stream and shard objects,
// import each other. Each class `implements` its interface, which keeps the two in step.
import type { Result } from '../protocol/errors';
import type { CreateParams } from '../model/stream';
import type { ShardWelcome } from '../model/shard';

/** What the account object and shard objects call on a stream object. */
export interface StreamPeer extends Rpc.DurableObjectBranded {
  create(p: CreateParams): Promise<Result<null>>;
  markDeleting(now: number, goneAt: number, enforceConsumerDeletion?: boolean): Promise<Result<null>>;
  shardOpened(generation: number, index: number): Promise<ShardWelcome>;
}

/** What a stream object calls on its shard objects. */
export interface ShardPeer extends Rpc.DurableObjectBranded {
  setRetention(hours: number): Promise<Result<null>>;
  markDeleted(goneAt: number): Promise<Result<null>>;
  destroy(): Promise<Result<null>>;
}

/** The bindings the objects use: a subset of src/env.ts's Env, which the Worker gives every object. */
export interface ObjectEnv {
  STREAM: DurableObjectNamespace<StreamPeer>;
  SHARD: DurableObjectNamespace<ShardPeer>;
}
