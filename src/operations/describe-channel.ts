// DescribeChannel: one channel by its ARN, in any state it is visible in
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeChannel.html).
import { operation } from './operation';
import { unwrap } from '../protocol/errors';
import { channelDescription, channelNameOf, channelStub } from './channels';

export const DescribeChannel = operation('DescribeChannel', async function DescribeChannel(ctx, input) {
  const name = channelNameOf(ctx, input.ChannelARN);
  const channel = unwrap(await channelStub(ctx).describe(name, ctx.tenant.account, ctx.now));
  return { ChannelDescription: channelDescription(channel, input.ChannelARN, ctx.now) };
});
