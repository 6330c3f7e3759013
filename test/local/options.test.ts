// The `kinesis-edge` options beyond the basics (local/options.mjs): --streams made at start and kept across a
// restart, --in-memory leaving nothing on disk, the environment variables, a bad --streams refused with a message,
// and --ssl announcing its certificate and how to trust it. Stops every server it starts, by PID.
import { afterAll, describe, expect, test } from 'vitest';
import {
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  PutRecordCommand,
  CreateStreamCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bin, run, startServer, type Server, type StartOptions } from '../clients/server';
import { kinesisClient, poll, waitForActive } from '../clients/sdk';

const servers: Server[] = [];
const clients: KinesisClient[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of servers) await s.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'kinesis-edge-options-'));
  dirs.push(d);
  return d;
}

async function start(opts: StartOptions): Promise<{ server: Server; kinesis: KinesisClient }> {
  const server = await startServer({ ignoreExternal: true, ...opts });
  servers.push(server);
  const kinesis = kinesisClient(server.url.replace('//localhost:', '//127.0.0.1:'));
  clients.push(kinesis);
  return { server, kinesis };
}

/** Every file and directory under `dir`, relative. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(prefix, e.name);
    return e.isDirectory() ? [rel, ...walk(path.join(dir, e.name), rel)] : [rel];
  });
}

/** A port nobody listens on right now (the kernel's pick for port 0, released again). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * `start` on a port chosen here and named to the server (where the test is that a named port is honoured, so port 0
 * will not do). Another process may take the port between the choice and the server binding it; the server then
 * exits saying the port is in use, and the start is tried again on a fresh port, a bounded number of times.
 */
async function startOnFreePort(opts: (port: number) => StartOptions, attempts = 5): Promise<{ server: Server; kinesis: KinesisClient; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { ...(await start(opts(port))), port };
    } catch (err) {
      if (attempt >= attempts || !/is already in use/.test((err as Error).message)) throw err;
    }
  }
}

const statuses = async (kinesis: KinesisClient) => {
  const out = await kinesis.send(new ListStreamsCommand({}));
  return Object.fromEntries(out.StreamSummaries!.map((s) => [s.StreamName, s.StreamStatus]));
};

