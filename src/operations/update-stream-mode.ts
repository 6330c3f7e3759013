// UpdateStreamMode: PROVISIONED <-> ON_DEMAND by StreamARN, UPDATING meanwhile, at most twice per rolling 24 hours,
// within the account's on-demand stream limit; WarmThroughputMiBps when switching to (or staying) on-demand
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html; rules in model/capacity.ts).
// StreamId is "Not Implemented. Reserved for future use." in AWS's model: accepted and ignored.
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { streamNameOf, streamStub } from './streams';
import { forgetStream } from './stream-cache';

export const UpdateStreamMode = operation('UpdateStreamMode', async function UpdateStreamMode(ctx, input) {
  const name = streamNameOf(ctx, input);
  const address = { name, account: ctx.tenant.account };
  const result = await streamStub(ctx, name).updateMode(address, input.StreamModeDetails.StreamMode, input.WarmThroughputMiBps, ctx.config.shardLimit, ctx.config.updateStreamMs);
  forgetStream(ctx, name);
  unwrap(result);
  return undefined;
});
