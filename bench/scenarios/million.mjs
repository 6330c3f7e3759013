// Scale: store 1,000,000 x 1 KiB records in a 4-shard stream (PutRecords, 4 callers, bounded in time), sample the
// server tree's RSS at each quarter, then time GetRecords reading the start of shard 0 (compared by the report
// with the 50k drain). Runs once per target on a fresh server. Stops early if the server's RSS passes a guard.
import { Ledger, shardIndex } from '../records.mjs';
import { createStreamAndWait, fill, streamName } from '../streams.mjs';
import { treeRssBytes } from '../proc.mjs';
import { allFailed, ok } from '../result.mjs';
import { measureDrain } from './get-records.mjs';

const SIZE = 1024;
const MB = 1024 * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const id = 'million';
export const metrics = ['million.stored', 'million.putRecs', 'million.rssMB', 'million.rssGrowthMB', 'million.getRecs', 'million.getSrvCpu', 'million.getCliCpu'];

export async function run({ client, target, sizes, log }) {
  const stream = streamName('million');
  await createStreamAndWait(client, stream, 4);
  const total = sizes.records;
  const ledger = new Ledger(total);
  const checkpoints = []; // { stored, rssMB }
  let nextCheckpoint = total / 4;
  const put = await fill({
    client, stream, ledger, total, size: SIZE, callers: 4, maxMs: sizes.maxMs, serverPid: target.pid,
    onBatch: (stored) => {
      if (stored < nextCheckpoint) return undefined;
      nextCheckpoint += total / 4;
      const rss = treeRssBytes(target.pid);
      checkpoints.push({ stored, rssMB: rss / MB });
      log?.(`    ${stored.toLocaleString('en-US')} records stored, server RSS ${(rss / MB).toFixed(0)} MB`);
      return rss > sizes.rssGuardBytes ? `server RSS ${(rss / MB).toFixed(0)} MB passed the guard of ${sizes.rssGuardBytes / MB} MB` : undefined;
    },
  });
  const guardHit = put.stoppedBy;
  if (put.errors.count && !guardHit) return allFailed(metrics, put.errors);
  await sleep(1000); // let the write path settle before reading RSS
  const rssMB = treeRssBytes(target.pid) / MB;
  const stored = put.stored;
  const notes = [];
  if (stored < total) notes.push(guardHit ?? `stored ${stored.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} in ${sizes.maxMs / 1000} s (time bound)`);
  if (sizes.note) notes.push(sizes.note);
  const partial = notes.join('; ') || undefined;
  const base = checkpoints[0];
  const out = {
    'million.stored': ok(stored, partial),
    'million.putRecs': ok(stored / (put.elapsedMs / 1000), partial),
    'million.rssMB': ok(rssMB, partial),
    'million.rssGrowthMB': base && base.stored < stored ? ok(rssMB - base.rssMB, partial) : ok(NaN, 'too few records stored to measure growth'),
  };
  const { Shards } = await client.call('ListShards', { StreamName: stream });
  const shard0 = Shards.find((s) => shardIndex(s.ShardId) === 0) ?? Shards[0];
  const want = Math.min(sizes.readRecords, ledger.perShard.get(shardIndex(shard0.ShardId)) ?? 0);
  Object.assign(out, await measureDrain({ client, target, stream, shardId: shard0.ShardId, ledger, want, maxMs: sizes.readMs, keys: ['million.getRecs', 'million.getSrvCpu', 'million.getCliCpu'], partialFill: partial }));
  return out;
}
