// Data only: where AWS's recorded validation order and wording differ from the model's (facts §2, kinesalite).
// Keys are shape names of shapes.generated.ts; members not listed follow in model order after the listed ones.

/** The order in which AWS checks and reports members, per structure shape (facts §2, "kinesalite's recorded order"). */
export const memberOrder: Readonly<Record<string, readonly string[]>> = {
  CreateStreamInput: ['ShardCount', 'StreamName'],
  PutRecordInput: ['SequenceNumberForOrdering', 'PartitionKey', 'ExplicitHashKey', 'Data', 'StreamName'],
  PutRecordsInput: ['Records', 'StreamName'],
  PutRecordsRequestEntry: ['PartitionKey', 'ExplicitHashKey', 'Data'],
  GetShardIteratorInput: ['ShardId', 'ShardIteratorType', 'StartingSequenceNumber', 'StreamName'],
  GetRecordsInput: ['Limit', 'ShardIterator'],
  ListShardsInput: ['ExclusiveStartShardId', 'MaxResults', 'NextToken', 'StreamName'],
  DescribeStreamInput: ['Limit', 'ExclusiveStartShardId', 'StreamName'],
  ListStreamsInput: ['Limit', 'ExclusiveStartStreamName'],
  MergeShardsInput: ['ShardToMerge', 'AdjacentShardToMerge', 'StreamName'],
  SplitShardInput: ['NewStartingHashKey', 'StreamName', 'ShardToSplit'],
  AddTagsToStreamInput: ['Tags', 'StreamName'],
  RemoveTagsFromStreamInput: ['TagKeys', 'StreamName'],
  // kinesalite's validations/listTagsForStream.js order: Limit first, as in the other paged reads.
  ListTagsForStreamInput: ['Limit', 'ExclusiveStartTagKey', 'StreamName'],
  IncreaseStreamRetentionPeriodInput: ['RetentionPeriodHours', 'StreamName'],
  DecreaseStreamRetentionPeriodInput: ['RetentionPeriodHours', 'StreamName'],
};

/** Enum value sets AWS prints in its own (hash) order rather than the model's, per string shape (facts §2). */
export const enumDisplayOrder: Readonly<Record<string, readonly string[]>> = {
  ShardIteratorType: ['AFTER_SEQUENCE_NUMBER', 'LATEST', 'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER', 'TRIM_HORIZON'],
};
