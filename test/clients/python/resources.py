"""boto3 against a server in verify mode with two tenants, A and B (accounts 111111111111 and 222222222222):
tags and resource policies by ARN on A's stream and consumer, then B's access to them, which only A's policies give.

A: creates STREAM, tags it and its consumer by ARN (TagResource, UntagResource, ListTagsForResource; the consumer
registered with Tags), and reads the policies (GetResourcePolicy "{}" before any, DeleteResourcePolicy refused).
B: refused A's stream by ARN; once A's stream policy allows it, writes (PutRecord, PutRecords) and reads
(DescribeStreamSummary, ListShards, GetShardIterator, GetRecords) A's stream by ARN; SubscribeToShard through A's
consumer once the consumer's policy allows it; refused again when A deletes the stream policy.
Prints what it saw as JSON. Usage: resources.py URL KEY_A SECRET_A KEY_B SECRET_B STREAM
"""
import json
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

url, key_a, secret_a, key_b, secret_b, name = sys.argv[1:7]
config = Config(retries={'max_attempts': 1, 'mode': 'standard'})


def client(key, secret):
    return boto3.client('kinesis', endpoint_url=url, region_name='us-east-1', aws_access_key_id=key,
                        aws_secret_access_key=secret, config=config)


def refusal(call):
    try:
        call()
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'],
                'status': e.response['ResponseMetadata']['HTTPStatusCode']}
    return None


def until(what, probe, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            sys.exit(f'timed out waiting for {what}')
        time.sleep(0.05)


def grant(resource, actions):
    return json.dumps({'Version': '2012-10-17', 'Statement': [
        {'Sid': 'share', 'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::222222222222:root'}, 'Action': actions,
         'Resource': resource}]})


a, b = client(key_a, secret_a), client(key_b, secret_b)
out = {}
a.create_stream(StreamName=name, ShardCount=1)
a.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig={'Delay': 0.2, 'MaxAttempts': 100})
arn = a.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['StreamARN']
out['arn'] = arn

# Tags by ARN, read back through both listings.
a.tag_resource(ResourceARN=arn, Tags={'team': 'data', 'env': 'test'})
a.untag_resource(ResourceARN=arn, TagKeys=['env'])
out['streamTags'] = a.list_tags_for_resource(ResourceARN=arn)['Tags']
out['streamTagsByName'] = a.list_tags_for_stream(StreamName=name)['Tags']
consumer = a.register_stream_consumer(StreamARN=arn, ConsumerName='shared-app', Tags={'owner': 'a'})['Consumer']
carn = consumer['ConsumerARN']
a.tag_resource(ResourceARN=carn, Tags={'tier': 'gold'})
out['consumerTags'] = a.list_tags_for_resource(ResourceARN=carn)['Tags']
out['tooManyCharacters'] = refusal(lambda: a.tag_resource(ResourceARN=arn, Tags={'a;b': 'v'}))

# Policies: none yet, then put and read back.
out['policyBefore'] = a.get_resource_policy(ResourceARN=arn)['Policy']
out['deleteAbsent'] = refusal(lambda: a.delete_resource_policy(ResourceARN=arn))
out['badPolicy'] = refusal(lambda: a.put_resource_policy(ResourceARN=arn, Policy='{"Statement": []}'))

# B before any policy: refused.
out['deniedBefore'] = refusal(lambda: b.describe_stream_summary(StreamARN=arn))
stream_policy = grant(arn, ['kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:PutRecord',
                            'kinesis:PutRecords', 'kinesis:GetShardIterator', 'kinesis:GetRecords'])
a.put_resource_policy(ResourceARN=arn, Policy=stream_policy)
out['policyRoundTrip'] = a.get_resource_policy(ResourceARN=arn)['Policy'] == stream_policy

# B through the policy, by ARN.
out['summaryForB'] = b.describe_stream_summary(StreamARN=arn)['StreamDescriptionSummary']['StreamARN']
shard = b.list_shards(StreamARN=arn)['Shards'][0]['ShardId']
b.put_record(StreamARN=arn, PartitionKey='k', Data=b'from B')
b.put_records(StreamARN=arn, Records=[{'PartitionKey': 'k', 'Data': b'batch from B'}])
it = b.get_shard_iterator(StreamARN=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
out['readByB'] = [r['Data'].decode() for r in b.get_records(ShardIterator=it, StreamARN=arn)['Records']]
it_a = a.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
out['readByA'] = [r['Data'].decode() for r in a.get_records(ShardIterator=it_a)['Records']]
out['tagByB'] = refusal(lambda: b.tag_resource(ResourceARN=arn, Tags={'x': 'y'}))
out['policyByB'] = refusal(lambda: b.get_resource_policy(ResourceARN=arn))
out['bHasNoStreams'] = b.list_streams()['StreamNames']

# SubscribeToShard through A's consumer: refused until the consumer's own policy allows it.
until('consumer ACTIVE', lambda: True if a.describe_stream_consumer(ConsumerARN=carn)['ConsumerDescription'][
    'ConsumerStatus'] == 'ACTIVE' else None)
out['subscribeDenied'] = refusal(lambda: b.subscribe_to_shard(ConsumerARN=carn, ShardId=shard,
                                                              StartingPosition={'Type': 'TRIM_HORIZON'}))
a.put_resource_policy(ResourceARN=carn, Policy=grant(carn, ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard']))
out['consumerPolicy'] = json.loads(a.get_resource_policy(ResourceARN=carn)['Policy'])['Statement'][0]['Action']
events = b.subscribe_to_shard(ConsumerARN=carn, ShardId=shard, StartingPosition={'Type': 'TRIM_HORIZON'})['EventStream']
seen = []
for event in events:
    seen += [r['Data'].decode() for r in event['SubscribeToShardEvent']['Records']]
    if len(seen) >= 2:
        break
events.close()
out['subscribedByB'] = seen

# Revoked: the stream policy deleted, B is refused again.
a.delete_resource_policy(ResourceARN=arn)
out['policyAfter'] = a.get_resource_policy(ResourceARN=arn)['Policy']
out['deniedAfter'] = refusal(lambda: b.put_record(StreamARN=arn, PartitionKey='k', Data=b'late'))
a.delete_stream(StreamName=name, EnforceConsumerDeletion=True)
print(json.dumps(out))
