"""boto3 against a server in verify mode: with the tenant's key and secret it creates a stream, waits for it with
boto3's waiter, writes and reads back a record, lists shards page by page and deletes the stream; with a wrong
secret, an unknown key, or the right key with a wrong session token it is refused. Prints what it saw as JSON.

Usage: verify_boto3.py URL ACCESS_KEY_ID SECRET STREAM_NAME
"""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

url, key, secret, name = sys.argv[1:5]
# No retries: a refusal is reported as it came, not after the SDK's backoff.
config = Config(retries={'max_attempts': 1, 'mode': 'standard'})


def client(access_key, secret_key, token=None):
    return boto3.client('kinesis', endpoint_url=url, region_name='us-east-1', aws_access_key_id=access_key,
                        aws_secret_access_key=secret_key, aws_session_token=token, config=config)


def refusal(call):
    try:
        call()
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'],
                'status': e.response['ResponseMetadata']['HTTPStatusCode']}
    return None


k = client(key, secret)
out = {}
k.create_stream(StreamName=name, ShardCount=2)
k.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig={'Delay': 0.2, 'MaxAttempts': 100})
out['arn'] = k.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['StreamARN']
put = k.put_record(StreamName=name, Data=b'verified \x00\xff', PartitionKey='pk')
it = k.get_shard_iterator(StreamName=name, ShardId=put['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
out['records'] = [r['Data'].decode('latin1') for r in k.get_records(ShardIterator=it)['Records']]
first = k.list_shards(StreamName=name, MaxResults=1)
out['shardPages'] = [len(first['Shards']), len(k.list_shards(NextToken=first['NextToken'])['Shards'])]
out['wrongSecret'] = refusal(lambda: client(key, secret + 'x').list_streams())
out['unknownKey'] = refusal(lambda: client('AKIAUNKNOWNKEY000000', secret).list_streams())
out['unexpectedToken'] = refusal(lambda: client(key, secret, 'some-session-token').list_streams())
k.delete_stream(StreamName=name)
print(json.dumps(out))
