// AWS allows each shard five GetRecords calls (read transactions) per second
// (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html, and the throttling described on
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html). The console keeps to that for every
// shard it reads, so it behaves against AWS-sized limits the way a well-written consumer does, and never floods a
// shared endpoint.
export const GET_RECORDS_PER_SECOND = 5;

/** A sliding one-second window of calls per shard. */
export class ShardRateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly perSecond = GET_RECORDS_PER_SECOND) {}

  /** Resolves when one more call on `shardKey` keeps within the limit, and counts that call. */
  async take(shardKey: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      const recent = (this.calls.get(shardKey) ?? []).filter((t) => now - t < 1000);
      if (recent.length < this.perSecond) {
        recent.push(now);
        this.calls.set(shardKey, recent);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 - (now - recent[0])));
    }
  }
}
