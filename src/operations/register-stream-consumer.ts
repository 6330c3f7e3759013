// RegisterStreamConsumer: a consumer of an ACTIVE stream, CREATING for the server's createStreamMs, then ACTIVE.
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamNameOf, streamStub } from './streams';
import { consumerView } from './consumers';

export const RegisterStreamConsumer = operation('RegisterStreamConsumer', async function RegisterStreamConsumer(ctx, input) {
  const name = streamNameOf(ctx, { StreamARN: input.StreamARN });
  const stream = await loadStream(ctx, name);
  // Tags are the consumer's from the start, as TagResource would set them (ListTagsForResource on its ARN shows them).
  const consumer = unwrap(await streamStub(ctx, name).registerConsumer(input.ConsumerName, ctx.config.createStreamMs, input.Tags ?? {}));
  return { Consumer: consumerView(stream, consumer) };
});
