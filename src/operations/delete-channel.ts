// DeleteChannel: the channel is DELETING for the server's deleteStreamMs, then gone; delivery stops at once and
// what it delivered stays in the bucket (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteChannel.html).
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { channelNameOf, channelStub } from './channels';

export const DeleteChannel = operation('DeleteChannel', async function DeleteChannel(ctx, input) {
  const name = channelNameOf(ctx, input.ChannelARN);
  unwrap(await channelStub(ctx).delete(name, ctx.tenant.account, ctx.now, ctx.config.deleteStreamMs));
  return undefined;
});
