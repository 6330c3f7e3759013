// Seeded randomness for the crash campaign, so a run's choices (kill moments, batch sizes, keys) can be replayed
// from the printed seed. mulberry32: tiny, fast, good enough for test choices (not for anything secret).
import { createHash } from 'node:crypto';

/** A generator of floats in [0, 1) from a 32-bit seed. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [lo, hi]. */
export const between = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));

/** The 128-bit hash Kinesis maps a partition key with (MD5, as an unsigned integer). */
const hashKey = (key) => BigInt(`0x${createHash('md5').update(key, 'utf8').digest('hex')}`);

/**
 * Partition keys for each producer, `perShard` of them landing in every shard (found by hashing candidates against
 * the shards' hash key ranges), so every producer writes to every shard whatever the seed. keys[p] = [...].
 */
export function keysForShards(shards, producers, perShard) {
  const ranges = shards.map((s) => [BigInt(s.HashKeyRange.StartingHashKey), BigInt(s.HashKeyRange.EndingHashKey)]);
  const keys = [];
  for (let p = 0; p < producers; p++) {
    const mine = [];
    ranges.forEach(([lo, hi], s) => {
      // A shard of 1/n of the hash space takes ~n candidates per hit; 100000 tries bounds the search for any n we allow.
      for (let c = 0, found = 0; found < perShard && c < 100_000; c++) {
        const key = `p${p}-s${s}-${c}`;
        const h = hashKey(key);
        if (h >= lo && h <= hi) {
          mine.push(key);
          found++;
        }
      }
    });
    keys.push(mine);
  }
  return keys;
}
