// ListShards: a stream's shards with paging (NextToken, MaxResults, ExclusiveStartShardId) and every ShardFilter type.
import { operation } from './operation';
import type { Input } from '../schema/shapes.generated';
import { KinesisError } from '../protocol/errors';
import { HOUR_MS, MAX_LIST_SHARDS_RESULTS, NEXT_TOKEN_TTL_MS } from '../limits';
import { parseShardIdLenient } from '../model/shard-id';
import { decodePageToken, encodePageToken, pageSeal } from '../model/page-token';
import type { ShardInfo } from '../model/stream';
import { requireActive, streamNameOf } from './streams';
import { cachedStream } from './stream-cache';
import { shardView } from './views';

/** Which shards each filter keeps, by open/close times: "start timestamp is less than or equal to the given timestamp
 *  and end timestamp is greater than or equal to the given timestamp or still open" (AT_*), "closed shards whose end
 *  timestamp is greater than or equal to the given timestamp and also all open shards" (FROM_*)
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ShardFilter.html). At the instant of a reshard both the
 *  parent and its children count. A time before the stream existed sees its first shards, as the trim horizon of a
 *  young stream does. */
function keep(filter: Input.ShardFilter, horizon: number, streamCreatedAt: number): (s: ShardInfo) => boolean {
  const openAt = (time: number) => {
    const t = Math.max(time, streamCreatedAt);
    return (s: ShardInfo) => s.createdAt <= t && (s.closedAt === null || s.closedAt >= t);
  };
  const openFrom = (t: number) => (s: ShardInfo) => s.closedAt === null || s.closedAt >= t;
  switch (filter.Type) {
    case 'AFTER_SHARD_ID': {
      const after = parseShardIdLenient(filter.ShardId!) ?? -1;
      return (s) => s.index > after;
    }
    case 'AT_LATEST':
      return (s) => s.closedAt === null;
    case 'AT_TRIM_HORIZON':
      return openAt(horizon);
    case 'FROM_TRIM_HORIZON':
      return openFrom(horizon);
    case 'AT_TIMESTAMP':
      return openAt(filter.Timestamp!);
    case 'FROM_TIMESTAMP':
      return openFrom(filter.Timestamp!);
  }
}

/** Cross-field rules of ListShards' input, before any stream is read. */
function checkListShards(input: Input.ListShardsInput): void {
  if (input.NextToken !== undefined) {
    // "NextToken and <Member> cannot be provided together." [ISS 2019-2025, aws-behaviour §3.5]
    for (const member of ['StreamName', 'StreamARN', 'ExclusiveStartShardId', 'ShardFilter', 'StreamCreationTimestamp'] as const) {
      if (input[member] !== undefined) throw new KinesisError('InvalidArgumentException', `NextToken and ${member} cannot be provided together.`);
    }
  } else if (input.StreamName === undefined && input.StreamARN === undefined) {
    throw new KinesisError('InvalidArgumentException', 'Either NextToken or StreamName should be provided.'); // [KL]
  }
  // AWS's words for a filter missing its ShardId or Timestamp are not known (aws-behaviour §3.5).
  const f = input.ShardFilter;
  if (f?.Type === 'AFTER_SHARD_ID' && f.ShardId === undefined) {
    throw new KinesisError('InvalidArgumentException', 'ShardId must be specified for ShardFilter type AFTER_SHARD_ID.');
  }
  if ((f?.Type === 'AT_TIMESTAMP' || f?.Type === 'FROM_TIMESTAMP') && f.Timestamp === undefined) {
    throw new KinesisError('InvalidArgumentException', `Timestamp must be specified for ShardFilter type ${f.Type}.`);
  }
}

export const ListShards = operation(
  'ListShards',
  async function ListShards(ctx, input) {
    let name: string;
    let after = input.ExclusiveStartShardId === undefined ? -1 : (parseShardIdLenient(input.ExclusiveStartShardId) ?? -1);
    let filter = input.ShardFilter;
    if (input.NextToken !== undefined) {
      const token = decodePageToken(input.NextToken, pageSeal(ctx));
      if (!token || token.stream === '') throw new KinesisError('InvalidArgumentException', `Invalid NextToken: ${input.NextToken}`);
      if (ctx.now - token.issuedAt > NEXT_TOKEN_TTL_MS) {
        throw new KinesisError('ExpiredNextTokenException', `The NextToken has expired. It was issued more than ${NEXT_TOKEN_TTL_MS / 1000} seconds ago.`);
      }
      name = token.stream;
      after = Number(token.after);
      filter = undefined;
    } else {
      name = streamNameOf(ctx, input);
    }
    const stream = await cachedStream(ctx, name);
    requireActive(stream, 'ResourceInUseException');
    const horizon = ctx.now - stream.retentionHours * HOUR_MS;
    // Shards closed before the trim horizon have expired and are never listed [DOC].
    let shards = stream.shards.filter((s) => (s.closedAt === null || s.closedAt >= horizon) && s.index > after);
    if (filter) shards = shards.filter(keep(filter, horizon, stream.createdAt));
    // "If you specify a value greater than 1000, at most 1000 results are returned." [DOC ListShards]
    const max = Math.min(input.MaxResults ?? MAX_LIST_SHARDS_RESULTS, MAX_LIST_SHARDS_RESULTS);
    const page = shards.slice(0, max);
    const more = shards.length > max;
    return {
      Shards: page.map(shardView),
      ...(more ? { NextToken: encodePageToken({ stream: name, after: String(page[page.length - 1].index), issuedAt: ctx.now }, pageSeal(ctx)) } : {}),
    };
  },
  checkListShards,
);
