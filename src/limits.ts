// Every AWS and platform number the emulator uses, named, with its source.
// Must not hold logic; docs/aws-behaviour.md is the long form of each source.
import workerDefaults from '../local/worker-defaults.json';

/** Retention bounds and default, in hours. [DOC IncreaseStreamRetentionPeriod; aws-behaviour §3.10] */
export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8760;
export const DEFAULT_RETENTION_HOURS = 24;

/** A record's key + data may not pass the stream's max record size, 1 MiB by default. [DOC PutRecord; aws-behaviour §5] */
export const DEFAULT_MAX_RECORD_SIZE_KIB = 1024;

/** PutRecords: 1-500 records, at most 10 MiB per request including partition keys. [DOC PutRecords] */
export const MAX_PUT_RECORDS_BYTES = 10 * 1024 * 1024;

/** GetRecords returns at most 10,000 records and 10 MiB per call. [DOC GetRecords] */
export const MAX_GET_RECORDS_LIMIT = 10_000;
export const MAX_GET_RECORDS_BYTES = 10 * 1024 * 1024;

/** DescribeStream and ListStreams return at most 100 by default. [DOC DescribeStream, ListStreams; aws-behaviour §3.3-3.4] */
export const DEFAULT_DESCRIBE_STREAM_LIMIT = 100;
export const DEFAULT_LIST_STREAMS_LIMIT = 100;

/** ListShards: default and maximum page 1000 (the model allows 10000; AWS caps at 1000). [DOC ListShards; aws-behaviour §3.5] */
export const MAX_LIST_SHARDS_RESULTS = 1000;
/** ListShards NextToken lives 300 s. [DOC ListShards] */
export const NEXT_TOKEN_TTL_MS = 300_000;

/** ListTagsForStream: at most 50 tags per stream; page size when no Limit is sent is not documented. [DOC; aws-behaviour §3.11] */
export const MAX_TAGS_PER_STREAM = 50;
export const DEFAULT_LIST_TAGS_LIMIT = 50;

/** A stream created with neither ShardCount nor a mode, or ON_DEMAND, starts with 4 shards. [aws-behaviour §3.1] */
export const ON_DEMAND_INITIAL_SHARDS = 4;

/** Request bodies above this are cut off with 413, as kinesalite recorded (7 MiB); AWS's cap today is unknown
 *  (aws-behaviour §1.2), so we allow what a maximal 10 MiB PutRecords needs once base64-encoded (~13.4 MiB) plus framing. */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;

/** Defaults of the configurable knobs (env vars of the Worker): kinesalite's 500 ms delays; 10,000 open shards.
 *  One source with the local host's flags and wrangler.toml's [vars] (held to it by test/local/defaults.test.ts). */
export const DEFAULT_VARS = workerDefaults.vars;

/** Retention is kept in hours, arrival times in epoch ms. */
export const HOUR_MS = 3_600_000;

/** A shard iterator "expires 5 minutes after it is returned to the requester"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html); ExpiredIteratorException
 *  names it as 300000 milliseconds (recorded by https://github.com/mhart/kinesalite/blob/master/actions/getRecords.js). */
export const ITERATOR_TTL_MS = 300_000;

/**
 * Largest shard index, one number for two reasons that are one cause, AWS's shard index being a signed 32-bit int:
 * a ShardId's digits resolve up to 2147483647 (Java's Integer.MAX_VALUE) and 2147483648 is refused (recorded
 * against AWS in https://github.com/mhart/kinesalite/blob/master/test/getShardIterator.js), and a version-2
 * sequence number holds the index in a 32-bit field whose top bit is always 0 (0x7fffffff,
 * https://github.com/mhart/kinesalite/blob/master/db/index.js, "Shard index too high"). Were they two limits, a
 * ShardId could name a shard that no sequence number can come from. Shard iterators carry it in 4 bytes too.
 */
export const MAX_SHARD_INDEX = 0x7fffffff;
/** The version-2 sequence number's 64-bit counter has its top bit 0; a closed shard's EndingSequenceNumber carries
 *  this largest counter (https://github.com/mhart/kinesalite/blob/master/db/index.js). */
