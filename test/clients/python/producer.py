"""The tutorial's producer: creates STREAM, waits for ACTIVE, then puts COUNT records one at a time, pausing DELAY s.

Prints one JSON object: every acknowledged record (n, data, sequence number) and when the puts started and ended.
Usage: producer.py URL STREAM COUNT DELAY
"""
import json
import sys
import time

import boto3

url, stream_name, count, delay = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
kinesis = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                       aws_access_key_id='', aws_secret_access_key='')

kinesis.create_stream(StreamName=stream_name, ShardCount=1)
deadline = time.time() + 30
while kinesis.describe_stream(StreamName=stream_name)['StreamDescription']['StreamStatus'] != 'ACTIVE':
    if time.time() > deadline:
        sys.exit('stream did not become ACTIVE within 30 s')
    time.sleep(0.05)

acked = []
started = time.time()
for n in range(count):
    data = json.dumps({'event': n, 'payload': 'record-%02d' % n})
    out = kinesis.put_record(StreamName=stream_name, Data=data, PartitionKey='key-%d' % (n % 3))
    acked.append({'n': n, 'data': data, 'ShardId': out['ShardId'], 'SequenceNumber': out['SequenceNumber']})
    time.sleep(delay)
print(json.dumps({'acked': acked, 'started': started, 'finished': time.time()}))
