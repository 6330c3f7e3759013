// ListTagsForStream: tags sorted by key, after ExclusiveStartTagKey, with HasMoreTags.
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { DEFAULT_LIST_TAGS_LIMIT } from '../limits';
import { loadStream, streamNameOf, streamStub } from './streams';

export const ListTagsForStream = operation('ListTagsForStream', async function ListTagsForStream(ctx, input) {
  const stream = await loadStream(ctx, streamNameOf(ctx, input));
  // The default page size is not documented (aws-behaviour §3.11); a stream holds at most 50 tags, so 50 returns them all.
  const page = unwrap(await streamStub(ctx, stream.name).listTags(input.ExclusiveStartTagKey, input.Limit ?? DEFAULT_LIST_TAGS_LIMIT));
  return { Tags: page.tags.map((t) => ({ Key: t.key, Value: t.value })), HasMoreTags: page.hasMore };
});
