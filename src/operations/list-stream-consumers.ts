// ListStreamConsumers: a stream's consumers by name, paged by MaxResults (at most 100) and a NextToken that lives 300 s
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html).
import { operation } from './operation';
import { KinesisError, unwrap } from '../protocol/errors';
import { MAX_LIST_CONSUMERS_RESULTS, NEXT_TOKEN_TTL_MS } from '../limits';
import { decodePageToken, encodePageToken, pageSeal } from '../model/page-token';
import { streamNotFound } from '../model/stream-rules';
import { streamNameOf, streamStub } from './streams';
import { cachedStream } from './stream-cache';
import { consumerView } from './consumers';

export const ListStreamConsumers = operation(
  'ListStreamConsumers',
  async function ListStreamConsumers(ctx, input) {
    const name = streamNameOf(ctx, { StreamARN: input.StreamARN });
    let after: string | undefined;
    if (input.NextToken !== undefined) {
      const token = decodePageToken(input.NextToken, pageSeal(ctx));
      // A token is only good for the stream it was issued for (AWS's wording unknown; ListShards' form).
      if (!token || token.stream !== name) throw new KinesisError('InvalidArgumentException', `Invalid NextToken: ${input.NextToken}`);
      if (ctx.now - token.issuedAt > NEXT_TOKEN_TTL_MS) {
        throw new KinesisError('ExpiredNextTokenException', `The NextToken has expired. It was issued more than ${NEXT_TOKEN_TTL_MS / 1000} seconds ago.`);
      }
      after = token.after;
    }
    const stream = await cachedStream(ctx, name);
    // "Specify this input parameter to distinguish data streams that have the same name" [DOC]: another generation
    // of the name is not this stream. Creation times are kept in whole seconds (aws-behaviour §3.1).
    if (input.StreamCreationTimestamp !== undefined && Math.floor(input.StreamCreationTimestamp / 1000) !== Math.floor(stream.createdAt / 1000)) {
      throw KinesisError.from(streamNotFound(name, ctx.tenant.account));
    }
    const max = Math.min(input.MaxResults ?? MAX_LIST_CONSUMERS_RESULTS, MAX_LIST_CONSUMERS_RESULTS);
    const page = unwrap(await streamStub(ctx, name).listConsumers(after, max));
    const last = page.consumers[page.consumers.length - 1];
    return {
      Consumers: page.consumers.map((c) => consumerView(stream, c)),
      ...(page.hasMore && last ? { NextToken: encodePageToken({ stream: name, after: last.name, issuedAt: ctx.now }, pageSeal(ctx)) } : {}),
    };
  },
  (input) => {
    // "Don't specify StreamCreationTimestamp if you specify NextToken" [DOC]; the wording of the refusal is ours.
    if (input.NextToken !== undefined && input.StreamCreationTimestamp !== undefined) {
      throw new KinesisError('InvalidArgumentException', 'NextToken and StreamCreationTimestamp cannot be provided together.');
    }
  },
);
