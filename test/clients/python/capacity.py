"""Capacity and limits with boto3 against URL (argv[1]): DescribeLimits, Describe/UpdateAccountSettings,
UpdateStreamMode both ways (with boto3's stream_exists waiter between), UpdateStreamWarmThroughput, and the effects
read back through DescribeStreamSummary, ListStreams and DescribeLimits; prints what it saw as JSON.
Usage: capacity.py URL STREAM_NAME ACCOUNT
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError

url, name, account = sys.argv[1], sys.argv[2], sys.argv[3]
kinesis = boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',
                       aws_access_key_id=account, aws_secret_access_key='secret')
waiter = kinesis.get_waiter('stream_exists')
wait = {'Delay': 1, 'MaxAttempts': 30}


def error(call):
    try:
        call()
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message']}
    return None


def strip(d):
    return {k: v for k, v in d.items() if k != 'ResponseMetadata'}


def summary():
    s = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']
    return {'status': s['StreamStatus'], 'mode': s['StreamModeDetails']['StreamMode'], 'open': s['OpenShardCount'],
            'warm': s.get('WarmThroughput')}


def listed_mode():
    for s in kinesis.list_streams()['StreamSummaries']:
        if s['StreamName'] == name:
            return s['StreamModeDetails']['StreamMode']
    return None


out = {}
out['limits_empty'] = strip(kinesis.describe_limits())
out['settings_initial'] = strip(kinesis.describe_account_settings())
kinesis.create_stream(StreamName=name, ShardCount=2)
waiter.wait(StreamName=name, WaiterConfig=wait)
arn = kinesis.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['StreamARN']
out['warm_without_commitment'] = error(lambda: kinesis.update_stream_warm_throughput(StreamName=name, WarmThroughputMiBps=4))
kinesis.update_stream_mode(StreamARN=arn, StreamModeDetails={'StreamMode': 'ON_DEMAND'})
out['after_switch'] = summary()
out['listed_after_switch'] = listed_mode()
waiter.wait(StreamName=name, WaiterConfig=wait)
out['limits_on_demand'] = strip(kinesis.describe_limits())

enabled = kinesis.update_account_settings(MinimumThroughputBillingCommitment={'Status': 'ENABLED'})
out['enabled'] = enabled['MinimumThroughputBillingCommitment']
described = kinesis.describe_account_settings()['MinimumThroughputBillingCommitment']
out['described_enabled'] = described
out['enabled_days'] = (described['EarliestAllowedEndAt'] - described['StartedAt']).total_seconds() / 86400
warm = kinesis.update_stream_warm_throughput(StreamARN=arn, WarmThroughputMiBps=6)
out['warm'] = {'StreamName': warm['StreamName'], 'StreamARN': warm['StreamARN'], 'WarmThroughput': warm['WarmThroughput']}
out['after_warm'] = summary()
waiter.wait(StreamName=name, WaiterConfig=wait)
out['limits_warm'] = strip(kinesis.describe_limits())
disabled = kinesis.update_account_settings(MinimumThroughputBillingCommitment={'Status': 'DISABLED'})['MinimumThroughputBillingCommitment']
out['disabled_status'] = disabled['Status']
out['disabled_ends_at_earliest'] = disabled['EndedAt'] == disabled['EarliestAllowedEndAt']

kinesis.update_stream_mode(StreamARN=arn, StreamModeDetails={'StreamMode': 'PROVISIONED'})
waiter.wait(StreamName=name, WaiterConfig=wait)
out['after_back'] = summary()
out['listed_after_back'] = listed_mode()
out['third_switch'] = error(lambda: kinesis.update_stream_mode(StreamARN=arn, StreamModeDetails={'StreamMode': 'ON_DEMAND'}))
out['bad_mode'] = error(lambda: kinesis.update_stream_mode(StreamARN=arn, StreamModeDetails={'StreamMode': 'AUTO'}))
print(json.dumps(out, default=str))
