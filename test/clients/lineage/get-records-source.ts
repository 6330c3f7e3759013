// Reading a shard with GetShardIterator + GetRecords, as a polling consumer does: from the checkpoint
// (AFTER_SEQUENCE_NUMBER) or the trim horizon, until ChildShards come back with no next iterator.
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { ShardSource } from './reader';

/** `idleMs`: the pause between polls of a caught-up shard (the KCL's idleTimeBetweenReadsInMillis); not a wait for
 *  anything in particular, only how often this client asks. */
export function getRecordsSource(client: KinesisClient, StreamName: string, idleMs = 20): ShardSource {
  return async (ShardId, checkpoint, deliver, stopped) => {
    let iterator = (
      await client.send(
        new GetShardIteratorCommand(
          checkpoint
            ? { StreamName, ShardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: checkpoint }
            : { StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' },
        ),
      )
    ).ShardIterator;
    for (;;) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      deliver(page.Records ?? []);
      if (page.NextShardIterator === undefined) return page.ChildShards ?? [];
      iterator = page.NextShardIterator;
      if ((page.Records ?? []).length === 0) {
        if (stopped()) return 'stopped';
        await new Promise((r) => setTimeout(r, idleMs));
      }
    }
  };
}
