// GetResourcePolicy: the policy of a stream or consumer named by ARN, as it was put; "{}" when it has none
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetResourcePolicy.html).
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamStub } from './streams';
import { resourceOf } from './resources';

export const GetResourcePolicy = operation('GetResourcePolicy', async function GetResourcePolicy(ctx, input) {
  const ref = resourceOf(ctx, input.ResourceARN);
  const stream = await loadStream(ctx, ref.streamName);
  const policy = unwrap(await streamStub(ctx, stream.name).policy(ref.consumer));
  return { Policy: policy ?? '{}' };
});
