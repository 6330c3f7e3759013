// The operations that exist, by AWS name: data, not a switch. Adding an action is one file and one line here.
import type { Operation } from './operation';
import AddTagsToStream from './add-tags-to-stream';
import CreateStream from './create-stream';
import DecreaseStreamRetentionPeriod from './decrease-stream-retention-period';
import DeleteStream from './delete-stream';
import DescribeStream from './describe-stream';
import DescribeStreamSummary from './describe-stream-summary';
import GetRecords from './get-records';
import GetShardIterator from './get-shard-iterator';
import IncreaseStreamRetentionPeriod from './increase-stream-retention-period';
import ListShards from './list-shards';
import ListStreams from './list-streams';
import ListTagsForStream from './list-tags-for-stream';
import PutRecord from './put-record';
import PutRecords from './put-records';
import RemoveTagsFromStream from './remove-tags-from-stream';

export const operations: Readonly<Record<string, Operation>> = {
  AddTagsToStream,
  CreateStream,
  DecreaseStreamRetentionPeriod,
  DeleteStream,
  DescribeStream,
  DescribeStreamSummary,
  GetRecords,
  GetShardIterator,
  IncreaseStreamRetentionPeriod,
  ListShards,
  ListStreams,
  ListTagsForStream,
  PutRecord,
  PutRecords,
  RemoveTagsFromStream,
};
