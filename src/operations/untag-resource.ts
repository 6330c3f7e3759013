// UntagResource: removes the named tags of a stream or consumer named by ARN; keys that are not there are ignored
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UntagResource.html).
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamStub } from './streams';
import { resourceOf } from './resources';

export const UntagResource = operation('UntagResource', async function UntagResource(ctx, input) {
  const ref = resourceOf(ctx, input.ResourceARN);
  const stream = await loadStream(ctx, ref.streamName);
  const stub = streamStub(ctx, stream.name);
  unwrap(ref.consumer ? await stub.untagConsumer(ref.consumer, input.TagKeys) : await stub.removeTags(input.TagKeys));
  return undefined;
});
