// UpdateShardCount with UNIFORM_SCALING: afterwards the open shards are the even ranges of TargetShardCount shards,
// reached by splits and merges (model/reshard.ts), within AWS's documented limits
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html).
import { operation } from './operation';
import { streamArn } from '../model/arn';
import { streamNameOf } from './streams';
import { reshard } from './reshard';

export const UpdateShardCount = operation('UpdateShardCount', async function UpdateShardCount(ctx, input) {
  const name = streamNameOf(ctx, input);
  const { openBefore } = await reshard(ctx, name, { type: 'uniform', target: input.TargetShardCount });
  return {
    StreamName: name,
    CurrentShardCount: openBefore,
    TargetShardCount: input.TargetShardCount,
    StreamARN: streamArn(ctx.tenant.region, ctx.tenant.account, name),
  };
});
