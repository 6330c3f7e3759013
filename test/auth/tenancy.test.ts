// Tenancy: a 12-digit access key is its account, anything else the default account; the credential scope's region
// is the region. Tenants never see each other's streams, and ARNs carry account and region (aws-behaviour §4.3).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, JSON_11, createActiveStream, expectError, freshStart, kinesis, ok, putRecord, restoreClock, send, shardIterator } from '../helpers/kinesis';

const A = { accessKey: '111111111111' };
const B = { accessKey: '222222222222' };
const WEST = { accessKey: '111111111111', region: 'us-west-2' };

beforeEach(freshStart);
afterEach(() => restoreClock());

describe('accounts', () => {
  it('keeps the same stream name in two accounts apart', async () => {
    await createActiveStream('shared', 1, A);
    await createActiveStream('shared', 3, B);
    const a = ok(await kinesis('DescribeStream', { StreamName: 'shared' }, A)).StreamDescription;
    const b = ok(await kinesis('DescribeStream', { StreamName: 'shared' }, B)).StreamDescription;
    expect(a.Shards).toHaveLength(1);
    expect(b.Shards).toHaveLength(3);
    expect(a.StreamARN).toBe('arn:aws:kinesis:us-east-1:111111111111:stream/shared');
    expect(b.StreamARN).toBe('arn:aws:kinesis:us-east-1:222222222222:stream/shared');
  });

  it("does not show one account's stream to another, naming the caller's account", async () => {
    await createActiveStream('only-a', 1, A);
    expectError(await kinesis('DescribeStream', { StreamName: 'only-a' }, B), 'ResourceNotFoundException', 'Stream only-a under account 222222222222 not found.');
    expect(ok(await kinesis('ListStreams', {}, B)).StreamNames).not.toContain('only-a');
  });

  // Only a resource policy lets another account in (test/operations/resource-policy.test.ts); without one, IAM's refusal.
  it("does not reach another account's stream through its ARN", async () => {
    await createActiveStream('arn-a', 1, A);
    const arn = 'arn:aws:kinesis:us-east-1:111111111111:stream/arn-a';
    expect(ok(await kinesis('DescribeStreamSummary', { StreamARN: arn }, A)).StreamDescriptionSummary.StreamName).toBe('arn-a');
    expectError(
      await kinesis('DescribeStreamSummary', { StreamARN: arn }, B),
      'AccessDeniedException',
      `User: arn:aws:iam::222222222222:root is not authorized to perform: kinesis:DescribeStreamSummary on resource: ${arn} because no resource-based policy allows the kinesis:DescribeStreamSummary action`,
    );
  });

  it('uses the default account for an access key that is not 12 digits', async () => {
    for (const accessKey of ['AKIAIOSFODNN7EXAMPLE', '12345678901', '1234567890123', 'abcdefghijkl']) {
      const name = `key-${accessKey}`;
      await createActiveStream(name, 1, { accessKey });
      expect(ok(await kinesis('DescribeStreamSummary', { StreamName: name }, { accessKey })).StreamDescriptionSummary.StreamARN).toBe(
        `arn:aws:kinesis:us-east-1:${DEFAULT_ACCOUNT}:stream/${name}`,
      );
    }
  });

  it("refuses another account's shard iterator as access to that account's stream", async () => {
    await createActiveStream('iter', 1, A);
    await createActiveStream('iter', 1, B);
    await putRecord('iter', 'k', 'secret', A);
    const iterator = await shardIterator('iter', 'shardId-000000000000', 'TRIM_HORIZON', {}, A);
    expectError(
      await kinesis('GetRecords', { ShardIterator: iterator }, B),
      'AccessDeniedException',
      'User: arn:aws:iam::222222222222:root is not authorized to perform: kinesis:GetRecords on resource: arn:aws:kinesis:us-east-1:111111111111:stream/iter because no resource-based policy allows the kinesis:GetRecords action',
    );
    expect(ok(await kinesis('GetRecords', { ShardIterator: iterator }, A)).Records).toHaveLength(1);
  });
});

