// `npm run dev` (local/dev.mjs): wrangler dev behind the local front. The SDK v3's default client (h2c to an http://
// endpoint, which wrangler dev alone answers with "Protocol error") and raw HTTP/1.1 both work, and the process tree
// lives and dies as one: SIGTERM, wrangler exiting, the dev script's parent dying and the dev script being killed
// outright each leave no wrangler or workerd of ours running.
import { afterAll, describe, expect, test } from 'vitest';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, waitForExit } from '../clients/server';
import { poll, uniqueName, waitForActive } from '../clients/sdk';
import { rawCall } from '../clients/raw';
import { childrenOf, commandOf, running } from './procs';

const devScript = path.join(root, 'local', 'dev.mjs');
const flowUrl = new URL('../clients/node/core-flow.mjs', import.meta.url).href;
const { watchHttp2 } = (await import(flowUrl)) as { watchHttp2(): { stats: { sessions: number; requests: number; protocols: string[] }; restore(): void } };

const persistDirs: string[] = [];
const started: Dev[] = [];
// A failed test leaves its dev script running: stop it the way users do (SIGTERM lets it stop its wrangler group;
// SIGKILL would orphan the group), then remove the persistence dirs.
afterAll(async () => {
  for (const dev of started) {
    if (!running(dev.pid)) continue;
    process.kill(dev.pid, 'SIGTERM');
    await poll('a leftover dev script to stop', async () => (running(dev.pid) ? undefined : true), 15_000, 50).catch(() => process.kill(dev.pid, 'SIGKILL'));
  }
  for (const d of persistDirs) rmSync(d, { recursive: true, force: true });
});

/** Every process below `pid`, recursively, as running now. */
function descendants(pid: number): number[] {
  return childrenOf(pid).flatMap((c) => [c, ...descendants(c)]);
}

interface Dev {
  child: ChildProcess;
  /** The dev script's pid (the child itself, or the child's child when started under a shell). */
  pid: number;
  url: string;
  output(): string;
  /** wrangler, its cli.js, esbuild and workerd, as running once the dev script is listening (not its watchdog). */
  tree: number[];
}

const READY = /kinesis-edge dev listening on (http:\/\/\S+)/;

/**
 * Starts the dev script on a free port with its own persistence dir; `underShell` runs it as a shell's child,
 * `nodeArgs` go to its node before the script (e.g. `--import` of a preload).
 */
