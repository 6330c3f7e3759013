// DeleteStream: DELETING for the configured delay, then gone; the stream object purges its shards' data.
import { defineOperation } from './operation';
import { forgetStream } from './stream-cache';
import { unwrap } from '../protocol/errors';
import { accountObjectName } from '../objects/names';
import { streamNameOf, type StreamAddress } from './streams';

interface Input extends StreamAddress {
  EnforceConsumerDeletion?: boolean;
}

export default defineOperation<Input>({
  async run(ctx, input) {
    const name = streamNameOf(ctx, input);
    // No consumers exist before enhanced fan-out lands, so EnforceConsumerDeletion has nothing to enforce yet.
    forgetStream(ctx, name);
    unwrap(await ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant)).deleteStream(ctx.tenant, name, ctx.now, ctx.config.deleteStreamMs));
    return undefined;
  },
});
