// TagResource: adds or overwrites tags of a stream or consumer named by ARN, at most 50 per resource
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html). A stream's are the tags
// AddTagsToStream sets, with the same rules and messages.
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamStub } from './streams';
import { resourceOf } from './resources';

export const TagResource = operation('TagResource', async function TagResource(ctx, input) {
  const ref = resourceOf(ctx, input.ResourceARN);
  const stream = await loadStream(ctx, ref.streamName);
  const stub = streamStub(ctx, stream.name);
  unwrap(ref.consumer ? await stub.tagConsumer(ref.consumer, input.Tags) : await stub.addTags(input.Tags));
  return undefined;
});
