// PutRecords records/s: 500 x 1 KiB records per call, 4 concurrent callers, a 4-shard stream; then every
// acknowledged record is read back and checked (count per shard, order, bytes).
import { cpuPerUnit } from '../load.mjs';
import { Ledger } from '../records.mjs';
import { createStreamAndWait, fill, readBack, streamName } from '../streams.mjs';
import { allFailed, mergeErrors, ok } from '../result.mjs';

const SIZE = 1024;
export const id = 'put-records';
export const metrics = ['putRecords.recs', 'putRecords.srvCpu', 'putRecords.cliCpu'];

export async function run({ client, target, sizes }) {
  const stream = streamName('putrecords');
  await createStreamAndWait(client, stream, 4);
  const total = sizes.calls * 500;
  const ledger = new Ledger(total);
  const load = await fill({ client, stream, ledger, total, size: SIZE, callers: 4, maxMs: sizes.maxMs, serverPid: target.pid });
  const errors = mergeErrors({ count: 0, first: undefined }, load.errors);
  const check = await readBack({ client, stream, ledger, size: SIZE, maxMs: sizes.readBackMs });
  mergeErrors(errors, check.errors);
  if (errors.count) return allFailed(metrics, errors);
  const partial = check.complete ? undefined : `read back only ${check.read} of ${check.expected} records in ${sizes.readBackMs / 1000} s`;
  const cpu = cpuPerUnit(load.cpu, load.stored);
  return {
    'putRecords.recs': ok(load.stored / (load.elapsedMs / 1000), partial),
    'putRecords.srvCpu': ok(cpu.server, partial),
    'putRecords.cliCpu': ok(cpu.client, partial),
  };
}
