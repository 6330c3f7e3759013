// The data plane's view of streams, cached in the Worker isolate so a put costs one object call, not two.
// Safe because staleness is bounded and harmless: shard objects refuse writes once their stream is being deleted
// (StreamObject.markDeleting tells them before DeleteStream answers), retention lives in the shards, and status
// is derived from cached timestamps. Must not be used by control-plane operations, which read fresh state.
import { streamObjectName } from '../objects/names';
import type { StreamState } from '../objects/stream-object';
import type { Context } from './operation';
import { loadStream, type LoadedStream } from './streams';
import { streamStatus } from '../model/status';

/** How long a cached view is trusted without asking the stream object again. */
const TTL_MS = 2000;
const MAX_ENTRIES = 10_000;

const cache = new Map<string, { state: StreamState; at: number }>();

/** The stream as `loadStream` gives it, from the cache when fresh enough. */
export async function cachedStream(ctx: Context, name: string): Promise<LoadedStream> {
  const key = streamObjectName(ctx.tenant, name);
  const hit = cache.get(key);
  if (hit && ctx.now - hit.at < TTL_MS && ctx.now >= hit.at) {
    const status = streamStatus(hit.state, ctx.now);
    if (status !== 'GONE') return { ...hit.state, status };
  }
  const loaded = await loadStream(ctx, name);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { state: loaded, at: ctx.now });
  return loaded;
}

/** Drops the cached view: the stream changed, or a shard refused what the cache said. */
export function forgetStream(ctx: Context, name: string): void {
  cache.delete(streamObjectName(ctx.tenant, name));
}
