// PutResourcePolicy: attaches (or replaces) the resource-based policy of a stream or consumer named by ARN, after
// checking it is a policy (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html).
// Only the owner's account may: operations/access.ts never lets another account reach this.
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { parsePolicy } from '../model/policy';
import { loadStream, streamStub } from './streams';
import { resourceOf } from './resources';

export const PutResourcePolicy = operation('PutResourcePolicy', async function PutResourcePolicy(ctx, input) {
  const ref = resourceOf(ctx, input.ResourceARN);
  const stream = await loadStream(ctx, ref.streamName);
  const parsed = parsePolicy(input.Policy);
  if (!parsed.ok) throw KinesisError.from(parsed.error);
  unwrap(await streamStub(ctx, stream.name).putPolicy(ref.consumer, input.Policy));
  return undefined;
});
