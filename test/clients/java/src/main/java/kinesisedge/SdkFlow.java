package kinesisedge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The tutorial flow through KinesisAsyncClient: create, wait ACTIVE, PutRecord, PutRecords, ListShards, read back
 * from TRIM_HORIZON, a missing stream's error, delete. Prints one JSON report; java.test.ts checks it.
 * Usage: SdkFlow <endpoint> <stream> <default|HTTP2|HTTP1_1|ALPN>
 */
public final class SdkFlow {
  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String stream = args[1];
    CallLog log = new CallLog();
    try (KinesisAsyncClient k = Clients.kinesis(endpoint, args[2], log)) {
      Clients.print(run(k, stream, log));
    }
  }

  private static Map<String, Object> run(KinesisAsyncClient k, String stream, CallLog log) throws Exception {
    k.createStream(r -> r.streamName(stream).shardCount(1)).join();
    long created = System.nanoTime();
    int polls = Clients.waitActive(k, stream, Duration.ofSeconds(30));
    long activeAfterMs = (System.nanoTime() - created) / 1_000_000;

    PutRecordResponse put = k.putRecord(r -> r.streamName(stream).partitionKey("partitionkey")
        .data(SdkBytes.fromByteArray("Hello, Kinesis! \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1)))).join();

    // Every byte value, non-ASCII UTF-8, an empty blob (Data may be 0 bytes) and one byte.
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) all[i] = (byte) i;
    List<PutRecordsRequestEntry> entries = List.of(
        entry("binary", all),
        entry("unicode", "héllo ✓ 日本".getBytes(StandardCharsets.UTF_8)),
        entry("empty", new byte[0]),
        entry("p-3", new byte[] {0x7f}));
    PutRecordsResponse putRecords = k.putRecords(r -> r.streamName(stream).records(entries)).join();

    List<Shard> shards = k.listShards(r -> r.streamName(stream)).join().shards();
    String iterator = k.getShardIterator(r -> r.streamName(stream).shardId(shards.get(0).shardId())
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();

    // GetRecords may answer a page short of the tip (AWS does), so read on until all five are in, for 10 pages at most.
    List<Record> read = new ArrayList<>();
    GetRecordsResponse got = null;
    int pages = 0;
    for (; pages < 10 && read.size() < 5; pages++) {
      String it = got == null ? iterator : got.nextShardIterator();
      got = k.getRecords(r -> r.shardIterator(it).limit(100)).join();
      read.addAll(got.records());
    }
    long readAt = System.currentTimeMillis();

    Map<String, Object> missing;
    try {
      k.describeStream(r -> r.streamName(stream + "-missing")).join();
      missing = Clients.map("class", "none: DescribeStream succeeded");
    } catch (Exception e) {
      missing = Clients.error(e);
    }
    k.deleteStream(r -> r.streamName(stream)).join();

    List<Object> putResults = new ArrayList<>();
    putRecords.records().forEach(r -> putResults.add(Clients.map(
        "shardId", r.shardId(), "sequenceNumber", r.sequenceNumber(), "errorCode", r.errorCode())));
    List<Object> records = new ArrayList<>();
    for (Record r : read) {
      Instant arrival = r.approximateArrivalTimestamp();
      records.add(Clients.map("sequenceNumber", r.sequenceNumber(), "partitionKey", r.partitionKey(),
          "data", Json.base64(r.data().asByteArray()),
          "arrivalMs", arrival == null ? null : arrival.toEpochMilli(),
          "encryptionType", r.encryptionTypeAsString()));
    }

    // CreateStream, the polls, PutRecord, PutRecords, ListShards, GetShardIterator, the pages, DescribeStream, DeleteStream.
    int calls = 7 + polls + pages;
    return Clients.map(
        "activeAfterMs", activeAfterMs,
        "put", Clients.map("shardId", put.shardId(), "sequenceNumber", put.sequenceNumber()),
        "putRecords", Clients.map("failedRecordCount", putRecords.failedRecordCount(), "records", putResults),
        "shards", Clients.shards(shards),
        "records", records,
        "pages", pages,
        "millisBehindLatest", got.millisBehindLatest(),
        "hasNextShardIterator", got.nextShardIterator() != null,
        "readAtMs", readAt,
        "missing", missing,
        "calls", log.awaitCalls(calls, 5_000),
        "wire", log.wire());
  }

  private static PutRecordsRequestEntry entry(String key, byte[] data) {
    return PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromByteArray(data)).build();
  }
}
