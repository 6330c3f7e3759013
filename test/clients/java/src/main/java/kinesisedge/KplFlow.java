package kinesisedge;

import com.google.common.util.concurrent.ListenableFuture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.kinesis.producer.Attempt;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;

/**
 * The KPL against kinesis-edge --ssl: puts N user records ("kpl-<i>" under partition key "pk-<i>"), flushes, waits for
 * every future, then reads every shard back with the SDK v2 and prints the raw Kinesis records for java.test.ts to
 * de-aggregate. Usage: KplFlow <host> <port> <stream> <n> <aggregate true|false> <CA cert file | noverify>
 */
public final class KplFlow {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String stream = args[2];
    int n = Integer.parseInt(args[3]);
    if (n < 1 || n > 10_000) throw new IllegalArgumentException("n must be 1..10000");
    boolean aggregate = Boolean.parseBoolean(args[4]);
    String trust = args[5];

    try (KinesisAsyncClient k = Clients.kinesis("https://" + host + ":" + port, "ALPN", null)) {
      // Two shards, so the KPL has to split user records by the hash key ranges ListShards gives it.
      k.createStream(r -> r.streamName(stream).shardCount(2)).join();
      Clients.waitActive(k, stream, Duration.ofSeconds(30));

      List<Object> results = produce(config(host, port, aggregate, trust), stream, n);
      List<Shard> shards = k.listShards(r -> r.streamName(stream)).join().shards();
      Clients.print(Clients.map("results", results, "shards", Clients.shards(shards), "records", readAll(k, stream, shards)));
    }
  }

  private static KinesisProducerConfiguration config(String host, int port, boolean aggregate, String trust) {
    KinesisProducerConfiguration c = new KinesisProducerConfiguration()
        .setKinesisEndpoint(host)
        .setKinesisPort(port)
        .setRegion("us-east-1")
        .setCredentialsProvider(Clients.CREDENTIALS)
        .setMetricsLevel("none")
        .setAggregationEnabled(aggregate)
        .setLogLevel(System.getProperty("kpl.log", "warning"));
    if (trust.equals("noverify")) c.setVerifyCertificate(false);
    else c.setCaCertFile(trust);
    return c;
  }

  private static List<Object> produce(KinesisProducerConfiguration config, String stream, int n) throws Exception {
    KinesisProducer producer = new KinesisProducer(config);
    try {
      // The KPL aggregates only once it has the stream's shard map (ListShards); user records added before that go
      // out one per Kinesis record. One record first, completed, so the rest meet a ready map.
      List<Object> results = new ArrayList<>();
      results.add(result(put(producer, stream, 0).get(60, TimeUnit.SECONDS)));
      List<ListenableFuture<UserRecordResult>> futures = new ArrayList<>();
      for (int i = 1; i < n; i++) futures.add(put(producer, stream, i));
      producer.flush();
      for (ListenableFuture<UserRecordResult> f : futures) results.add(result(f.get(60, TimeUnit.SECONDS)));
      return results;
    } finally {
      producer.destroy();
    }
  }

  private static ListenableFuture<UserRecordResult> put(KinesisProducer producer, String stream, int i) {
    return producer.addUserRecord(stream, "pk-" + i, ByteBuffer.wrap(("kpl-" + i).getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, Object> result(UserRecordResult r) {
    List<Object> attempts = new ArrayList<>();
    for (Attempt a : r.getAttempts()) {
      attempts.add(Clients.map("successful", a.isSuccessful(), "errorCode", a.getErrorCode(), "errorMessage", a.getErrorMessage()));
    }
    return Clients.map("successful", r.isSuccessful(), "shardId", r.getShardId(),
        "sequenceNumber", r.getSequenceNumber(), "attempts", attempts);
  }

  /** Every record of every shard from TRIM_HORIZON, until a shard answers no records and nothing behind. */
  private static List<Object> readAll(KinesisAsyncClient k, String stream, List<Shard> shards) {
    List<Object> out = new ArrayList<>();
    for (Shard shard : shards) {
      String it = k.getShardIterator(r -> r.streamName(stream).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
      for (int page = 0; it != null && page < 100; page++) {
        String current = it;
        GetRecordsResponse got = k.getRecords(r -> r.shardIterator(current)).join();
        for (Record r : got.records()) {
          out.add(Clients.map("shardId", shard.shardId(), "sequenceNumber", r.sequenceNumber(),
              "partitionKey", r.partitionKey(), "data", Json.base64(r.data().asByteArray())));
        }
        if (got.records().isEmpty() && got.millisBehindLatest() == 0) break;
        it = got.nextShardIterator();
      }
    }
    return out;
  }
}
