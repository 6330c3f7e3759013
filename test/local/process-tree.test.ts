// The server's process tree lives and dies as one: it stops when the process that started it is gone (a killed
// wrapper, `npm start` stopped by a signal to npm alone), and workerd and the temp directory do not outlive a
// SIGKILLed node. Nothing a server leaves in its temp directory survives a stop by SIGINT, SIGTERM or workerd dying.
import { afterAll, describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bin, root, startServer, type Server } from '../clients/server';
import { poll } from '../clients/sdk';
import { freshTmpDir, gone, leftIn, removeTmpDirs, running, serverUnder, workerdOf } from './procs';

const servers: Server[] = [];
const spawned: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  removeTmpDirs();
});

async function dataDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'kinesis-edge-tree-'));
  dirs.push(d);
  return d;
}

/** Spawns `command`, collecting its (and its descendants') stdout until the server's "listening" line. */
async function launch(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  await poll('the listening line', async () => (out.includes('kinesis-edge listening on') ? true : undefined), 30_000);
  return { child, output: () => out };
}

describe('the process tree', () => {
  test('SIGKILL of the wrapper process that started the server: the server stops within 3 s, workerd and temp files with it', async () => {
    const tmp = freshTmpDir();
    // `; echo` keeps sh as the parent instead of letting it exec node.
    const wrapper = await launch('/bin/sh', ['-c', '"$@"; echo wrapper-done', 'wrapper', process.execPath, bin, '--port', '0', '--host', '127.0.0.1', '--path', await dataDir()], { TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
    const server = await serverUnder(wrapper.child.pid!);
    const workerd = await workerdOf(server);

    wrapper.child.kill('SIGKILL');
    await gone(server, 3_000);
    await gone(workerd, 3_000);
    expect(wrapper.output()).toContain(`kinesis-edge stopped (parent process ${wrapper.child.pid} exited)`);
    expect(leftIn(tmp)).toEqual([]);
  });

  test('`npm start` stopped by SIGTERM to npm alone: the server stops within 3 s', async () => {
    const tmp = freshTmpDir();
    // npm on Node 22+ keeps a node-compile-cache folder in TMPDIR; only the server's own leftovers count here.
    const npm = await launch('npm', ['start', '--', '--port', '0', '--host', '127.0.0.1', '--path', await dataDir()], { TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
    const server = await serverUnder(npm.child.pid!);
    const workerd = await workerdOf(server);

    npm.child.kill('SIGTERM');
    await gone(server, 3_000);
    await gone(workerd, 3_000);
    expect(npm.output()).toMatch(/kinesis-edge stopped \(parent process \d+ exited\)/);
    expect(leftIn(tmp)).toEqual([]);
  });

  test('SIGKILL of the node process: workerd dies too and the temp directory goes, and a restart takes the data directory at once', async () => {
    const tmp = freshTmpDir();
    const dir = await dataDir();
    const server = await startServer({ ignoreExternal: true, dataDir: dir, env: { TMPDIR: tmp } });
    servers.push(server);
    const workerd = await workerdOf(server.pid!);
    expect(leftIn(tmp)).toHaveLength(1);

    expect(await server.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await gone(workerd, 3_000);
    await poll('the temp directory to empty', async () => (leftIn(tmp).length === 0 ? true : undefined), 3_000);

    const again = await startServer({ ignoreExternal: true, dataDir: dir, env: { TMPDIR: tmp } });
    servers.push(again);
    expect((await fetch(`${again.url}/health`)).status).toBe(200);
    expect(await again.stop()).toEqual({ code: 0, signal: null });
    expect(leftIn(tmp)).toEqual([]);
  });

  for (const [mode, args] of [['persisted', []], ['in memory', ['--in-memory']]] as const) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      test(`${mode}, stopped by ${signal}: exit 0 and nothing left in the temp directory`, async () => {
        const tmp = freshTmpDir();
        const server = await startServer({ ignoreExternal: true, args: [...args], env: { TMPDIR: tmp } });
        servers.push(server);
        expect(leftIn(tmp)).not.toEqual([]);
        expect(await server.stop(signal)).toEqual({ code: 0, signal: null });
        expect(leftIn(tmp)).toEqual([]);
      });
    }
  }

  test('a stop right after the "listening" line is not lost (three starts)', async () => {
    for (let i = 0; i < 3; i++) {
      const server = await startServer({ ignoreExternal: true, args: ['--in-memory'] });
      servers.push(server);
      expect(await server.stop()).toEqual({ code: 0, signal: null });
      expect(running(server.pid!)).toBe(false);
    }
  });
});
