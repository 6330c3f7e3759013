// Calls to many objects, a few at a time: each call instantiates an object (and its SQLite), so thousands at once
// exhausted workerd's memory (SQLITE_NOMEM) and stalled every other request.
import { FAN_OUT_LIMIT } from '../limits';

/** Runs `call` for every item, at most `limit` at a time; rejects with the first failure once the rest settle. */
export async function fanOut<T>(items: readonly T[], call: (item: T) => Promise<unknown>, limit = FAN_OUT_LIMIT): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await call(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}
