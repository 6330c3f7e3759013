// AddTagsToStream: adds or overwrites tags, at most 50 per stream.
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub } from './streams';

export const AddTagsToStream = operation('AddTagsToStream', async function AddTagsToStream(ctx, input) {
  const stream = await loadStream(ctx, streamNameOf(ctx, input));
  unwrap(await streamStub(ctx, stream.name).addTags(input.Tags));
  return undefined;
});
