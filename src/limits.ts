// Every AWS and platform number the emulator uses, named, with its source.
// Must not hold logic; shared/kinesis-facts.md is the long form of each source.
import workerDefaults from '../local/worker-defaults.json';

/** Retention bounds and default, in hours. [DOC IncreaseStreamRetentionPeriod; facts §3.10] */
export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8760;
export const DEFAULT_RETENTION_HOURS = 24;

/** A record's key + data may not pass the stream's max record size, 1 MiB by default. [DOC PutRecord; facts §5] */
export const DEFAULT_MAX_RECORD_SIZE_KIB = 1024;

/** PutRecords: 1-500 records, at most 10 MiB per request including partition keys. [DOC PutRecords] */
export const MAX_PUT_RECORDS_BYTES = 10 * 1024 * 1024;

/** GetRecords returns at most 10,000 records and 10 MiB per call. [DOC GetRecords] */
export const MAX_GET_RECORDS_LIMIT = 10_000;
export const MAX_GET_RECORDS_BYTES = 10 * 1024 * 1024;

/** DescribeStream and ListStreams return at most 100 by default. [DOC DescribeStream, ListStreams; facts §3.3-3.4] */
export const DEFAULT_DESCRIBE_STREAM_LIMIT = 100;
export const DEFAULT_LIST_STREAMS_LIMIT = 100;

/** ListShards: default and maximum page 1000 (the model allows 10000; AWS caps at 1000). [DOC ListShards; facts §3.5] */
export const MAX_LIST_SHARDS_RESULTS = 1000;
/** ListShards NextToken lives 300 s. [DOC ListShards] */
export const NEXT_TOKEN_TTL_MS = 300_000;

/** ListTagsForStream: at most 50 tags per stream; page size when no Limit is sent is not documented. [DOC; facts §3.11] */
export const MAX_TAGS_PER_STREAM = 50;
export const DEFAULT_LIST_TAGS_LIMIT = 50;

/** A stream created with neither ShardCount nor a mode, or ON_DEMAND, starts with 4 shards. [facts §3.1] */
export const ON_DEMAND_INITIAL_SHARDS = 4;

/** Request bodies above this are cut off with 413, as kinesalite recorded (7 MiB); AWS's cap today is unknown
 *  (facts §1.2), so we allow what a maximal 10 MiB PutRecords needs once base64-encoded (~13.4 MiB) plus framing. */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;

/** Defaults of the configurable knobs (env vars of the Worker): kinesalite's 500 ms delays; 10,000 open shards.
 *  One source with the local host's flags and wrangler.toml's [vars] (held to it by test/local/defaults.test.ts). */
export const DEFAULT_VARS = workerDefaults.vars;