describe('regions', () => {
  it('keeps the same stream name in two regions of one account apart', async () => {
    await createActiveStream('regional', 2, A);
    await createActiveStream('regional', 4, WEST);
    const east = ok(await kinesis('DescribeStreamSummary', { StreamName: 'regional' }, A)).StreamDescriptionSummary;
    const west = ok(await kinesis('DescribeStreamSummary', { StreamName: 'regional' }, WEST)).StreamDescriptionSummary;
    expect([east.OpenShardCount, west.OpenShardCount]).toEqual([2, 4]);
    expect(east.StreamARN).toBe('arn:aws:kinesis:us-east-1:111111111111:stream/regional');
    expect(west.StreamARN).toBe('arn:aws:kinesis:us-west-2:111111111111:stream/regional');
  });

  it('lists only the streams of the region asked', async () => {
    await createActiveStream('west-only', 1, { accessKey: '333333333333', region: 'eu-central-1' });
    expect(ok(await kinesis('ListStreams', {}, { accessKey: '333333333333', region: 'eu-central-1' })).StreamNames).toEqual(['west-only']);
    expect(ok(await kinesis('ListStreams', {}, { accessKey: '333333333333', region: 'us-east-1' })).StreamNames).toEqual([]);
  });

  it("does not reach a stream through an ARN naming another region", async () => {
    await createActiveStream('region-arn', 1, A);
    expectError(
      await kinesis('DescribeStreamSummary', { StreamARN: 'arn:aws:kinesis:us-west-2:111111111111:stream/region-arn' }, A),
      'ResourceNotFoundException',
      'Stream region-arn under account 111111111111 not found.',
    );
  });

  it('uses the partition of the region in ARNs', async () => {
    const cn = { accessKey: '444444444444', region: 'cn-north-1' };
    await createActiveStream('china', 1, cn);
    expect(ok(await kinesis('DescribeStreamSummary', { StreamName: 'china' }, cn)).StreamDescriptionSummary.StreamARN).toBe(
      'arn:aws-cn:kinesis:cn-north-1:444444444444:stream/china',
    );
  });

  it('shard limits count per account and region', async () => {
    const east = { accessKey: '555555555555' };
    const west = { accessKey: '555555555555', region: 'us-west-2' };
    await createActiveStream('big', 50, east);
    await createActiveStream('big', 50, west);
    expect((await kinesis('CreateStream', { StreamName: 'one-more', ShardCount: 1 }, east)).body.__type).toBe('LimitExceededException');
  });
});

// Issue 7 item 4: a 256-character region was accepted, and reads of its streams then failed with a 500 (the shard
// iterator could not hold it). A region that is not a region name is refused up front, as AWS refuses it.
describe('region names in the credential scope', () => {
  const badRegion = (region: string) => `Credential should be scoped to a valid region, not '${region}'. `;

  it('accepts every shape of real region', async () => {
    for (const region of ['us-gov-west-1', 'cn-north-1', 'eu-central-2', 'ap-southeast-5', 'us-isob-east-1', 'eu-isoe-west-1', 'eusc-de-east-1', 'me-central-1']) {
      const t = { accessKey: '666666666666', region };
      expect((await kinesis('CreateStream', { StreamName: 'real', ShardCount: 1 }, t)).status).toBe(200);
      expect(ok(await kinesis('ListStreams', {}, t)).StreamNames).toEqual(['real']);
    }
  });

  it('refuses a region that is no region name with InvalidSignatureException, and creates nothing', async () => {
    const long = 'a'.repeat(256);
    for (const region of [long, `us-east-${'1'.repeat(200)}`, 'xx', 'local', 'US-EAST-1', 'us_east_1', 'us-east-1-', 'us-east-123']) {
      const t = { accessKey: '777777777777', region };
      expectError(await kinesis('CreateStream', { StreamName: 'bad-region', ShardCount: 1 }, t), 'InvalidSignatureException', badRegion(region));
    }
    expect(ok(await kinesis('ListStreams', {}, { accessKey: '777777777777' })).StreamNames).toEqual([]);
  });

  it('refuses it in a presigned X-Amz-Credential too', async () => {
    const region = 'b'.repeat(181);
    const credential = encodeURIComponent(`123456789012/20260101/${region}/kinesis/aws4_request`);
    const path = `/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Signature=abc&X-Amz-SignedHeaders=host&X-Amz-Date=20260101T000000Z`;
    const reply = await send({ path, headers: { 'X-Amz-Target': 'Kinesis_20131202.ListStreams', 'Content-Type': JSON_11 }, body: '{}' });
    expectError(reply, 'InvalidSignatureException', badRegion(region));
  });

  it('reads records through an iterator with the longest accepted region and stream name', async () => {
    // 4 + 3 x (1 + 12) + 3 = 46 characters, the longest region name accepted, and a 128-character stream name.
    const region = `abcd-${'e'.repeat(12)}-${'f'.repeat(12)}-${'g'.repeat(12)}-99`;
    expect(region).toHaveLength(46);
    const t = { accessKey: '888888888888', region };
    const name = 'n'.repeat(128);
    await createActiveStream(name, 1, t);
    const put = await putRecord(name, 'key', 'longest', t);
    const iterator = await shardIterator(name, put.ShardId, 'TRIM_HORIZON', {}, t);
    expect(iterator.length).toBeLessThanOrEqual(512);
    const got = ok(await kinesis('GetRecords', { ShardIterator: iterator }, t));
    expect(got.Records.map((r: { SequenceNumber: string; Data: string }) => [r.SequenceNumber, Buffer.from(r.Data, 'base64').toString()])).toEqual([
      [put.SequenceNumber, 'longest'],
    ]);
    const next = ok(await kinesis('GetRecords', { ShardIterator: got.NextShardIterator }, t));
    expect(next.Records).toEqual([]);
    // One character more in any part is no region name.
    expectError(await kinesis('ListStreams', {}, { ...t, region: region.replace('eeee', 'eeeee') }), 'InvalidSignatureException', badRegion(region.replace('eeee', 'eeeee')));
  });
});
