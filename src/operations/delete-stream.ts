// DeleteStream: DELETING for the configured delay, then gone; the stream object purges its shards' data.
import { operation } from './operation';
import { forgetStream } from './stream-cache';
import { KinesisError, unwrap } from '../protocol/errors';
import { accountObjectName } from '../objects/names';
import { streamHasChannels } from '../model/channel-rules';
import { channelStub } from './channels';
import { arnOf } from './views';
import { loadStream, streamNameOf } from './streams';

export const DeleteStream = operation('DeleteStream', async function DeleteStream(ctx, input) {
  const name = streamNameOf(ctx, input);
  forgetStream(ctx, name);
  // Channels reading the stream refuse the deletion (aws-behaviour §3.23); a stream already DELETING answers as before.
  const stream = await loadStream(ctx, name);
  if (stream.status !== 'DELETING') {
    const channels = await channelStub(ctx).countFor(arnOf(stream), stream.createdAt, ctx.now);
    if (channels.blocking > 0) throw new KinesisError('ResourceInUseException', streamHasChannels(stream.name, stream.account));
  }
  // Registered consumers refuse the deletion unless EnforceConsumerDeletion is true; then they go with the stream.
  const account = ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant));
  unwrap(await account.deleteStream(ctx.tenant, name, ctx.now, ctx.config.deleteStreamMs, input.EnforceConsumerDeletion === true));
  return undefined;
});
