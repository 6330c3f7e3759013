// Stream and shard objects stored before the stream-settings schema steps (issue 11, group A) take them on restart:
// an older stream reads as unencrypted, with no metrics and USER_PARTITION_KEY, and can be changed; an older shard's
// records read back without EncryptionType while new ones written encrypted carry it.
import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shardMigrations, streamMigrations } from '../../src/objects/migrations';
import { T0, bindings, freshStart, restoreClock } from '../helpers/kinesis';

beforeEach(freshStart);
afterEach(() => restoreClock());

// Where this branch's steps begin (found by content: other branches append steps of their own around them).
const STREAM_STEPS_BEFORE = streamMigrations.findIndex((s) => s.includes('shard_metrics'));
const SHARD_STEPS_BEFORE = shardMigrations.findIndex((s) => s.includes('ADD COLUMN kms'));
const streamStub = (name: string) => bindings.STREAM.getByName(`000000000000:us-east-1:stream:${name}`);
const shardStub = (name: string, index: number) => bindings.SHARD.getByName(`000000000000:us-east-1:shard:${name}:${T0}:${index}`);

function applySteps(sql: SqlStorage, steps: readonly string[]): void {
  sql.exec('CREATE TABLE _migrations (version INTEGER PRIMARY KEY)');
  for (const [v, step] of steps.entries()) {
    sql.exec(step);
    sql.exec('INSERT INTO _migrations (version) VALUES (?)', v + 1);
  }
}

describe('objects stored before the stream-settings steps', () => {
  it("this branch's steps come after the shipped ones", () => {
    expect(streamMigrations.slice(0, STREAM_STEPS_BEFORE).join('\n')).toContain('CREATE TABLE consumers');
    expect(streamMigrations.slice(STREAM_STEPS_BEFORE).join('\n')).toContain('encryption_changes');
    expect(shardMigrations.slice(0, SHARD_STEPS_BEFORE).join('\n')).toContain('ADD COLUMN children');
  });

  it('an older stream reads with the defaults and takes the new settings', async () => {
    await runInDurableObject(streamStub('old'), (_i, state) => {
      applySteps(state.storage.sql, streamMigrations.slice(0, STREAM_STEPS_BEFORE));
      state.storage.sql.exec(`INSERT INTO stream (id, account, region, name, created_at, active_at, retention_hours, mode, encryption_type, max_record_kib)
                VALUES (1, '000000000000', 'us-east-1', 'old', ?, ?, 24, 'ON_DEMAND', 'NONE', 1024)`, T0, T0);
      state.storage.sql.exec(`INSERT INTO shards (idx, start_hash, end_hash, created_at) VALUES (0, '0', '1', ?)`, T0);
    });
    await abortAllDurableObjects();
    const restarted = streamStub('old');
    expect(await restarted.state()).toMatchObject({ encryptionType: 'NONE', keyId: null, shardLevelMetrics: [], recordDistribution: 'USER_PARTITION_KEY' });
    expect((await restarted.setShardMetrics('enable', ['ALL'])).ok).toBe(true);
    expect((await restarted.setRecordDistribution('AUTO')).ok).toBe(true);
    expect((await restarted.setEncryption('start', 'alias/aws/kinesis', 500)).ok).toBe(true);
    expect(await restarted.state()).toMatchObject({ encryptionType: 'KMS', keyId: 'alias/aws/kinesis', recordDistribution: 'AUTO' });
  });

  it("an older shard's records read without EncryptionType; encrypted ones written after carry it", async () => {
    const ref = { account: '000000000000', region: 'us-east-1', streamName: 'old', streamCreatedAt: T0, shardIndex: 0, shardCreatedAt: T0 };
    await runInDurableObject(shardStub('old', 0), (_i, state) => {
      applySteps(state.storage.sql, shardMigrations.slice(0, SHARD_STEPS_BEFORE));
      state.storage.sql.exec(`INSERT INTO meta (id, stream_name, shard_index, shard_created_at, retention_hours, last_counter, last_arrival)
                VALUES (1, 'old', 0, ?, 24, 1, ?)`, T0, T0);
      state.storage.sql.exec(`INSERT INTO records (counter, seq, arrival, partition_key, data) VALUES (1, '1', ?, 'k', ?)`, T0, new Uint8Array([1]));
    });
    await abortAllDurableObjects();
    const shard = shardStub('old', 0);
    expect((await shard.put(ref, [{ partitionKey: 'k', data: new Uint8Array([2]) }], true)).ok).toBe(true);
    const page = await shard.getRecords(ref, 0, 10);
    expect(page.ok && page.value.records.map((r) => [new Uint8Array(r.data)[0], r.kms])).toEqual([
      [1, undefined],
      [2, true],
    ]);
  });
});
