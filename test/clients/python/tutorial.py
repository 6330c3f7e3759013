"""The boto3 Kinesis tutorial flow, as a user types it, against URL (argv[1]); prints what it saw as JSON.

Empty credentials, as in the tutorial: botocore still signs, with an empty access key.
Usage: tutorial.py URL [STREAM_NAME]
"""
import base64
import json
import sys
import time

import boto3

url = sys.argv[1]
stream_name = sys.argv[2] if len(sys.argv) > 2 else 'mystream'

kinesis = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                       aws_access_key_id='', aws_secret_access_key='')

before = kinesis.list_streams()
kinesis.create_stream(StreamName=stream_name, ShardCount=1)
time.sleep(1)

data = b'Hello, Kinesis! \x00\xff'
put = kinesis.put_record(StreamName=stream_name, Data=data, PartitionKey='partitionkey')

shard_iterator = kinesis.get_shard_iterator(StreamName=stream_name, ShardId=put['ShardId'],
                                            ShardIteratorType='TRIM_HORIZON')['ShardIterator']
got = kinesis.get_records(ShardIterator=shard_iterator)

kinesis.delete_stream(StreamName=stream_name)

print(json.dumps({
    'listStreamsBefore': before['StreamNames'],
    'put': {'ShardId': put['ShardId'], 'SequenceNumber': put['SequenceNumber']},
    'sent': base64.b64encode(data).decode(),
    'records': [{'SequenceNumber': r['SequenceNumber'], 'PartitionKey': r['PartitionKey'],
                 'Data': base64.b64encode(r['Data']).decode(),
                 'ApproximateArrivalTimestamp': r['ApproximateArrivalTimestamp'].timestamp()}
                for r in got['Records']],
    'hasNextShardIterator': bool(got.get('NextShardIterator')),
    'millisBehindLatest': got.get('MillisBehindLatest'),
}))