async function startDev({ underShell = false, nodeArgs = [] }: { underShell?: boolean; nodeArgs?: string[] } = {}): Promise<Dev> {
  const persist = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-dev-'));
  persistDirs.push(persist);
  const args = [...nodeArgs, devScript, '--port', '0', '--host', '127.0.0.1', '--persist-to', persist];
  const child = underShell
    ? spawn('sh', ['-c', `"${process.execPath}" "$@"; echo unreachable`, 'sh', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const url = await poll('the dev script to print its URL', async () => READY.exec(out)?.[1] ?? (child.exitCode === null ? undefined : `exited ${child.exitCode}`), 60_000, 50);
  if (!url.startsWith('http')) throw new Error(`the dev script ${url} before listening:\n${out}`);
  const pid = underShell ? descendants(child.pid!).find((p) => commandOf(p).includes('dev.mjs'))! : child.pid!;
  const tree = descendants(pid).filter((p) => !commandOf(p).includes('watchdog'));
  const dev = { child, pid, url, output: () => out, tree };
  started.push(dev);
  return dev;
}

/** The tree as it was, checked for what the dev script must own, then polled until none of it runs. */
async function expectTreeGone(dev: Dev) {
  await poll('every wrangler and workerd process to exit', async () => (dev.tree.some(running) ? undefined : true), 10_000, 50);
  expect(dev.tree.filter(running)).toEqual([]);
}

describe('npm run dev (local/dev.mjs)', () => {
  test('the SDK v3 default client (h2c) and raw HTTP/1.1 reach the Worker; SIGTERM stops wrangler and workerd', async () => {
    const dev = await startDev();
    const names = dev.tree.map(commandOf);
    expect(names.some((n) => n.includes('wrangler'))).toBe(true);
    expect(names.some((n) => n.includes('workerd'))).toBe(true);

    const watch = watchHttp2();
    const client = new KinesisClient({ endpoint: dev.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    try {
      const name = uniqueName('dev');
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      await waitForActive(client, { StreamName: name });
      const put = await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'pk', Data: Buffer.from('through wrangler dev') }));
      expect(put.ShardId).toBe('shardId-000000000000');
      const it = await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
      const got = await client.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
      expect(got.Records!.map((r) => [r.SequenceNumber, Buffer.from(r.Data!).toString()])).toEqual([[put.SequenceNumber, 'through wrangler dev']]);
      // Every call went over HTTP/2 cleartext: the client's default handler, not an HTTP/1.1 fallback.
      expect(watch.stats.sessions).toBeGreaterThan(0);
      expect(new Set(watch.stats.protocols)).toEqual(new Set(['h2c']));
      expect(watch.stats.requests).toBeGreaterThanOrEqual(5);

      const listed = await rawCall(dev.url, 'ListStreams', '{}');
      expect(listed.status).toBe(200);
      expect(listed.json.StreamNames).toContain(name);
    } finally {
      watch.restore();
      client.destroy();
    }

    process.kill(dev.pid, 'SIGTERM');
    expect(await waitForExit(dev.child, 15_000)).toEqual({ code: 0, signal: null });
    expect(dev.output()).toContain('kinesis-edge dev stopped (SIGTERM)');
    // The script waits for its group before exiting: nothing of it may run any more, not even for a moment.
    expect(dev.tree.filter(running)).toEqual([]);
  });

  test('wrangler exiting ends the dev script non-zero with a one-line reason, and takes workerd with it', async () => {
    const dev = await startDev();
    const wrangler = childrenOf(dev.pid).find((p) => commandOf(p).includes('wrangler'))!;
    expect(commandOf(wrangler)).toContain('wrangler');
    process.kill(wrangler, 'SIGKILL');
    expect(await waitForExit(dev.child, 15_000)).toEqual({ code: 1, signal: null });
    expect(dev.output().trimEnd().split('\n').at(-1)).toBe('kinesis-edge dev: wrangler dev exited (signal SIGKILL); the front is closed');
    await expectTreeGone(dev);
  });

  test("its parent dying stops it and the whole tree", async () => {
    const dev = await startDev({ underShell: true });
    expect(dev.pid).toBeGreaterThan(0);
    dev.child.kill('SIGKILL'); // the shell, not the dev script
    await poll('the dev script to exit', async () => (running(dev.pid) ? undefined : true), 15_000, 50);
    expect(dev.output()).toContain('kinesis-edge dev stopped (parent process exited)');
    await expectTreeGone(dev);
  });

  test('another process taking the port chosen for wrangler dev before wrangler binds it does not stop dev', async () => {
    // The preload binds whatever port the dev script names on wrangler's command line before wrangler may start
    // (test/local/take-wrangler-port.mjs), the race a loaded CI machine once lost by chance.
    const dev = await startDev({ nodeArgs: ['--import', new URL('./take-wrangler-port.mjs', import.meta.url).href] });
    expect(dev.output()).toMatch(/^take-wrangler-port: /m); // the preload saw wrangler's spawn
    const listed = await rawCall(dev.url, 'ListStreams', '{}');
    expect(listed.status).toBe(200);
    const put = await rawCall(dev.url, 'CreateStream', JSON.stringify({ StreamName: uniqueName('race'), ShardCount: 1 }));
    expect(put.status).toBe(200);
    process.kill(dev.pid, 'SIGTERM');
    expect(await waitForExit(dev.child, 15_000)).toEqual({ code: 0, signal: null });
    expect(dev.tree.filter(running)).toEqual([]);
  });

  test('killed outright (SIGKILL, no handler runs), it still leaves no wrangler or workerd behind', async () => {
    const dev = await startDev();
    process.kill(dev.pid, 'SIGKILL');
    expect(await waitForExit(dev.child, 15_000)).toEqual({ code: null, signal: 'SIGKILL' });
    await expectTreeGone(dev);
  });
});
