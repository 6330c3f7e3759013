"""The core Kinesis flow with boto3 over HTTPS, trusting only the server's own certificate; prints what it saw as JSON.

Usage: tls_flow.py URL STREAM_NAME CA_FILE   (CA_FILE is passed as verify=, nothing is disabled)
       tls_flow.py URL --list                (one ListStreams call with boto3's default trust store)
"""
import base64
import json
import sys
import time

import boto3

url = sys.argv[1]
credentials = dict(region_name='us-east-1', aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret')

if sys.argv[2] == '--list':
    kinesis = boto3.client('kinesis', endpoint_url=url, **credentials)
    print(json.dumps(kinesis.list_streams()['StreamNames']))
    sys.exit(0)

name, cafile = sys.argv[2], sys.argv[3]
kinesis = boto3.client('kinesis', endpoint_url=url, verify=cafile, **credentials)


def until(what, probe, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise SystemExit('timed out waiting for ' + what)
        time.sleep(0.025)  # poll interval


kinesis.create_stream(StreamName=name, ShardCount=1)
statuses = []


def active():
    status = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['StreamStatus']
    statuses.append(status)
    return True if status == 'ACTIVE' else None


until('ACTIVE', active)
listed = kinesis.list_streams()['StreamNames']
described = kinesis.describe_stream(StreamName=name)['StreamDescription']
shard_ids = [s['ShardId'] for s in kinesis.list_shards(StreamName=name)['Shards']]

single = bytes(range(256))
batch = [bytes(reversed(range(256))), b'\x00', b'\xff' * 3]
put = kinesis.put_record(StreamName=name, Data=single, PartitionKey='single')
puts = kinesis.put_records(StreamName=name, Records=[{'Data': d, 'PartitionKey': 'b%d' % i} for i, d in enumerate(batch)])

iterator = kinesis.get_shard_iterator(StreamName=name, ShardId=put['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
records = []


def read():
    global iterator
    page = kinesis.get_records(ShardIterator=iterator)
    iterator = page['NextShardIterator']
    records.extend(page['Records'])
    return True if not page['Records'] and page['MillisBehindLatest'] == 0 else None


until('the shard read to its tip', read)

kinesis.add_tags_to_stream(StreamName=name, Tags={'team': 'data'})
tags = kinesis.list_tags_for_stream(StreamName=name)['Tags']
kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=48)
retention = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['RetentionPeriodHours']
kinesis.delete_stream(StreamName=name)


def gone():
    try:
        kinesis.describe_stream(StreamName=name)
        return None
    except kinesis.exceptions.ResourceNotFoundException as err:
        return {'code': err.response['Error']['Code'], 'message': err.response['Error']['Message'],
                'status': err.response['ResponseMetadata']['HTTPStatusCode']}


after_delete = until('the stream to be deleted', gone)

b64 = lambda b: base64.b64encode(b).decode()
print(json.dumps({
    'statuses': statuses,
    'listed': listed,
    'describe': {'StreamName': described['StreamName'], 'StreamStatus': described['StreamStatus'],
                 'StreamARN': described['StreamARN'], 'shards': [s['ShardId'] for s in described['Shards']]},
    'shardIds': shard_ids,
    'sent': [b64(single)] + [b64(b) for b in batch],
    'put': {'ShardId': put['ShardId'], 'SequenceNumber': put['SequenceNumber']},
    'puts': {'FailedRecordCount': puts['FailedRecordCount'], 'SequenceNumbers': [r['SequenceNumber'] for r in puts['Records']]},
    'records': [{'SequenceNumber': r['SequenceNumber'], 'PartitionKey': r['PartitionKey'], 'Data': b64(r['Data']),
                 'ApproximateArrivalTimestamp': r['ApproximateArrivalTimestamp'].timestamp()} for r in records],
    'tags': tags,
    'retention': retention,
    'afterDelete': after_delete,
}))
