// GetRecords records/s: drain 50,000 x 1 KiB records from one shard (TRIM_HORIZON, Limit 10,000, following
// NextShardIterator), checking count, order and bytes of every record. The fill (PutRecords) is not timed.
import { startMeter, cpuPerUnit } from '../load.mjs';
import { Ledger, ShardReadCheck, shardIndex } from '../records.mjs';
import { createStreamAndWait, drainShard, fill, streamName } from '../streams.mjs';
import { allFailed, mergeErrors, ok } from '../result.mjs';

const SIZE = 1024;
export const id = 'get-records';
export const metrics = ['getRecords.recs', 'getRecords.srvCpu', 'getRecords.cliCpu'];

export async function run({ client, target, sizes }) {
  const stream = streamName('getrecords');
  await createStreamAndWait(client, stream, 1);
  const ledger = new Ledger(sizes.records);
  const put = await fill({ client, stream, ledger, total: sizes.records, size: SIZE, callers: 4, maxMs: sizes.fillMs, serverPid: target.pid });
  if (put.errors.count) return allFailed(metrics, put.errors);
  const { Shards } = await client.call('ListShards', { StreamName: stream });
  return measureDrain({ client, target, stream, shardId: Shards[0].ShardId, ledger, want: put.stored, maxMs: sizes.drainMs, keys: metrics, partialFill: put.stored < sizes.records ? `filled only ${put.stored} of ${sizes.records} in ${sizes.fillMs / 1000} s` : undefined });
}

/** Times one drain of `want` records from a shard and turns it into [recs, srvCpu, cliCpu] results (shared with
 *  the 1M scenario, which reads the start of a big shard the same way). */
export async function measureDrain({ client, target, stream, shardId, ledger, want, maxMs, keys, partialFill }) {
  const check = new ShardReadCheck(ledger, shardIndex(shardId), SIZE);
  const meter = startMeter(target.pid);
  const drain = await drainShard({ client, stream, shardId, check, want, maxMs });
  const cpu = cpuPerUnit(meter.stop(), check.count);
  const errors = mergeErrors({ count: 0, first: undefined }, check.errors);
  const timedOut = !drain.complete && drain.elapsedMs >= maxMs;
  if (!drain.complete && !timedOut) mergeErrors(errors, { count: 1, first: `read ${check.count} of ${want} records, then the shard gave no more` });
  if (errors.count) return allFailed(keys, errors);
  const partial = [partialFill, timedOut ? `read ${check.count} of ${want} in ${maxMs / 1000} s (time bound)` : undefined].filter(Boolean).join('; ') || undefined;
  return {
    [keys[0]]: ok(check.count / (drain.elapsedMs / 1000), partial),
    [keys[1]]: ok(cpu.server, partial),
    [keys[2]]: ok(cpu.client, partial),
  };
}
