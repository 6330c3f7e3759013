// RemoveTagsFromStream: removes the named tags; keys that are not there are ignored.
import { defineOperation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub, type StreamAddress } from './streams';

interface Input extends StreamAddress {
  TagKeys: string[];
}

export default defineOperation<Input>({
  async run(ctx, input) {
    const stream = await loadStream(ctx, streamNameOf(ctx, input));
    unwrap(await streamStub(ctx, stream.name).removeTags(input.TagKeys));
    return undefined;
  },
});
