// Streams as reads and writes see them, cached in the Worker isolate: a put costs one object call, not two, and a
// describe none.
// Safe because staleness is bounded and harmless: shard objects refuse writes once their stream is being deleted
// (StreamObject.markDeleting tells every opened one before DeleteStream answers; one first used later hears it
// from the stream object as it registers), retention lives in the shards (which learn it the same two ways), and
// status is derived from cached timestamps. Every change made through this isolate (create, delete, retention) forgets
// the entry, so a single-isolate server (`npm start`) always answers from current state; in a deployment with
// several isolates, another isolate's describe may lag a change by up to STREAM_CACHE_TTL_MS. Operations that change
// a stream read fresh state instead.
import { streamObjectName } from '../objects/names';
import type { StreamState } from '../model/stream';
import { STREAM_CACHE_MAX_ENTRIES, STREAM_CACHE_TTL_MS } from '../limits';
import type { Context } from './operation';
import { loadStream, type LoadedStream } from './streams';
import { streamStatus } from '../model/status';

const cache = new Map<string, { state: StreamState; at: number }>();

/** The stream as `loadStream` gives it, from the cache when fresh enough. */
export async function cachedStream(ctx: Context, name: string): Promise<LoadedStream> {
  const key = streamObjectName(ctx.tenant, name);
  const hit = cache.get(key);
  if (hit && ctx.now - hit.at < STREAM_CACHE_TTL_MS && ctx.now >= hit.at) {
    const status = streamStatus(hit.state, ctx.now);
    if (status !== 'GONE') return { ...hit.state, status };
  }
  const loaded = await loadStream(ctx, name);
  if (cache.size >= STREAM_CACHE_MAX_ENTRIES) cache.clear();
  cache.set(key, { state: loaded, at: ctx.now });
  return loaded;
}

/** Drops the cached view: the stream changed, or a shard refused what the cache said. */
export function forgetStream(ctx: Context, name: string): void {
  cache.delete(streamObjectName(ctx.tenant, name));
}

/** Empties the cache. Tests call it when they wipe storage, which the cache cannot see. */
export function clearStreamCache(): void {
  cache.clear();
}
