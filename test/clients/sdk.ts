// AWS SDK for JavaScript v3 helpers for client suites: a client per tenant over HTTP/1.1, polling with deadlines,
// reading a shard to its tip. Must not hide server behaviour: every helper returns what the server sent.
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ResourceNotFoundException,
  type _Record,
  type GetShardIteratorCommandInput,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { randomBytes } from 'node:crypto';

// The SDK warns once per process that releases after January 2027 need Node 22; noise in every test file.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface Tenant {
  accessKeyId?: string;
  region?: string;
}

export function kinesisClient(url: string, tenant: Tenant = {}): KinesisClient {
  return new KinesisClient({
    endpoint: url,
    region: tenant.region ?? 'us-east-1',
    credentials: { accessKeyId: tenant.accessKeyId ?? 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: new NodeHttpHandler(),
  });
}

/** A stream name no earlier run (or other suite on a shared endpoint) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Polls DescribeStreamSummary until the stream is ACTIVE. */
export async function waitForActive(client: KinesisClient, input: { StreamName?: string; StreamARN?: string }) {
  return poll(`${input.StreamName ?? input.StreamARN} to be ACTIVE`, async () => {
    const out = await client.send(new DescribeStreamSummaryCommand(input));
    return out.StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? out.StreamDescriptionSummary : undefined;
  });
}

/** Polls DescribeStreamSummary until it answers ResourceNotFoundException, and returns that error. */
export async function waitForGone(client: KinesisClient, StreamName: string): Promise<ResourceNotFoundException> {
  return poll(`${StreamName} to be deleted`, async () => {
    try {
      await client.send(new DescribeStreamSummaryCommand({ StreamName }));
      return undefined;
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return err;
      throw err;
    }
  });
}

/**
 * Reads a shard from the given iterator until it is caught up (an empty page with MillisBehindLatest 0) and
 * `enough(records)` holds; returns every record in order, with the last NextShardIterator.
 */
export async function readShard(
  client: KinesisClient,
  iteratorInput: GetShardIteratorCommandInput,
  opts: { limit?: number; enough?: (records: _Record[]) => boolean; timeoutMs?: number } = {},
): Promise<{ records: _Record[]; nextIterator: string | undefined; pages: number }> {
  let iterator = (await client.send(new GetShardIteratorCommand(iteratorInput))).ShardIterator;
  const records: _Record[] = [];
  let pages = 0;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.limit }));
    pages++;
    records.push(...(page.Records ?? []));
    iterator = page.NextShardIterator;
    const caughtUp = (page.Records ?? []).length === 0 && page.MillisBehindLatest === 0;
    if (caughtUp && (opts.enough?.(records) ?? true)) return { records, nextIterator: iterator, pages };
    if (iterator === undefined) return { records, nextIterator: undefined, pages };
    if (Date.now() > deadline) throw new Error(`shard not read to its tip within ${opts.timeoutMs ?? 30_000} ms (${records.length} records)`);
  }
}

export const text = (data: Uint8Array | undefined) => Buffer.from(data ?? []).toString('utf8');
