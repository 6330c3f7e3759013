"""SubscribeToShard with boto3 (HTTP/1.1): creates STREAM, registers a consumer, subscribes at LATEST, then puts one
record and a PutRecords batch of BATCH records as soon as the first (empty) event arrives, and reads events until
all have come. Then a second subscription at once must be refused (ResourceInUseException).

Prints one JSON object: the first event, the put results, and each later event's records.
Usage: subscribe.py URL STREAM BATCH
"""
import base64
import json
import sys
import time

import boto3

url, stream_name, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
kinesis = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                       aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret')


def until(what, probe, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            sys.exit(f'timed out waiting for {what}')
        time.sleep(0.05)


kinesis.create_stream(StreamName=stream_name, ShardCount=1)
summary = until('stream ACTIVE', lambda: (lambda s: s if s['StreamStatus'] == 'ACTIVE' else None)(
    kinesis.describe_stream_summary(StreamName=stream_name)['StreamDescriptionSummary']))
consumer = kinesis.register_stream_consumer(StreamARN=summary['StreamARN'], ConsumerName='boto3-app')['Consumer']
until('consumer ACTIVE', lambda: True if kinesis.describe_stream_consumer(ConsumerARN=consumer['ConsumerARN'])[
    'ConsumerDescription']['ConsumerStatus'] == 'ACTIVE' else None)

response = kinesis.subscribe_to_shard(ConsumerARN=consumer['ConsumerARN'], ShardId='shardId-000000000000',
                                      StartingPosition={'Type': 'LATEST'})
stream = response['EventStream']


def view(event):
    e = event['SubscribeToShardEvent']
    return {'ContinuationSequenceNumber': e['ContinuationSequenceNumber'], 'MillisBehindLatest': e['MillisBehindLatest'],
            'Records': [{'SequenceNumber': r['SequenceNumber'], 'PartitionKey': r['PartitionKey'],
                         'Data': base64.b64encode(r['Data']).decode(),
                         'ApproximateArrivalTimestamp': r['ApproximateArrivalTimestamp'].timestamp()} for r in e['Records']]}


out = {'contentType': response['ResponseMetadata']['HTTPHeaders'].get('content-type'), 'events': []}
wanted = 1 + batch
received = 0
for event in stream:
    if 'first' not in out:
        out['first'] = view(event)
        out['one'] = kinesis.put_record(StreamName=stream_name, PartitionKey='pk', Data=b'one')['SequenceNumber']
        out['batch'] = [r['SequenceNumber'] for r in kinesis.put_records(
            StreamName=stream_name, Records=[{'PartitionKey': f'k{i}', 'Data': f'r{i}'.encode()} for i in range(batch)])['Records']]
        try:
            kinesis.subscribe_to_shard(ConsumerARN=consumer['ConsumerARN'], ShardId='shardId-000000000000',
                                       StartingPosition={'Type': 'LATEST'})
            out['second'] = 'accepted'
        except kinesis.exceptions.ResourceInUseException as err:
            out['second'] = {'code': err.response['Error']['Code'], 'message': err.response['Error']['Message']}
        continue
    v = view(event)
    if v['Records']:
        out['events'].append(v)
        received += len(v['Records'])
    if received >= wanted:
        break
stream.close()
print(json.dumps(out))
