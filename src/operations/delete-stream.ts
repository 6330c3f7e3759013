// DeleteStream: DELETING for the configured delay, then gone; the stream object purges its shards' data.
import { operation } from './operation';
import { forgetStream } from './stream-cache';
import { unwrap } from '../protocol/errors';
import { accountObjectName } from '../objects/names';
import { streamNameOf } from './streams';

export const DeleteStream = operation('DeleteStream', async function DeleteStream(ctx, input) {
  const name = streamNameOf(ctx, input);
  // No consumers exist before enhanced fan-out lands, so EnforceConsumerDeletion has nothing to enforce yet.
  forgetStream(ctx, name);
  unwrap(await ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant)).deleteStream(ctx.tenant, name, ctx.now, ctx.config.deleteStreamMs));
  return undefined;
});
