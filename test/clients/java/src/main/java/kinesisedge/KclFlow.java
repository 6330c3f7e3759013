package kinesisedge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.KinesisClientUtil;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The Kinesis Client Library 3.x consuming a stream of kinesis-edge, as an application would run it: a Scheduler with
 * one record processor per shard lease, leases in a DynamoDB-compatible store (dynalite, started by the test), metrics
 * off. Args: kinesisEndpoint dynamoEndpoint streamName applicationName polling|fanout.
 *
 * <p>It prints one JSON line per event on stdout as it happens (record, initialize, shardEnded, leaseLost, ...), which
 * kcl.test.ts reads while its producer writes; a line "stop" on stdin (or its end) shuts the Scheduler down
 * gracefully, and a last "stopped" line reports how that went. The processor checkpoints after every batch it has
 * printed, and at shard end, as the KCL documentation asks.
 */
public final class KclFlow {
  private KclFlow() {}

  private static final Object OUT = new Object();

  static void emit(Object... kv) {
    String line = Json.write(Clients.map(kv));
    synchronized (OUT) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** Counts requests a client sends, so the report can prove the CloudWatch client was never called. */
  static final class Counter implements ExecutionInterceptor {
    final AtomicInteger calls = new AtomicInteger();
    final List<String> operations = new ArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      calls.incrementAndGet();
      synchronized (operations) {
        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    String kinesisEndpoint = args[0];
    String dynamoEndpoint = args[1];
    String streamName = args[2];
    String application = args[3];
    String retrieval = args[4];

    KinesisAsyncClient kinesis = KinesisClientUtil.createKinesisAsyncClient(KinesisAsyncClient.builder()
        .endpointOverride(URI.create(kinesisEndpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(Clients.CREDENTIALS));
    DynamoDbAsyncClient dynamo = DynamoDbAsyncClient.builder()
        .endpointOverride(URI.create(dynamoEndpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(Clients.CREDENTIALS)
        .build();
    // MetricsLevel.NONE below: the KCL still wants a client, pointed here at a loopback port nothing listens on
    // (port 1 is privileged, so no test process holds it); the counter shows it was never called.
    Counter cloudWatchCalls = new Counter();
    CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:1"))
        .region(Region.US_EAST_1)
        .credentialsProvider(Clients.CREDENTIALS)
        .overrideConfiguration(c -> c.addExecutionInterceptor(cloudWatchCalls))
        .build();

    createLeaseTable(dynamo, application);

    String workerId = "worker-" + UUID.randomUUID();
    ConfigsBuilder configs = new ConfigsBuilder(
        new SingleStreamTracker(streamName, InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
        application, kinesis, dynamo, cloudWatch, workerId, Processor::new);

    // Intervals shortened from the KCL's defaults (tens of seconds) so a test sees leases assigned, shard ends and
    // child shards started within seconds; nothing else is changed from what an application gets. The lease
    // duration (failoverTimeMillis) keeps its default: one worker on a loaded machine must not lose its own leases.
    var leases = configs.leaseManagementConfig()
        .leaseAssignmentIntervalMillis(1_000L)
        .shardSyncIntervalMillis(2_000)
        .leasesRecoveryAuditorExecutionFrequencyMillis(2_000);
    var coordinator = configs.coordinatorConfig()
        .parentShardPollIntervalMillis(200)
        .shardConsumerDispatchPollIntervalMillis(100)
        .schedulerInitializationBackoffTimeMillis(200);
    var retrievalConfig = configs.retrievalConfig();
    if (retrieval.equals("polling")) {
      retrievalConfig.retrievalSpecificConfig(new PollingConfig(streamName, kinesis).idleTimeBetweenReadsInMillis(200));
    } else if (!retrieval.equals("fanout")) {
      throw new IllegalArgumentException("retrieval must be polling or fanout, not " + retrieval);
    }
    // fanout: the ConfigsBuilder's own default retrieval (FanOutConfig, SubscribeToShard through a registered consumer).

    Scheduler scheduler = new Scheduler(
        configs.checkpointConfig(),
        coordinator,
        leases,
        configs.lifecycleConfig(),
        configs.metricsConfig().metricsLevel(MetricsLevel.NONE),
        configs.processorConfig(),
        retrievalConfig);
    Thread runner = new Thread(scheduler, "kcl-scheduler");
    runner.start();
    emit("event", "started", "workerId", workerId, "retrieval", retrieval);

    // Wait for "stop" or the end of stdin: the test decides when every record it was acknowledged has come out.
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.trim().equals("stop")) break;
    }
    boolean graceful = scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS);
    runner.join(30_000);
    emit("event", "stopped", "graceful", graceful, "schedulerExited", !runner.isAlive(),
        "cloudWatchCalls", cloudWatchCalls.calls.get(), "cloudWatchOperations", cloudWatchCalls.operations);
    System.exit(0);
  }

  /**
   * Creates the lease table (named after the application, as the KCL names it) before the Scheduler starts, with the
   * KCL's own key schema and its LeaseOwnerToLeaseKeyIndex GSI in the CreateTable request. The KCL would create the
   * table itself and then add that GSI with UpdateTable, waiting up to an hour for it to turn ACTIVE; dynalite
   * accepts such an UpdateTable but never adds the index, so the index is created along with the table here
   * instead. Schemas come from the KCL's serializer, so they are exactly what it would have asked for.
   */
  /** DynamoDBLeaseRefresher.LEASE_OWNER_TO_LEASE_KEY_INDEX_NAME, package-private there. */
  static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

  static void createLeaseTable(DynamoDbAsyncClient dynamo, String table) throws Exception {
    DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
    List<AttributeDefinition> attributes = new ArrayList<>(serializer.getAttributeDefinitions());
    for (AttributeDefinition a : serializer.getWorkerIdToLeaseKeyIndexAttributeDefinitions()) {
      if (attributes.stream().noneMatch(b -> b.attributeName().equals(a.attributeName()))) attributes.add(a);
    }
    dynamo.createTable(r -> r.tableName(table)
        .keySchema(serializer.getKeySchema())
        .attributeDefinitions(attributes)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(LEASE_OWNER_INDEX)
            .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
            .build())).get(30, TimeUnit.SECONDS);
    emit("event", "leaseTableCreated", "table", table);
  }

  /** One per shard lease: prints every record it is given, then checkpoints that batch. */
  static final class Processor implements ShardRecordProcessor {
    private String shardId;

    @Override
    public void initialize(InitializationInput input) {
      shardId = input.shardId();
      emit("event", "initialize", "shardId", shardId,
          "from", String.valueOf(input.extendedSequenceNumber()));
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
      for (KinesisClientRecord r : input.records()) {
        byte[] data = new byte[r.data().remaining()];
        r.data().get(data);
        emit("event", "record", "shardId", shardId, "partitionKey", r.partitionKey(),
            "sequenceNumber", r.sequenceNumber(), "subSequenceNumber", r.subSequenceNumber(),
            "data", new String(data, StandardCharsets.UTF_8));
      }
      try {
        input.checkpointer().checkpoint();
      } catch (Exception e) {
        emit("event", "checkpointFailed", "shardId", shardId, "error", String.valueOf(e));
      }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
      emit("event", "leaseLost", "shardId", shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
      try {
        input.checkpointer().checkpoint();
        emit("event", "shardEnded", "shardId", shardId);
      } catch (Exception e) {
        emit("event", "checkpointFailed", "shardId", shardId, "error", String.valueOf(e));
      }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
      try {
        input.checkpointer().checkpoint();
      } catch (Exception e) {
        emit("event", "checkpointFailed", "shardId", shardId, "error", String.valueOf(e));
      }
    }
  }
}
