// A tenant's quotas through the SDK v3 against a server in verify mode, the tenant created with the admin API: the
// stream quota refuses a second stream, the stored-bytes quota refuses puts once the account stores it, and the usage
// report counts exactly the bytes (data and keys) of the records the SDK had acknowledged.
import { CreateStreamCommand, KinesisClient, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type Server } from './server';
import { poll, uniqueName, waitForActive } from './sdk';

const ADMIN_TOKEN = 'quota-test-admin-token';
let server: Server;
let tenant: { accessKeyId: string; secretAccessKey: string; account: string };
let client: KinesisClient;
let only: string;

const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}/admin${path}`, { method, headers: { Authorization: `Bearer ${ADMIN_TOKEN}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  server = await startServer({ createStreamMs: 0, ignoreExternal: true, args: ['--auth', 'verify', '--admin-token', ADMIN_TOKEN] });
  const created = await admin('POST', '/tenants', { quotas: { streams: 1, storedBytes: 3000 } });
  expect(created.status).toBe(201);
  tenant = created.body;
  client = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: tenant, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

async function refusal(p: Promise<unknown>): Promise<{ name: string; message: string } | undefined> {
  try {
    await p;
    return undefined;
  } catch (err: any) {
    return { name: err.name, message: err.message };
  }
}

describe('tenant quotas', () => {
  test('a second stream past the stream quota is refused', async () => {
    only = uniqueName('only');
    await client.send(new CreateStreamCommand({ StreamName: only, ShardCount: 1 }));
    await waitForActive(client, { StreamName: only });
    expect(await refusal(client.send(new CreateStreamCommand({ StreamName: uniqueName('second'), ShardCount: 1 })))).toEqual({
      name: 'LimitExceededException',
      message: `This request would exceed the stream limit for the account ${tenant.account} in us-east-1. Current stream count for the account: 1. Limit: 1.`,
    });
  });

  test('puts are refused once the account stores its stored-bytes quota; usage counts what was acknowledged', async () => {
    const name = only; // the stream quota is 1: the first test's stream
    let acknowledged = 0;
    const big = new Uint8Array(2500).fill(7);
    await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'key-0', Data: big }));
    acknowledged += 2500 + 5;
    // Small puts until one is refused: the account's total follows the shard within about a second, and an isolate
    // trusts it for another second, so a few more are taken first.
    const refused = await poll('a put refused by the stored-bytes quota', async () => {
      const r = await refusal(client.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: 'k', Data: new TextEncoder().encode('0123456789') }] })));
      if (r) return r;
      acknowledged += 10 + 1;
      return undefined;
    }, 10_000, 50);
    expect(refused.name).toBe('LimitExceededException');
    const stored = Number(/Stored bytes: (\d+)\. Limit: 3000\.$/.exec(refused.message)?.[1]);
    expect(refused.message).toBe(`This request would exceed the stored bytes quota for the account ${tenant.account} in us-east-1. Stored bytes: ${stored}. Limit: 3000.`);
    expect(stored).toBeGreaterThanOrEqual(3000);
    expect(stored).toBeLessThanOrEqual(acknowledged);
    // The usage report settles on exactly the bytes of every acknowledged record.
    await poll('usage to count every acknowledged byte', async () => {
      const usage = await admin('GET', `/tenants/${tenant.accessKeyId}/usage`);
      return usage.body.storedBytes === acknowledged && usage.body.regions['us-east-1'].storedBytes === acknowledged ? true : undefined;
    });
  });
});
