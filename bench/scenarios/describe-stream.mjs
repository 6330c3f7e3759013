// DescribeStream ops/s on a 4-shard stream from a few concurrent callers; every answer is checked (name,
// ACTIVE, 4 shards).
import { runLoad, cpuPerUnit } from '../load.mjs';
import { createStreamAndWait, streamName } from '../streams.mjs';
import { allFailed, ok } from '../result.mjs';

export const id = 'describe-stream';
export const metrics = ['describe.ops', 'describe.srvCpu', 'describe.cliCpu'];

export async function run({ client, target, sizes }) {
  const stream = streamName('describe');
  await createStreamAndWait(client, stream, 4);
  const body = JSON.stringify({ StreamName: stream });
  const load = await runLoad({
    concurrency: sizes.concurrency,
    maxOps: sizes.maxOps,
    maxMs: sizes.maxMs,
    serverPid: target.pid,
    op: async () => {
      const { StreamDescription: d } = await client.send('DescribeStream', body);
      if (d?.StreamName !== stream || d.StreamStatus !== 'ACTIVE' || d.Shards?.length !== 4) {
        throw new Error(`DescribeStream answered ${JSON.stringify(d).slice(0, 200)}`);
      }
    },
  });
  if (load.errors.count) return allFailed(metrics, load.errors);
  const cpu = cpuPerUnit(load.cpu, load.ops);
  return { 'describe.ops': ok(load.ops / (load.elapsedMs / 1000)), 'describe.srvCpu': ok(cpu.server), 'describe.cliCpu': ok(cpu.client) };
}
