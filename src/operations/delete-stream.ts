// DeleteStream: DELETING for the configured delay, then gone; the stream object purges its shards' data.
import { operation } from './operation';
import { forgetStream } from './stream-cache';
import { unwrap } from '../protocol/errors';
import { accountObjectName } from '../objects/names';
import { streamNameOf } from './streams';

export const DeleteStream = operation('DeleteStream', async function DeleteStream(ctx, input) {
  const name = streamNameOf(ctx, input);
  forgetStream(ctx, name);
  // Registered consumers refuse the deletion unless EnforceConsumerDeletion is true; then they go with the stream.
  const account = ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant));
  unwrap(await account.deleteStream(ctx.tenant, name, ctx.now, ctx.config.deleteStreamMs, input.EnforceConsumerDeletion === true));
  return undefined;
});
