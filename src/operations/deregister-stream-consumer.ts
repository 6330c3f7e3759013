// DeregisterStreamConsumer: DELETING for the server's deleteStreamMs, then gone.
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { loadStream, streamStub } from './streams';
import { consumerRefOf } from './consumers';

export const DeregisterStreamConsumer = operation('DeregisterStreamConsumer', async function DeregisterStreamConsumer(ctx, input) {
  const ref = consumerRefOf(ctx, input);
  await loadStream(ctx, ref.streamName);
  unwrap(await streamStub(ctx, ref.streamName).deregisterConsumer(ref.consumerName, ctx.config.deleteStreamMs, ref.createdAtSec));
  return undefined;
});
