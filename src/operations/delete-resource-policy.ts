// DeleteResourcePolicy: removes the policy of a stream or consumer named by ARN; one that has none is
// ResourceNotFoundException (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteResourcePolicy.html).
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { noResourcePolicy } from '../model/resource-rules';
import { loadStream, streamStub } from './streams';
import { resourceOf } from './resources';

export const DeleteResourcePolicy = operation('DeleteResourcePolicy', async function DeleteResourcePolicy(ctx, input) {
  const ref = resourceOf(ctx, input.ResourceARN);
  const stream = await loadStream(ctx, ref.streamName);
  if (!unwrap(await streamStub(ctx, stream.name).deletePolicy(ref.consumer))) throw KinesisError.from(noResourcePolicy(input.ResourceARN));
  return undefined;
});
