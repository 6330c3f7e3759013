// AddTagsToStream: adds or overwrites tags, at most 50 per stream.
import { defineOperation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub, type StreamAddress } from './streams';

interface Input extends StreamAddress {
  Tags: Record<string, string>;
}

export default defineOperation<Input>({
  async run(ctx, input) {
    const stream = await loadStream(ctx, streamNameOf(ctx, input));
    unwrap(await streamStub(ctx, stream.name).addTags(input.Tags));
    return undefined;
  },
});
