// The `kinesis-edge` command line: --help, bad flags, a taken port, and clean stops on SIGINT and SIGTERM.
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bin, run, startServer, type Server } from '../clients/server';
import { childrenOf, running } from './procs';

const started: Server[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

const node = (...args: string[]) => run(process.execPath, [bin, ...args], { timeoutMs: 30_000 });

describe('kinesis-edge command', () => {
  test('--help and -h print the usage with every flag and exit 0 without starting anything', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await node(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: kinesis-edge \[options\]\n/);
      for (const option of ['--port', '--host', '--path', '--createStreamMs', '--deleteStreamMs', '--shardLimit', '--help']) {
        expect(r.stdout).toContain(option);
      }
      expect(r.stdout).not.toContain('listening');
      expect(r.stderr).toBe('');
    }
  });

  test('an unknown flag or a bad value exits non-zero with a message naming it, and the usage', async () => {
    const unknown = await node('--bogus');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/^kinesis-edge: Unknown option '--bogus'/);
    expect(unknown.stderr).toContain('Usage: kinesis-edge');
    expect(unknown.stdout).toBe('');

    const badPort = await node('--port', 'abc');
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toMatch(/^kinesis-edge: --port must be a whole number, got 'abc'/);

    const bigPort = await node('--port', '70000');
    expect(bigPort.code).not.toBe(0);
    expect(bigPort.stderr).toMatch(/^kinesis-edge: --port must be at most 65535, got 70000/);

    const badDelay = await node('--createStreamMs', '-5');
    expect(badDelay.code).not.toBe(0);
    expect(badDelay.stderr).toMatch(/^kinesis-edge: /);
  });

  test('SIGINT stops the server cleanly: exit code 0, a "stopped" line, the port closed and workerd gone', async () => {
    const server = await startServer({ createStreamMs: 0, ignoreExternal: true });
    started.push(server);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    const workers = childrenOf(server.pid!);
    expect(workers.length).toBeGreaterThan(0);

    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(server.output().stdout).toContain('kinesis-edge stopped (SIGINT)');
    expect(server.output().stderr).toBe('');
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(workers.filter(running)).toEqual([]);
  });

  test('a port already in use exits 1 with a message naming the port', async () => {
    const server = await startServer({ createStreamMs: 0, ignoreExternal: true });
    started.push(server);
    // Another data directory: the same one would be refused first, as locked (process-lock.test.ts).
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-port-'));
    const r = await node('--port', String(server.port), '--host', '127.0.0.1', '--path', elsewhere);
    rmSync(elsewhere, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`kinesis-edge: port ${server.port} on 127.0.0.1 is already in use`);
    // The running server is unharmed.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
  test('starts and answers when run from a directory outside the project (as `npx kinesis-edge` would be)', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-cwd-'));
    const server = await startServer({ ignoreExternal: true, cwd: elsewhere, args: ['--in-memory'] });
    try {
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      expect((await server.stop()).code).toBe(0);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
