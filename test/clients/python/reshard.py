"""Resharding with boto3 against URL (argv[1]): split, wait with boto3's stream_exists waiter, merge the children back,
read the closed shards to their ends; prints what it saw as JSON.
Usage: reshard.py URL STREAM_NAME
"""
import json
import sys

import boto3

url, name = sys.argv[1], sys.argv[2]
kinesis = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                       aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret')
waiter = kinesis.get_waiter('stream_exists')
wait = {'Delay': 1, 'MaxAttempts': 30}

kinesis.create_stream(StreamName=name, ShardCount=1)
waiter.wait(StreamName=name, WaiterConfig=wait)
before = kinesis.put_record(StreamName=name, Data=b'before', PartitionKey='a')
kinesis.split_shard(StreamName=name, ShardToSplit='shardId-000000000000',
                    NewStartingHashKey=str(2 ** 127))
status_after_split = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['StreamStatus']
waiter.wait(StreamName=name, WaiterConfig=wait)
after = kinesis.put_record(StreamName=name, Data=b'after', PartitionKey='a')
kinesis.merge_shards(StreamName=name, ShardToMerge='shardId-000000000001', AdjacentShardToMerge='shardId-000000000002')
waiter.wait(StreamName=name, WaiterConfig=wait)
scaled = kinesis.update_shard_count(StreamName=name, TargetShardCount=2, ScalingType='UNIFORM_SCALING')
waiter.wait(StreamName=name, WaiterConfig=wait)
shards = kinesis.list_shards(StreamName=name)['Shards']


def read_to_end(shard_id):
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
    records = []
    while True:
        out = kinesis.get_records(ShardIterator=it)
        records += [r['Data'].decode() for r in out['Records']]
        if 'NextShardIterator' not in out or out['NextShardIterator'] is None:
            return {'records': records, 'children': out.get('ChildShards', [])}
        it = out['NextShardIterator']


ends = {s['ShardId']: read_to_end(s['ShardId']) for s in shards if 'EndingSequenceNumber' in s['SequenceNumberRange']}
try:
    kinesis.split_shard(StreamName=name, ShardToSplit='shardId-000000000000', NewStartingHashKey='5')
    again = None
except kinesis.exceptions.InvalidArgumentException as e:
    again = e.response['Error']['Message']
print(json.dumps({'statusAfterSplit': status_after_split, 'before': before, 'after': after, 'scaled': scaled,
                  'shards': shards, 'ends': ends, 'again': again}, default=str))
