// ListChannels: the account's channels by name, optionally only those reading given streams, paged by MaxResults
// (1-10000) and a sealed NextToken (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListChannels.html).
import { operation } from './operation';
import { KinesisError } from '../protocol/errors';
import { LIST_CHANNELS_DEFAULT_RESULTS, LIST_CHANNELS_MAX_RESULTS, NEXT_TOKEN_TTL_MS } from '../limits';
import { channelArn } from '../model/channel';
import { decodePageToken, encodePageToken, pageSeal } from '../model/page-token';
import { channelStub, channelSummary } from './channels';

/** Tokens of this list carry this in place of a stream name, so no other list's token pages it. */
const TOKEN_SCOPE = 'channels:';

export const ListChannels = operation('ListChannels', async function ListChannels(ctx, input) {
  let after: string | undefined;
  if (input.NextToken !== undefined) {
    const token = decodePageToken(input.NextToken, pageSeal(ctx));
    if (!token || token.stream !== TOKEN_SCOPE) throw new KinesisError('InvalidArgumentException', `Invalid NextToken: ${input.NextToken}`);
    if (ctx.now - token.issuedAt > NEXT_TOKEN_TTL_MS) {
      throw new KinesisError('ExpiredNextTokenException', `The NextToken has expired. It was issued more than ${NEXT_TOKEN_TTL_MS / 1000} seconds ago.`);
    }
    after = token.after;
  }
  const limit = Math.min(input.MaxResults ?? LIST_CHANNELS_DEFAULT_RESULTS, LIST_CHANNELS_MAX_RESULTS);
  const filter = input.StreamFilter?.map((f) => ({
    streamArn: f.StreamARN,
    ...(f.StreamCreationTimestamp !== undefined ? { createdAtSec: Math.floor(f.StreamCreationTimestamp / 1000) } : {}),
  }));
  const page = await channelStub(ctx).list(after, limit, ctx.now, filter);
  const last = page.channels[page.channels.length - 1];
  return {
    ChannelSummaries: page.channels.map((c) => channelSummary(c, channelArn(c.region, c.account, c.name), ctx.now)),
    ...(page.hasMore && last ? { NextToken: encodePageToken({ stream: TOKEN_SCOPE, after: last.name, issuedAt: ctx.now }, pageSeal(ctx)) } : {}),
  };
});