export const MAX_SEQUENCE_COUNTER = 0x7fffffffffffffffn;
/** The same layout's times are epoch seconds in 9 hex digits. */
export const MAX_SEQUENCE_SECONDS = 0xfffffffff;

/** Partition keys map to "128-bit integer values" (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html):
 *  hash keys run from 0 to 2^128 - 1. */
export const MAX_HASH_KEY = 2n ** 128n - 1n;

/** The longest region name model/tenant.ts's REGION_NAME admits (4 + 3 × 13 + 3); a shard iterator's 512-character
 *  budget (the model's ShardIterator max) is counted with it. */
export const MAX_REGION_LENGTH = 46;

/** A Durable Object's SQLite binds at most 100 parameters per statement and stores rows up to 2 MB
 *  (https://developers.cloudflare.com/durable-objects/platform/limits/). A record's data is kept in parts of 1 MiB,
 *  so a row with its other columns stays well under 2 MB. */
export const DO_MAX_BOUND_PARAMETERS = 100;
export const RECORD_PART_BYTES = 1024 * 1024;

/** Our own bounds, not AWS's. Shard objects a stream's purge alarm destroys per run: 2,000 in one 4.8 s run stalled,
 *  then reset, requests the local server had already sent on a kept-alive connection. */
export const PURGE_BATCH = 128;
/** Object calls in flight at once from one fan-out: thousands at once exhausted workerd's memory (SQLITE_NOMEM);
 *  16 hide each call's latency. */
export const FAN_OUT_LIMIT = 16;
/** How long, and for how many streams, a Worker isolate trusts its cached view of a stream (operations/stream-cache.ts). */
export const STREAM_CACHE_TTL_MS = 2000;
export const STREAM_CACHE_MAX_ENTRIES = 10_000;

/** UpdateShardCount: at most 10 scalings per rolling 24 hours per stream, and scaling up to at most 10,000 shards
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html). */
export const MAX_SCALINGS_PER_DAY = 10;
export const SCALING_WINDOW_MS = 24 * HOUR_MS;
export const MAX_UNIFORM_SCALING_SHARDS = 10_000;
/** Our own bound: how many times one put re-reads the shard map after finding its shard closed by a reshard. */
export const MAX_REROUTES = 3;

/** Enhanced fan-out: at most 20 consumers registered per stream, at most 5 of them CREATING at once
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html). */
export const MAX_CONSUMERS_PER_STREAM = 20;
export const MAX_CREATING_CONSUMERS = 5;
/** ListStreamConsumers: "The default value is 100. If you specify a value greater than 100, at most 100 results are
 *  returned"; its NextToken lives 300 s (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html). */
export const MAX_LIST_CONSUMERS_RESULTS = 100;

/** SubscribeToShard: a subscription lasts up to 5 minutes; another call for the same consumer and shard within 5 s of
 *  a successful one is refused, after that it takes over
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html). The stream sends an event
 *  at least every 5 s even when no records arrive (recorded wire traces show one about every 5 s). */
export const SUBSCRIPTION_LIFETIME_MS = 300_000;
export const SUBSCRIPTION_TAKEOVER_MS = 5_000;
export const SUBSCRIPTION_HEARTBEAT_MS = 5_000;
/** Our own per-event cap, not AWS's (AWS documents none): as much as one GetRecords call returns, so one maximal
 *  PutRecords (10 MiB, 500 records) always fits in one event. */
export const MAX_EVENT_RECORDS = MAX_GET_RECORDS_LIMIT;
export const MAX_EVENT_BYTES = MAX_GET_RECORDS_BYTES;

// ---- verified SigV4, tenants and their quotas (src/auth/, src/admin/) ----------------------------------------------

/** "The signed request must reach AWS within five minutes of the time stamp in the request"
 *  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-signing.html): both directions. */
export const SIGNATURE_SKEW_MS = 5 * 60_000;
/** A presigned URL's X-Amz-Expires runs from 1 s to 7 days (604800 s)
 *  (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html). */
export const MAX_PRESIGNED_EXPIRES_S = 604_800;
/** Our own bounds. Derived signing keys kept per isolate, one per (secret, day, region) in use. */
export const SIGNING_KEY_CACHE_MAX_ENTRIES = 1_000;
/** How long an isolate trusts a tenant it read from the tenant object: a rotated or deleted key stops working in
 *  every isolate within this time. An unknown key is never cached. */
