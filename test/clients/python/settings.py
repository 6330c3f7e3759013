"""Stream settings with boto3 against URL (argv[1]): server-side encryption, enhanced monitoring and the max record
size, each read back through the descriptions and the records; prints what it saw as JSON.
Usage: settings.py URL STREAM_NAME
"""
import json
import sys

import boto3

url, name = sys.argv[1], sys.argv[2]
kinesis = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                       aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret')
waiter = kinesis.get_waiter('stream_exists')
wait = {'Delay': 1, 'MaxAttempts': 30}


def summary():
    return kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']


def error(call):
    try:
        call()
        return None
    except kinesis.exceptions.ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message']}


kinesis.create_stream(StreamName=name, ShardCount=1)
waiter.wait(StreamName=name, WaiterConfig=wait)
out = {'initial': summary()}
out['plainPut'] = kinesis.put_record(StreamName=name, Data=b'plain', PartitionKey='a')

# Encryption: UPDATING, then ACTIVE; puts and records marked while on.
out['badKey'] = error(lambda: kinesis.start_stream_encryption(StreamName=name, EncryptionType='KMS', KeyId='no-such-key'))
kinesis.start_stream_encryption(StreamName=name, EncryptionType='KMS', KeyId='alias/aws/kinesis')
out['encrypting'] = summary()
waiter.wait(StreamName=name, WaiterConfig=wait)
out['encrypted'] = kinesis.describe_stream(StreamName=name)['StreamDescription']
out['secretPut'] = kinesis.put_record(StreamName=name, Data=b'secret', PartitionKey='a')
out['secretPuts'] = kinesis.put_records(StreamName=name, Records=[{'Data': b'secret-2', 'PartitionKey': 'a'}])
kinesis.stop_stream_encryption(StreamName=name, EncryptionType='KMS', KeyId='alias/aws/kinesis')
waiter.wait(StreamName=name, WaiterConfig=wait)
out['stopped'] = summary()
out['plainAgain'] = kinesis.put_record(StreamName=name, Data=b'plain-again', PartitionKey='a')
it = kinesis.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='TRIM_HORIZON')['ShardIterator']
out['records'] = [{'data': r['Data'].decode(), 'encryption': r.get('EncryptionType')} for r in kinesis.get_records(ShardIterator=it)['Records']]

# Enhanced monitoring.
out['enabled'] = kinesis.enable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=['IncomingBytes', 'IteratorAgeMilliseconds'])
out['disabled'] = kinesis.disable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=['IncomingBytes'])
out['monitoring'] = summary()['EnhancedMonitoring']
out['badMetric'] = error(lambda: kinesis.enable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=['ALL', 'Latency']))

# Max record size: a 1.5 MiB record is refused at the default, taken after the update.
arn = summary()['StreamARN']
big = b'x' * (1536 * 1024)
out['bigBefore'] = error(lambda: kinesis.put_record(StreamName=name, Data=big, PartitionKey='b'))
kinesis.update_max_record_size(StreamARN=arn, MaxRecordSizeInKiB=2048)
out['maxRecordSize'] = summary()['MaxRecordSizeInKiB']
out['bigAfter'] = kinesis.put_record(StreamName=name, Data=big, PartitionKey='b')['ShardId']
for key in ('plainPut', 'secretPut', 'secretPuts', 'plainAgain', 'enabled', 'disabled'):
    out[key].pop('ResponseMetadata', None)
print(json.dumps(out, default=str))
