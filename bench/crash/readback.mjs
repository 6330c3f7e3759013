// Reads a whole stream back after a restart: every shard from TRIM_HORIZON to its tip, in read order.
// Nothing writes while it reads, so the first empty answer is the tip (the shard answers MillisBehindLatest 0).

const LIMIT = 10_000; // GetRecords' maximum Limit

/** Resolves [{ shardId, records: [{ SequenceNumber, PartitionKey, Data }] }]; throws if a shard is not read to
 *  its tip by the deadline (an incomplete read would look like losses). */
export async function readStream(client, stream, maxMs) {
  const deadline = Date.now() + maxMs;
  const { Shards } = await client.call('ListShards', { StreamName: stream });
  const out = [];
  for (const { ShardId } of Shards) {
    const records = [];
    let { ShardIterator: iterator } = await client.call('GetShardIterator', { StreamName: stream, ShardId, ShardIteratorType: 'TRIM_HORIZON' });
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${ShardId}: not read to its tip within ${maxMs} ms (${records.length} records so far)`);
      const res = await client.call('GetRecords', { ShardIterator: iterator, Limit: LIMIT });
      for (const r of res.Records) records.push({ SequenceNumber: r.SequenceNumber, PartitionKey: r.PartitionKey, Data: r.Data });
      if (!res.Records.length && !res.MillisBehindLatest) break;
      if (!res.NextShardIterator) break; // a closed shard read to its end
      iterator = res.NextShardIterator;
    }
    out.push({ shardId: ShardId, records });
  }
  return out;
}