export const TENANT_CACHE_TTL_MS = 5_000;
export const TENANT_CACHE_MAX_ENTRIES = 10_000;
/** The admin API's JSON bodies are small; anything bigger is refused before parsing. */
export const MAX_ADMIN_BODY_BYTES = 16 * 1024;
/** Tenants one deployment keeps (the tenant object lists them all in one answer). */
export const MAX_TENANTS = 1_000;
/** Per-tenant quota defaults, set at creation (admin API `quotas`, or `--tenant`): streams and open shards per region
 *  (AWS counts its shard quota per account and Region:
 *  https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html), Kinesis requests per second, and
 *  bytes stored per region (records' data and partition keys within retention; AWS has no such quota: ours, 1 GiB). */
export const DEFAULT_TENANT_QUOTAS = { streams: 100, openShards: 200, requestsPerSecond: 1_000, storedBytes: 1024 ** 3 } as const;
/** Upper bounds of what a quota may be set to (the count of anything sized by it is bounded by these). */
export const MAX_TENANT_QUOTAS = { streams: 10_000, openShards: 100_000, requestsPerSecond: 1_000_000, storedBytes: 1024 ** 5 } as const;
/** A shard reports the bytes it stores to its account object at most this often (and once more after its last put),
 *  so the account's total lags the shards by about this much. */
export const STORED_BYTES_REPORT_MS = 1_000;
/** How long an isolate trusts an account's stored-bytes total when checking a put against the tenant's quota. */
export const STORED_BYTES_CACHE_MS = 1_000;
/** Request counts per tenant are kept per minute for the usage report's last hour; an isolate reports its counts to
 *  the tenant object at most this often. */
export const USAGE_FLUSH_MS = 10_000;
/** Our own: bytes of HMAC-SHA256 that authenticate a NextToken (128 bits, as a shard iterator's tag). */
export const PAGE_TOKEN_MAC_BYTES = 16;

// ---- capacity and limits: stream modes, on-demand scaling, warm throughput, account settings (issue 11, group B) --

/** A shard takes writes of up to 1 MiB/s or 1,000 records/s
 *  (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html). */
export const SHARD_WRITE_BYTES_PER_SEC = 1024 * 1024;
export const SHARD_WRITE_RECORDS_PER_SEC = 1_000;
/** A shard serves GetRecords at up to 5 calls/s and 2 MiB/s, shared by every reader of the shard
 *  (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html); "If a call to GetRecords returns
 *  10 MB, subsequent calls made within the next 5 seconds throw an exception"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html): 10 MiB at 2 MiB/s. Enforced only
 *  with THROTTLE=aws (model/throttle.ts). */
export const SHARD_READ_CALLS_PER_SEC = 5;
export const SHARD_READ_BYTES_PER_SEC = 2 * 1024 * 1024;
/** "You can make one call to SubscribeToShard per second per registered consumer per shard"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html). THROTTLE=aws only. */
export const SUBSCRIBE_INTERVAL_MS = 1_000;
/** Our own bound: consumers whose last SubscribeToShard a shard remembers before it forgets those older than
 *  SUBSCRIBE_INTERVAL_MS (a stream has at most 20 consumers; deleted ones would otherwise stay). */
export const SUBSCRIBE_GATE_MAX_ENTRIES = 64;
/** Enhanced fan-out: a consumer receives "up to 2 MiB per second for every shard you subscribe to"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html). THROTTLE=aws only
 *  (model/fan-out-pace.ts). */
export const SUBSCRIPTION_BYTES_PER_SEC = 2 * 1024 * 1024;
/** Our own: a paced subscription waiting for the next second looks at the clock at least this often, so a clock
 *  that moves other than real time (the tests' fake clock) is followed within it. */
export const SUBSCRIPTION_PACE_RECHECK_MS = 100;
/** On-demand: "When the incoming traffic exceeds 500 KB/s per shard, it splits the shard within 15 minutes. The
 *  parent shard's hash key values are redistributed evenly across child shards"
 *  (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html, on-demand mode). 500 records/s is
 *  ours: the same half of the shard's record rate as 500 KB/s is of its byte rate. */
