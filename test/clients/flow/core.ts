// The one core flow (test/clients/node/core-flow.mjs, plain Node so a child process can run it too), typed for the
// TypeScript suites, with what its report must say whatever the target and transport.
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { expect } from 'vitest';

interface ReadRecord {
  SequenceNumber: string;
  PartitionKey: string;
  data: string;
  arrival: number;
}

/** What coreFlow resolves to (see core-flow.mjs); a child process adds `http2`, its transport counts. */
export interface FlowReport {
  name: string;
  handler: string;
  statuses: string[];
  listed: string[];
  describe: { created: number } & Record<string, unknown>;
  listShards: { ids: string[]; NextToken?: string };
  putRecord: { ShardId: string; SequenceNumber: string };
  putRecords: { FailedRecordCount: number; records: Array<{ ShardId: string; SequenceNumber: string; ErrorCode?: string }> };
  read: Record<string, ReadRecord[]>;
  calls: number;
  http2?: unknown;
  [step: string]: unknown;
}

interface FlowModule {
  coreFlow(client: KinesisClient, name: string): Promise<FlowReport>;
  payloads(): { single: Buffer; batch: Array<{ Data: Buffer; PartitionKey: string; ExplicitHashKey: string }> };
  HASH_MAX: string;
}
// A non-literal specifier keeps tsc from looking for declarations of the .mjs.
const flowUrl = new URL('../node/core-flow.mjs', import.meta.url).href;
export const { coreFlow, payloads, HASH_MAX } = (await import(flowUrl)) as FlowModule;

const ACCOUNT = '000000000000';
const S0 = 'shardId-000000000000';
const S1 = 'shardId-000000000001';

/**
 * The whole report, exactly: a 2-shard stream split at 2^127, each payload read back byte for byte on the shard its
 * ExplicitHashKey names, in the order the puts were acknowledged, tags and retention as changed, then not found.
 */
export function expectFlowReport(report: FlowReport, name: string, handler: string): void {
  const { http2: _transport, ...r } = report;
  expect(r.statuses.at(-1)).toBe('ACTIVE');
  expect(r.statuses.filter((s) => s !== 'CREATING' && s !== 'ACTIVE')).toEqual([]);
  const seq = expect.stringMatching(/^[1-9]\d*$/);
  const half = String((1n << 128n) / 2n);
  const { single, batch } = payloads();
  const [b0, b1, b2] = r.putRecords.records.map((x) => x.SequenceNumber);
  const read = (SequenceNumber: string, PartitionKey: string, data: Buffer) => ({ SequenceNumber, PartitionKey, data: data.toString('hex'), arrival: expect.any(Number) });
  expect(r).toEqual({
    name,
    handler,
    statuses: r.statuses,
    listed: expect.arrayContaining([name]),
    describe: {
      StreamName: name,
      StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`,
      StreamStatus: 'ACTIVE',
      RetentionPeriodHours: 24,
      HasMoreShards: false,
      created: expect.any(Number),
      shards: [
        { ShardId: S0, HashKeyRange: { StartingHashKey: '0', EndingHashKey: String(BigInt(half) - 1n) }, StartingSequenceNumber: seq },
        { ShardId: S1, HashKeyRange: { StartingHashKey: half, EndingHashKey: HASH_MAX }, StartingSequenceNumber: seq },
      ],
    },
    listShards: { ids: [S0, S1] },
    putRecord: { ShardId: S0, SequenceNumber: seq },
    putRecords: { FailedRecordCount: 0, records: [S0, S1, S1].map((ShardId) => ({ ShardId, SequenceNumber: seq })) },
    read: {
      [S0]: [read(r.putRecord.SequenceNumber, 'single', single), read(b0, 'batch-0', batch[0].Data)],
      [S1]: [read(b1, 'batch-1', Buffer.from([0x00])), read(b2, 'batch-2', batch[2].Data)],
    },
    tagsAdded: [
      { Key: 'stage', Value: 'test' },
      { Key: 'team', Value: 'data' },
    ],
    tagsLeft: [{ Key: 'team', Value: 'data' }],
    retention: [48, 24],
    afterDelete: { name: 'ResourceNotFoundException', message: `Stream ${name} under account ${ACCOUNT} not found.`, status: 400 },
    calls: expect.any(Number),
  });
  for (const at of [r.describe.created, ...Object.values(r.read).flat().map((x) => x.arrival)]) expect(Math.abs(at - Date.now())).toBeLessThan(120_000);
}
