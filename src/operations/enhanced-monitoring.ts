// What Enable- and DisableEnhancedMonitoring share: the metrics before and after the change, in AWS's output shape
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html).
import type { Context } from './operation';
import type { Input, Output } from '../schema/shapes.generated';
import { streamArn } from '../model/arn';
import { streamNameOf } from './streams';
import { changeStream } from './stream-settings';

type Metrics = Output.MetricsNameList;

export async function changeMonitoring(
  ctx: Context,
  input: Input.EnableEnhancedMonitoringInput | Input.DisableEnhancedMonitoringInput,
  op: 'enable' | 'disable',
): Promise<Output.EnhancedMonitoringOutput> {
  const name = streamNameOf(ctx, input);
  const { current, desired } = await changeStream(ctx, name, (stub) => stub.setShardMetrics(op, input.ShardLevelMetrics));
  return {
    StreamName: name,
    CurrentShardLevelMetrics: current as Metrics,
    DesiredShardLevelMetrics: desired as Metrics,
    StreamARN: streamArn(ctx.tenant.region, ctx.tenant.account, name),
  };
}
