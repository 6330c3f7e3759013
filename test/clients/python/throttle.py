"""Throttling and injected faults with boto3 (no retries, so every error reaches us) against two servers:
THROTTLE_URL runs --throttle aws, FAULT_URL runs the --fault list of test/clients/throttle.test.ts. Prints what it
saw as JSON. Polls with a deadline where a wall-clock second matters; never sleeps to synchronise.
Usage: throttle.py THROTTLE_URL FAULT_URL STREAM_NAME
"""
import json
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

throttle_url, fault_url, name = sys.argv[1], sys.argv[2], sys.argv[3]
config = Config(retries={'total_max_attempts': 1, 'mode': 'standard'})


def client(url):
    return boto3.client('kinesis', endpoint_url=url, region_name='us-east-1', config=config,
                        aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret')


def error(call):
    try:
        call()
        return None
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message'),
                'status': e.response['ResponseMetadata']['HTTPStatusCode']}


def create(k):
    k.create_stream(StreamName=name, ShardCount=1)
    k.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig={'Delay': 0.2, 'MaxAttempts': 100})


def read_all(k, deadline_s=20):
    """Every record of shard 0 from TRIM_HORIZON to the tip; a throttled call is asked again until the deadline."""
    it = k.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='TRIM_HORIZON')['ShardIterator']
    out, deadline = [], time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            page = k.get_records(ShardIterator=it, Limit=10000)
        except k.exceptions.ProvisionedThroughputExceededException:
            time.sleep(0.025)  # the poll's interval, as test/clients/sdk.ts poll(): ask again until the deadline
            continue
        out += [r['Data'].decode() for r in page['Records']]
        if not page['Records'] and page['MillisBehindLatest'] == 0:
            return out
        it = page['NextShardIterator']
    raise SystemExit('shard not read to its tip in time')


out = {}

# --throttle aws: 500-record batches until one is partly refused (each second takes at most 1,000).
k = client(throttle_url)
create(k)
acked, failures, n = [], [], 0
for _ in range(40):
    batch = [{'Data': f'r{n + i}'.encode(), 'PartitionKey': 'k'} for i in range(500)]
    n += 500
    res = k.put_records(StreamName=name, Records=batch)
    for sent, r in zip(batch, res['Records']):
        if 'SequenceNumber' in r:
            acked.append(sent['Data'].decode())
        else:
            failures.append(r)
    if failures:
        out['partial'] = {'FailedRecordCount': res['FailedRecordCount'], 'failed': failures[0], 'size': len(res['Records'])}
        break
# GetRecords until one is refused: at most 5 calls a second are answered.
it = k.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='LATEST')['ShardIterator']
for _ in range(60):
    e = error(lambda: k.get_records(ShardIterator=it))
    if e:
        out['readThrottled'] = e
        break
out['acked'] = acked
out['readBack'] = read_all(k)

# --fault: PutRecord fails every 2nd call bare (500), PutRecords every 2nd record, ListStreams always.
f = client(fault_url)
create(f)
fault_acked, put = [], []
for i in range(4):
    try:
        f.put_record(StreamName=name, Data=f'p{i}'.encode(), PartitionKey='k')
        fault_acked.append(f'p{i}')
        put.append('ok')
    except ClientError as e:
        put.append({'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']})
out['putRecord'] = put
batch = [{'Data': f'q{i}'.encode(), 'PartitionKey': 'k'} for i in range(4)]
res = f.put_records(StreamName=name, Records=batch)
out['putRecords'] = {'FailedRecordCount': res['FailedRecordCount'],
                     'Records': [r if 'ErrorCode' in r else 'ok' for r in res['Records']]}
fault_acked += [b['Data'].decode() for b, r in zip(batch, res['Records']) if 'SequenceNumber' in r]
out['listStreams'] = error(lambda: f.list_streams())
out['faultAcked'] = fault_acked
out['faultReadBack'] = read_all(f)
print(json.dumps(out))
