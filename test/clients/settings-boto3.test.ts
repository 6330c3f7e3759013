// Stream settings through boto3 against a really started server: Start/StopStreamEncryption, Enable/Disable-
// EnhancedMonitoring and UpdateMaxRecordSize, each read back through the descriptions and the records.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import path from 'node:path';
import { probeTool, root, run, startServer, type Server } from './server';
import { uniqueName } from './sdk';

let server: Server;
let missing: string | undefined;

beforeAll(async () => {
  missing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
  if (!missing) server = await startServer({ updateStreamMs: 300 });
});
afterAll(async () => {
  await server?.stop();
});

describe('boto3', () => {
  test('encryption, enhanced monitoring and max record size change the stream and show where AWS shows them', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('settings');
    const r = await run('python3', [path.join(root, 'test', 'clients', 'python', 'settings.py'), server.url, name], { timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`settings.py exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    const out = JSON.parse(r.stdout);

    expect(out.initial).toMatchObject({ EncryptionType: 'NONE', EnhancedMonitoring: [{ ShardLevelMetrics: [] }], MaxRecordSizeInKiB: 1024 });
    expect(out.initial).not.toHaveProperty('KeyId');
    expect(out.plainPut).not.toHaveProperty('EncryptionType');
    expect(out.badKey).toEqual({ code: 'KMSNotFoundException', message: 'Invalid keyId no-such-key' });
    expect(out.encrypting).toMatchObject({ StreamStatus: 'UPDATING', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    expect(out.encrypted).toMatchObject({ StreamStatus: 'ACTIVE', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    expect(out.secretPut.EncryptionType).toBe('KMS');
    expect(out.secretPuts).toMatchObject({ FailedRecordCount: 0, EncryptionType: 'KMS' });
    expect(out.stopped).toMatchObject({ StreamStatus: 'ACTIVE', EncryptionType: 'NONE' });
    expect(out.stopped).not.toHaveProperty('KeyId');
    expect(out.plainAgain).not.toHaveProperty('EncryptionType');
    expect(out.records).toEqual([
      { data: 'plain', encryption: null },
      { data: 'secret', encryption: 'KMS' },
      { data: 'secret-2', encryption: 'KMS' },
      { data: 'plain-again', encryption: null },
    ]);

    expect(out.enabled).toEqual({
      StreamName: name, StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`,
      CurrentShardLevelMetrics: [], DesiredShardLevelMetrics: ['IncomingBytes', 'IteratorAgeMilliseconds'],
    });
    expect(out.disabled).toMatchObject({ CurrentShardLevelMetrics: ['IncomingBytes', 'IteratorAgeMilliseconds'], DesiredShardLevelMetrics: ['IteratorAgeMilliseconds'] });
    expect(out.monitoring).toEqual([{ ShardLevelMetrics: ['IteratorAgeMilliseconds'] }]);
    expect(out.badMetric.code).toBe('ValidationException');

    expect(out.bigBefore.code).toBe('ValidationException');
    expect(out.maxRecordSize).toBe(2048);
    expect(out.bigAfter).toBe('shardId-000000000000');
  });
});
