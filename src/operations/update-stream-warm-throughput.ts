// UpdateStreamWarmThroughput: on-demand streams of accounts with the minimum throughput billing commitment, up to
// 10 GiBps; the open shards grow to take the target write rate, UPDATING meanwhile
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html; rules in model/capacity.ts).
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { streamArn } from '../model/arn';
import { miBpsOfShards } from '../model/capacity';
import { streamNameOf, streamStub } from './streams';
import { forgetStream } from './stream-cache';

export const UpdateStreamWarmThroughput = operation('UpdateStreamWarmThroughput', async function UpdateStreamWarmThroughput(ctx, input) {
  const name = streamNameOf(ctx, input);
  const address = { name, account: ctx.tenant.account };
  const result = await streamStub(ctx, name).updateWarmThroughput(address, input.WarmThroughputMiBps, ctx.config.shardLimit, ctx.config.updateStreamMs);
  forgetStream(ctx, name);
  const { targetMiBps, openBefore } = unwrap(result);
  return {
    StreamARN: streamArn(ctx.tenant.region, ctx.tenant.account, name),
    StreamName: name,
    // The answer comes as the update starts: the capacity the stream had, and the one it is going to.
    WarmThroughput: { TargetMiBps: targetMiBps, CurrentMiBps: miBpsOfShards(openBefore) },
  };
});
