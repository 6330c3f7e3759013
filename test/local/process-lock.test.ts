// One server per data directory: a second `kinesis-edge` on the same --path exits 1 at once naming the holder's pid,
// a lock left by a dead server (a crash, a SIGKILL, a reused pid) is taken over at once, and --in-memory takes none.
import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bin, run, startServer, type Server } from '../clients/server';

const servers: Server[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'kinesis-edge-lock-'));
  dirs.push(d);
  return d;
}
const lockFile = (dir: string) => path.join(dir, 'kinesis-edge.lock');
const lockOwner = (dir: string) => JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid as number;
const second = (dir: string, ...more: string[]) => run(process.execPath, [bin, '--port', '0', '--host', '127.0.0.1', '--path', dir, ...more], { timeoutMs: 30_000 });

async function start(dir: string, args: string[] = []): Promise<Server> {
  const server = await startServer({ ignoreExternal: true, dataDir: dir, args });
  servers.push(server);
  return server;
}

/** The pid of a process that has exited (and been reaped) by now. */
async function deadPid(): Promise<number> {
  const r = await run(process.execPath, ['-e', 'console.log(process.pid)']);
  return Number(r.stdout.trim());
}

describe('data directory lock', () => {
  test('a second server on the same --path exits 1 at once with the holder named; the first keeps serving', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const began = Date.now();
    const r = await second(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`kinesis-edge: ${dir} is in use by another kinesis-edge (pid ${first.pid})\n`);
    expect(r.stdout).toBe('');
    // Refused before bundling or starting workerd (a full start takes ~2 s here).
    expect(Date.now() - began).toBeLessThan(1_500);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    expect(lockOwner(dir)).toBe(first.pid);
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  test('a lock whose pid is dead is taken over at once', async () => {
    const dir = await dataDir();
    const dead = await deadPid();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: dead, start: null }));
    const server = await start(dir);
    expect(lockOwner(dir)).toBe(server.pid);
    expect(server.output().stderr).toBe('');
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });

  test('a lock naming a live pid with another start time (the pid was reused) is taken over', async () => {
    const dir = await dataDir();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.pid, start: '1' }));
    const server = await start(dir);
    expect(lockOwner(dir)).toBe(server.pid);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });

  test('a SIGKILLed server leaves its lock, and a restart right away takes it over (three times in a row)', async () => {
    const dir = await dataDir();
    for (let i = 0; i < 3; i++) {
      const server = await start(dir);
      expect(lockOwner(dir)).toBe(server.pid);
      expect(await server.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      expect(lockOwner(dir)).toBe(server.pid);
    }
    const last = await start(dir);
    expect(last.output().stderr).toBe('');
    expect(await last.stop()).toEqual({ code: 0, signal: null });
  });

  test('--in-memory takes no lock: two in-memory servers share a --path, and a persisted one can start beside them', async () => {
    const dir = await dataDir();
    const a = await start(dir, ['--in-memory']);
    const b = await start(dir, ['--in-memory']);
    expect(existsSync(lockFile(dir))).toBe(false);
    const persisted = await start(dir);
    expect(lockOwner(dir)).toBe(persisted.pid);
    for (const s of [a, b, persisted]) expect(await s.stop()).toEqual({ code: 0, signal: null });
  });
});