export const ON_DEMAND_SPLIT_BYTES_PER_SEC = 500 * 1024;
export const ON_DEMAND_SPLIT_RECORDS_PER_SEC = 500;
/** Ours: how many whole seconds in a row a shard of an on-demand stream must be above a split rate before it is
 *  split. AWS only bounds the time ("within 15 minutes"); a few seconds keeps one burst from splitting a shard. */
export const ON_DEMAND_SPLIT_SUSTAINED_SECONDS = 5;
/** "For each data stream in your AWS account, you can switch between the on-demand and provisioned capacity modes
 *  twice within 24 hours" (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html). */
export const MAX_MODE_SWITCHES_PER_DAY = 2;
export const MODE_SWITCH_WINDOW_MS = 24 * HOUR_MS;
/** On-demand data streams per account, by default 50
 *  (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html); DescribeLimits'
 *  OnDemandStreamCountLimit. */
export const ON_DEMAND_STREAM_LIMIT = 50;
/** UpdateStreamWarmThroughput: "you cannot ... Scale to more than 10 GiBps for an on-demand stream"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html), in MiB/s. */
export const MAX_WARM_THROUGHPUT_MIBPS = 10 * 1024;
/** "Commitments have a minimum duration of 24 hours that must be honored before they can be disabled"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MinimumThroughputBillingCommitmentInput.html). */
export const MIN_COMMITMENT_MS = 24 * HOUR_MS;

// ---- stream settings: encryption, enhanced monitoring, record size and distribution (issue 11, group A) ----------

/** "You can successfully apply a new AWS KMS key for server-side encryption 25 times in a rolling 24-hour period"
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html), and disable it 25 times
 *  (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html). */
export const MAX_ENCRYPTION_CHANGES_PER_DAY = 25;
export const ENCRYPTION_CHANGE_WINDOW_MS = 24 * HOUR_MS;

// ---- tags and resource policies by ARN (issue 11 group C) ----
/** Tags per consumer: "50 per resource", as for streams [DOC TagResource: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html]. */
export const MAX_TAGS_PER_CONSUMER = 50;
/** A resource policy's size. Kinesis documents none; 20,480 characters is the cap IAM sets on role trust policies and
 *  other services on resource policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) [OURS]. */
export const MAX_RESOURCE_POLICY_CHARS = 20_480;

// ---- Channels (issue 11, group D) ----
/** DataFreshnessInSeconds: 300-900, default 300 (https://docs.aws.amazon.com/streams/latest/dev/data-delivery-concepts.html). */
export const CHANNEL_FRESHNESS_MIN_S = 300;
export const CHANNEL_FRESHNESS_MAX_S = 900;
export const CHANNEL_FRESHNESS_DEFAULT_S = 300;
/** "Currently, one stream is supported per channel" (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateChannel.html). */
export const CHANNEL_MAX_STREAMS = 1;
/** ListChannels MaxResults: 1-10000 (model); our default page when none is asked for [OURS]. */
export const LIST_CHANNELS_DEFAULT_RESULTS = 100;
export const LIST_CHANNELS_MAX_RESULTS = 10_000;
/** Our own: channels one account keeps per region (the channel object lists them from one table). */
export const MAX_CHANNELS_PER_ACCOUNT = 1_000;
/** Our own: how often a channel object delivers while records come. AWS's DataFreshnessInSeconds is the longest a
 *  record may wait (300 s at least); the emulator delivers sooner, every second, and after rounds that read nothing
 *  doubles the interval up to DataFreshnessInSeconds (channel-object.ts), which keeps within that bound. */
export const CHANNEL_DELIVERY_INTERVAL_MS = 1_000;
/** Our own: records read from one shard per delivery round (one R2 object at most per shard per round). */
export const CHANNEL_BATCH_RECORDS = 10_000;
/** Our own bound: (account, region, operation[, stream[, shard]]) windows one isolate keeps for the control-plane
 *  rates of THROTTLE=aws (model/control-rates.ts); past it, windows of earlier seconds, then the oldest, are dropped. */
export const CONTROL_RATE_MAX_ENTRIES = 10_000;
