// SubscribeToShard with boto3, which reads the event stream over HTTP/1.1 and requires the initial-response event
// first: records put after subscribing arrive, a PutRecords batch in one event, and a second subscription within 5 s
// is refused (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import path from 'node:path';
import { probeTool, root, run, startServer, type Server } from './server';
import { uniqueName } from './sdk';

let server: Server;
let missing: string | undefined;

beforeAll(async () => {
  missing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
  if (!missing) server = await startServer({ createStreamMs: 0, deleteStreamMs: 0 });
});
afterAll(async () => {
  await server?.stop();
});

describe('boto3', () => {
  test('subscribes, gets a record and a 50-record PutRecords batch pushed as events, and is refused a second subscription', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('boto3-sub');
    const r = await run('python3', [path.join(root, 'test', 'clients', 'python', 'subscribe.py'), server.url, name, '50'], { timeoutMs: 45_000 });
    if (r.code !== 0) throw new Error(`subscribe.py exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    expect(out.contentType).toBe('application/vnd.amazon.eventstream');
    expect(out.first).toEqual({ ContinuationSequenceNumber: expect.stringMatching(/^\d{56}$/), MillisBehindLatest: 0, Records: [] });
    const data = out.events.flatMap((e: any) => e.Records.map((x: any) => Buffer.from(x.Data, 'base64').toString('utf8')));
    expect(data).toEqual(['one', ...Array.from({ length: 50 }, (_, i) => `r${i}`)]);
    const seqs = out.events.flatMap((e: any) => e.Records.map((x: any) => x.SequenceNumber));
    expect(seqs).toEqual([out.one, ...out.batch]);
    // The batch is one event of its own (it may share one with the single record put just before it, never split).
    const batchEvent = out.events.find((e: any) => e.Records.some((x: any) => x.SequenceNumber === out.batch[0]));
    expect(batchEvent.Records.map((x: any) => x.SequenceNumber).slice(-50)).toEqual(out.batch);
    expect(batchEvent.Records[0].ApproximateArrivalTimestamp * 1000).toBeGreaterThan(Date.now() - 60_000);
    expect(out.second).toEqual({ code: 'ResourceInUseException', message: expect.stringMatching(/^Another active subscription exists for this consumer/) });
  });
});
