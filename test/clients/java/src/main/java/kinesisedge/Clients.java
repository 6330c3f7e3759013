package kinesisedge;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** What both programs share: the client as a user would build it, waiting for ACTIVE, and error reports. */
final class Clients {
  private Clients() {}

  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

  /**
   * The README's client: endpoint, region and static credentials only. Mode "default" keeps the SDK's own HTTP
   * client (Netty, HTTP/2 for Kinesis); "HTTP2"/"HTTP1_1" build Netty with that protocol; "ALPN" builds Netty with
   * HTTP/2 agreed by TLS ALPN instead of assumed. TLS trust is the JVM's default trust store
   * (javax.net.ssl.trustStore): nothing here weakens verification.
   */
  static KinesisAsyncClient kinesis(String endpoint, String mode, CallLog log) {
    KinesisAsyncClientBuilder b = KinesisAsyncClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS);
    switch (mode) {
      case "default" -> {}
      case "ALPN" -> b.httpClientBuilder(NettyNioAsyncHttpClient.builder()
          .protocol(Protocol.HTTP2).protocolNegotiation(ProtocolNegotiation.ALPN));
      default -> b.httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.valueOf(mode)));
    }
    if (log != null) b.overrideConfiguration(c -> c.addMetricPublisher(log).addExecutionInterceptor(log));
    return b.build();
  }

  /** Polls DescribeStreamSummary until ACTIVE; returns how many calls that took. */
  static int waitActive(KinesisAsyncClient k, String stream, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (int polls = 1; ; polls++) {
      StreamStatus status = k.describeStreamSummary(r -> r.streamName(stream)).join()
          .streamDescriptionSummary().streamStatus();
      if (status == StreamStatus.ACTIVE) return polls;
      if (System.nanoTime() > deadline) throw new IllegalStateException(stream + " still " + status + " after " + limit);
      Thread.sleep(50);
    }
  }

  /** The service error a failed call completed with, as the SDK parsed it. */
  static Map<String, Object> error(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class", cause.getClass().getSimpleName());
    if (cause instanceof AwsServiceException e) {
      out.put("status", e.statusCode());
      out.put("code", e.awsErrorDetails().errorCode());
      out.put("message", e.awsErrorDetails().errorMessage());
    } else {
      out.put("message", String.valueOf(cause.getMessage()));
    }
    return out;
  }

  /** ListShards' answer as the report shows it. */
  static List<Object> shards(List<Shard> shards) {
    List<Object> out = new ArrayList<>();
    shards.forEach(s -> out.add(map("shardId", s.shardId(),
        "startingHashKey", s.hashKeyRange().startingHashKey(), "endingHashKey", s.hashKeyRange().endingHashKey(),
        "startingSequenceNumber", s.sequenceNumberRange().startingSequenceNumber())));
    return out;
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  static void print(Map<String, Object> report) {
    System.out.println(Json.write(report));
  }
}
