// Reading a shard with SubscribeToShard (enhanced fan-out), as the KCL's fan-out retrieval does: subscribe from the
// checkpoint (AFTER_SEQUENCE_NUMBER) or the trim horizon, take the records of each event, resubscribe from the last
// ContinuationSequenceNumber when a subscription ends (every 5 minutes), and stop at the event carrying ChildShards.
import { SubscribeToShardCommand, type KinesisClient, type StartingPosition } from '@aws-sdk/client-kinesis';
import type { Child, ShardSource } from './reader';

export function subscribeSource(client: KinesisClient, consumerArn: string): ShardSource {
  return async (ShardId, checkpoint, deliver, stopped) => {
    let position: StartingPosition = checkpoint ? { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: checkpoint } : { Type: 'TRIM_HORIZON' };
    for (;;) {
      const abort = new AbortController();
      // The reader is told to stop between events; a subscription waiting for the next event is cut by this.
      const watch = setInterval(() => stopped() && abort.abort(), 20);
      try {
        const out = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId, StartingPosition: position }), { abortSignal: abort.signal });
        for await (const event of out.EventStream!) {
          const e = event.SubscribeToShardEvent;
          if (!e) throw new Error(`unexpected event ${JSON.stringify(event)}`);
          deliver(e.Records ?? []);
          if (e.ChildShards && e.ChildShards.length > 0) return e.ChildShards as Child[];
          position = { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: e.ContinuationSequenceNumber };
        }
      } catch (err) {
        if (stopped()) return 'stopped';
        // Within 5 s of an earlier subscription of this consumer to this shard AWS answers ResourceInUseException
        // (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html); a client retries later,
        // as the KCL does.
        if ((err as Error).name !== 'ResourceInUseException') throw err;
        await new Promise((r) => setTimeout(r, 250));
      } finally {
        clearInterval(watch);
      }
      if (stopped()) return 'stopped';
    }
  };
}