describe('--streams', () => {
  test('--streams a:1,b:3 creates both at start (flag over KINESIS_EDGE_STREAMS): listed ACTIVE or CREATING, b with 3 shards', async () => {
    // The default CREATING delay (500 ms) stays, so the streams may still be CREATING when first listed.
    const { kinesis } = await start({ dataDir: await tempDir(), args: ['--streams', 'a:1,b:3'], env: { KINESIS_EDGE_STREAMS: 'ignored:2' } });
    const listed = await statuses(kinesis);
    expect(Object.keys(listed)).toEqual(['a', 'b']);
    for (const status of Object.values(listed)) expect(['CREATING', 'ACTIVE']).toContain(status);

    const b = await waitForActive(kinesis, { StreamName: 'b' });
    expect(b.OpenShardCount).toBe(3);
    const { StreamDescription: d } = await kinesis.send(new DescribeStreamCommand({ StreamName: 'b' }));
    expect(d!.Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
    expect((await waitForActive(kinesis, { StreamName: 'a' })).OpenShardCount).toBe(1);
  });

  test('a restart with the same --streams on the same --path starts, and keeps the streams and their records as they were', async () => {
    const dataDir = await tempDir();
    const args = ['--streams', 'a:1,b:3'];
    const first = await start({ dataDir, args, createStreamMs: 0 });
    await waitForActive(first.kinesis, { StreamName: 'a' });
    const created = (await first.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'b' }))).StreamDescriptionSummary!.StreamCreationTimestamp;
    const put = await first.kinesis.send(new PutRecordCommand({ StreamName: 'a', PartitionKey: 'k', Data: Buffer.from([0, 1, 2, 255]) }));
    expect(await first.server.stop()).toEqual({ code: 0, signal: null });

    const second = await start({ dataDir, args, createStreamMs: 0 });
    expect(second.server.output().stderr).toBe('');
    expect(await statuses(second.kinesis)).toEqual({ a: 'ACTIVE', b: 'ACTIVE' });
    const b = (await second.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'b' }))).StreamDescriptionSummary!;
    expect(b.OpenShardCount).toBe(3);
    expect(b.StreamCreationTimestamp).toEqual(created);
    const iterator = await second.kinesis.send(new GetShardIteratorCommand({ StreamName: 'a', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    const got = await second.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }));
    expect(got.Records!.map((r) => [r.SequenceNumber, Buffer.from(r.Data!).toString('hex')])).toEqual([[put.SequenceNumber, '000102ff']]);
  });

  test('a bad --streams (or KINESIS_EDGE_STREAMS) exits non-zero with a message naming the bad part, starting nothing', async () => {
    const dataDir = await tempDir();
    const cases: Array<[string[], NodeJS.ProcessEnv, string]> = [
      [['--streams', 'x'], {}, 'x'],
      [['--streams', 'a:0'], {}, 'a:0'],
      [['--streams', 'a:1,b'], {}, 'b'],
      [['--streams', 'bad name:1'], {}, 'bad name:1'],
      [[], { KINESIS_EDGE_STREAMS: 'x' }, 'x'],
      // The flag wins over the environment, also when it is the bad one.
      [['--streams', 'y'], { KINESIS_EDGE_STREAMS: 'ok:1' }, 'y'],
    ];
    const results = await Promise.all(
      cases.map(([args, env]) => run(process.execPath, [bin, '--port', '0', '--host', '127.0.0.1', '--path', dataDir, ...args], { env: { ...process.env, ...env }, timeoutMs: 30_000 })),
    );
    results.forEach((r, i) => {
      const bad = cases[i][2];
      expect(r.code, `${cases[i][0].join(' ')} ${JSON.stringify(cases[i][1])}`).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^kinesis-edge: --streams wants name:shards\\[,name:shards\\], got '${bad}'\\n`));
      expect(r.stderr).toContain('Usage: kinesis-edge');
      expect(r.stdout).toBe('');
    });
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('--in-memory', () => {
  test('keeps no durable-objects directory under --path, and its state (but not --streams) is gone after a restart', async () => {
    const dataDir = await tempDir();
    const opts = { dataDir, createStreamMs: 0, args: ['--in-memory', '--streams', 'seed:2'] };
    const first = await start(opts);
    expect(first.server.output().stdout).toContain('(in memory)');
    await first.kinesis.send(new CreateStreamCommand({ StreamName: 'scratch', ShardCount: 1 }));
    await waitForActive(first.kinesis, { StreamName: 'scratch' });
    await first.kinesis.send(new PutRecordCommand({ StreamName: 'scratch', PartitionKey: 'k', Data: Buffer.from('gone soon') }));
    expect(Object.keys(await statuses(first.kinesis))).toEqual(['scratch', 'seed']);
    expect(walk(dataDir).filter((p) => p.split(path.sep).includes('durable-objects'))).toEqual([]);
    expect(await first.server.stop()).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dataDir, 'durable-objects'))).toBe(false);

    const second = await start(opts);
    expect(await statuses(second.kinesis)).toEqual({ seed: 'ACTIVE' });
    expect(existsSync(path.join(dataDir, 'durable-objects'))).toBe(false);
  });
});

describe('environment variables', () => {
  test('PORT, HOST, KINESIS_EDGE_STREAMS and KINESIS_EDGE_IN_MEMORY configure a server started without flags for them', async () => {
    const dataDir = await tempDir();
    const { server, kinesis, port } = await startOnFreePort((port) => ({
      dataDir,
      createStreamMs: 0,
      noAddressFlags: true,
      env: { PORT: String(port), HOST: 'localhost', KINESIS_EDGE_STREAMS: 'env-one:2,env-two:1', KINESIS_EDGE_IN_MEMORY: '1' },
    }));
    expect(server.url).toBe(`http://localhost:${port}`);
    expect(server.output().stdout).toContain(`kinesis-edge listening on http://localhost:${port} (in memory)`);
    expect(Object.keys(await statuses(kinesis))).toEqual(['env-one', 'env-two']);
    expect((await waitForActive(kinesis, { StreamName: 'env-one' })).OpenShardCount).toBe(2);
    expect(existsSync(path.join(dataDir, 'durable-objects'))).toBe(false);
  });
});

describe('--ssl', () => {
  test('prints the certificate path under <path>/tls and how to trust it, and serves https', async () => {
    const dataDir = await tempDir();
    const { server } = await start({ dataDir, createStreamMs: 0, args: ['--ssl'] });
    const cert = path.join(dataDir, 'tls', 'cert.pem');
    const lines = await poll('the trust hint', async () => {
      const out = server.output().stdout.split('\n');
      return out.length >= 3 && out[2].startsWith('  trust it') ? out.slice(0, 3) : undefined;
    });
    expect(lines).toEqual([
      `kinesis-edge listening on https://127.0.0.1:${server.port} (data in ${dataDir})`,
      `TLS certificate: ${cert}`,
      `  trust it with AWS_CA_BUNDLE=${cert} (boto3, AWS CLI) or NODE_EXTRA_CA_CERTS=${cert} (Node.js)`,
    ]);
    const ca = readFileSync(cert, 'utf8');
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    const status = await new Promise<number>((resolve, reject) => {
      https.get({ host: '127.0.0.1', port: server.port, path: '/health', ca, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      }).on('error', reject);
    });
    expect(status).toBe(200);
    expect(server.output().stderr).toBe('');
  });
});
