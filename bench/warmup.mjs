// Warms a freshly started target (and this client) before anything is measured: a few of each call the
// scenarios make, bounded in time, on a stream of its own. Measures and verifies nothing.
import { runLoad } from './load.mjs';
import { Ledger, ShardReadCheck, payloadB64, randomKey } from './records.mjs';
import { createStreamAndWait, drainShard, fill, streamName } from './streams.mjs';

export async function warmup(client, { ops, maxMs }) {
  const stream = streamName('warmup');
  await createStreamAndWait(client, stream, 1);
  const body = JSON.stringify({ StreamName: stream });
  await runLoad({ concurrency: 8, maxOps: ops, maxMs, op: (i) => client.call('PutRecord', { StreamName: stream, Data: payloadB64(i, 100), PartitionKey: randomKey() }) });
  await runLoad({ concurrency: 8, maxOps: ops, maxMs, op: () => client.send('DescribeStream', body) });
  const ledger = new Ledger(2_000);
  const put = await fill({ client, stream, ledger, total: 2_000, size: 1024, callers: 4, maxMs });
  const { Shards } = await client.call('ListShards', { StreamName: stream });
  // The PutRecord records above are not in this ledger: the check's verdict is ignored, only the calls matter.
  await drainShard({ client, stream, shardId: Shards[0].ShardId, check: new ShardReadCheck(ledger, 0, 1024), want: put.stored, maxMs });
}
