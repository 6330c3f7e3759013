// RemoveTagsFromStream: removes the named tags; keys that are not there are ignored.
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub } from './streams';

export const RemoveTagsFromStream = operation('RemoveTagsFromStream', async function RemoveTagsFromStream(ctx, input) {
  const stream = await loadStream(ctx, streamNameOf(ctx, input));
  unwrap(await streamStub(ctx, stream.name).removeTags(input.TagKeys));
  return undefined;
});
