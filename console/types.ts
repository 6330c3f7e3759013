// The parts of the Kinesis JSON 1.1 shapes the console reads
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html). Timestamps are epoch seconds.
export interface StreamSummary {
  StreamName: string;
  StreamARN?: string;
  StreamStatus?: string;
  StreamModeDetails?: { StreamMode?: string };
}

export interface ListStreamsOutput {
  StreamNames: string[];
  HasMoreStreams: boolean;
  NextToken?: string;
  StreamSummaries?: StreamSummary[];
}

export interface StreamDescriptionSummary {
  StreamName: string;
  StreamARN: string;
  StreamStatus: string;
  StreamModeDetails?: { StreamMode?: string };
  RetentionPeriodHours: number;
  StreamCreationTimestamp: number;
  EncryptionType?: string;
  KeyId?: string;
  OpenShardCount: number;
  ConsumerCount?: number;
}

export interface Shard {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string };
}

export interface ListShardsOutput {
  Shards: Shard[];
  NextToken?: string;
}

export interface Consumer {
  ConsumerName: string;
  ConsumerARN: string;
  ConsumerStatus: string;
  ConsumerCreationTimestamp: number;
}

export interface ListStreamConsumersOutput {
  Consumers: Consumer[];
  NextToken?: string;
}

export interface KinesisRecord {
  SequenceNumber: string;
  ApproximateArrivalTimestamp: number;
  /** base64 */
  Data: string;
  PartitionKey: string;
  EncryptionType?: string;
}

export interface ChildShard {
  ShardId: string;
  ParentShards: string[];
}

export interface GetRecordsOutput {
  Records: KinesisRecord[];
  NextShardIterator?: string;
  MillisBehindLatest?: number;
  ChildShards?: ChildShard[];
}

export interface GetShardIteratorOutput {
  ShardIterator: string;
}
