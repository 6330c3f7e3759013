"""The tutorial's consumer: waits for STREAM to be ACTIVE, then reads its only shard from TRIM_HORIZON, LIMIT records
per GetRecords call, following NextShardIterator, until COUNT records arrived (or 30 s passed).

Prints one JSON object: the records in the order received, each page's size, and when the first record arrived.
Usage: consumer.py URL STREAM COUNT LIMIT
"""
import base64
import json
import sys
import time

import boto3

url, stream_name, count, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
kinesis = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                       aws_access_key_id='', aws_secret_access_key='')

deadline = time.time() + 30
while True:
    try:
        if kinesis.describe_stream(StreamName=stream_name)['StreamDescription']['StreamStatus'] == 'ACTIVE':
            break
    except kinesis.exceptions.ResourceNotFoundException:
        pass
    if time.time() > deadline:
        sys.exit('stream did not become ACTIVE within 30 s')
    time.sleep(0.05)

shard_id = kinesis.describe_stream(StreamName=stream_name)['StreamDescription']['Shards'][0]['ShardId']
shard_iterator = kinesis.get_shard_iterator(StreamName=stream_name, ShardId=shard_id,
                                            ShardIteratorType='TRIM_HORIZON')['ShardIterator']
records, pages, first_at = [], [], None
while len(records) < count:
    if time.time() > deadline:
        break
    out = kinesis.get_records(ShardIterator=shard_iterator, Limit=limit)
    pages.append(len(out['Records']))
    for r in out['Records']:
        if first_at is None:
            first_at = time.time()
        records.append({'SequenceNumber': r['SequenceNumber'], 'PartitionKey': r['PartitionKey'],
                        'Data': base64.b64encode(r['Data']).decode()})
    shard_iterator = out['NextShardIterator']
    if not out['Records']:
        time.sleep(0.05)
print(json.dumps({'records': records, 'pages': pages, 'firstRecordAt': first_at}))
