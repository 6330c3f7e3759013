// What the stream-settings operations (encryption, enhanced monitoring, max record size, record distribution) share:
// the stream must exist, the change goes through its stream object, and this isolate forgets its cached view so the
// next put or describe here sees the change at once (other isolates within STREAM_CACHE_TTL_MS).
import { unwrap, type Result } from '../protocol/errors';
import type { Context } from './operation';
import { loadStream, streamStub, type LoadedStream } from './streams';
import { forgetStream } from './stream-cache';

type StreamStub = ReturnType<typeof streamStub>;

export async function changeStream<T>(ctx: Context, name: string, change: (stub: StreamStub, stream: LoadedStream) => Promise<Result<T>>): Promise<T> {
  // A stream never created has no row for its object to answer from: "not found" comes from here.
  const stream = await loadStream(ctx, name);
  forgetStream(ctx, name);
  try {
    return unwrap(await change(streamStub(ctx, name), stream));
  } finally {
    forgetStream(ctx, name);
  }
}
