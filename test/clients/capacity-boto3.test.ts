// Capacity and limits with boto3 (test/clients/python/capacity.py) against a started server: DescribeLimits,
// Describe/UpdateAccountSettings, UpdateStreamMode both ways and UpdateStreamWarmThroughput, their effects read back
// through DescribeStreamSummary, ListStreams and DescribeLimits
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html and the pages beside it).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import path from 'node:path';
import { probeTool, root, run, startServer, type Server } from './server';
import { uniqueName } from './sdk';

let server: Server;
let missing: string | undefined;

beforeAll(async () => {
  missing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
  if (!missing) server = await startServer({ ignoreExternal: true, createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 300, args: ['--in-memory'] });
});
afterAll(async () => {
  await server?.stop();
});

describe('boto3', () => {
  test('limits, account settings, stream mode and warm throughput, each read back where AWS shows it', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('boto3-capacity');
    const account = '123412341234';
    const r = await run('python3', [path.join(root, 'test', 'clients', 'python', 'capacity.py'), server.url, name, account], { timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`capacity.py exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    expect(out.limits_empty).toEqual({ ShardLimit: 10000, OpenShardCount: 0, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });
    expect(out.settings_initial).toEqual({ MinimumThroughputBillingCommitment: { Status: 'DISABLED' } });
    expect(out.warm_without_commitment).toEqual({
      code: 'InvalidArgumentException',
      message: `Warm throughput requires MinimumThroughputBillingCommitment to be enabled for account ${account}.`,
    });
    expect(out.after_switch).toEqual({ status: 'UPDATING', mode: 'ON_DEMAND', open: 2, warm: { CurrentMiBps: 2 } });
    expect(out.listed_after_switch).toBe('ON_DEMAND');
    expect(out.limits_on_demand).toEqual({ ShardLimit: 10000, OpenShardCount: 2, OnDemandStreamCount: 1, OnDemandStreamCountLimit: 50 });
    expect(out.enabled.Status).toBe('ENABLED');
    expect(out.described_enabled).toEqual(out.enabled);
    expect(out.enabled_days).toBe(1);
    expect(out.warm).toEqual({ StreamName: name, StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/${name}`, WarmThroughput: { TargetMiBps: 6, CurrentMiBps: 2 } });
    expect(out.after_warm).toEqual({ status: 'UPDATING', mode: 'ON_DEMAND', open: 6, warm: { TargetMiBps: 6, CurrentMiBps: 6 } });
    expect(out.limits_warm.OpenShardCount).toBe(6);
    expect(out.disabled_status).toBe('ENABLED_UNTIL_EARLIEST_ALLOWED_END');
    expect(out.disabled_ends_at_earliest).toBe(true);
    expect(out.after_back).toEqual({ status: 'ACTIVE', mode: 'PROVISIONED', open: 6, warm: null });
    expect(out.listed_after_back).toBe('PROVISIONED');
    expect(out.third_switch).toEqual({
      code: 'LimitExceededException',
      message: `Stream ${name} under account ${account} has already switched its capacity mode 2 times within the last 24 hours.`,
    });
    expect(out.bad_mode.code).toBe('ValidationException');
  });
});
