// ListTagsForResource: every tag of a stream or consumer named by ARN, sorted by key, in one answer (at most 50 exist)
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForResource.html).
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { MAX_TAGS_PER_STREAM } from '../limits';
import { loadStream, streamStub } from './streams';
import { resourceOf } from './resources';

export const ListTagsForResource = operation('ListTagsForResource', async function ListTagsForResource(ctx, input) {
  const ref = resourceOf(ctx, input.ResourceARN);
  const stream = await loadStream(ctx, ref.streamName);
  const stub = streamStub(ctx, stream.name);
  const tags = ref.consumer ? unwrap(await stub.consumerTags(ref.consumer)) : unwrap(await stub.listTags(undefined, MAX_TAGS_PER_STREAM)).tags;
  return { Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) };
});
