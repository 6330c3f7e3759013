// ListStreams: stream names in byte order with StreamSummaries, paged by ExclusiveStartStreamName or NextToken.
import { operation } from './operation';
import { KinesisError } from '../protocol/errors';
import { DEFAULT_LIST_STREAMS_LIMIT } from '../limits';
import { streamArn } from '../model/arn';
import { decodePageToken, encodePageToken, pageSeal } from '../model/page-token';
import { accountObjectName } from '../objects/names';
import { creationTime } from './views';
import type { Output } from '../schema/shapes.generated';

export const ListStreams = operation('ListStreams', async function ListStreams(ctx, input) {
  let after = input.ExclusiveStartStreamName;
  if (input.NextToken !== undefined) {
    // ListStreams' NextToken rules are undocumented (aws-behaviour §3.4); an unreadable token is an invalid argument.
    const token = decodePageToken(input.NextToken, pageSeal(ctx));
    if (!token || token.stream !== '') throw new KinesisError('InvalidArgumentException', `Invalid NextToken: ${input.NextToken}`);
    after = token.after;
  }
  // "The default value is 100. If you specify a value greater than 100, at most 100 results are returned." [DOC]
  const limit = Math.min(input.Limit ?? DEFAULT_LIST_STREAMS_LIMIT, DEFAULT_LIST_STREAMS_LIMIT);
  const { streams, hasMore } = await ctx.env.ACCOUNT.getByName(accountObjectName(ctx.tenant)).listStreams(after, limit);
  const last = streams[streams.length - 1];
  return {
    StreamNames: streams.map((s) => s.name),
    HasMoreStreams: hasMore,
    ...(hasMore && last ? { NextToken: encodePageToken({ stream: '', after: last.name, issuedAt: ctx.now }, pageSeal(ctx)) } : {}),
    StreamSummaries: streams.map((s) => ({
      StreamName: s.name,
      StreamARN: streamArn(ctx.tenant.region, ctx.tenant.account, s.name),
      StreamStatus: s.status,
      // The account object keeps the mode as text; only CreateStream's validated StreamMode values are ever stored.
      StreamModeDetails: { StreamMode: s.mode as Output.StreamMode },
      StreamCreationTimestamp: creationTime(s),
    })),
  };
});
