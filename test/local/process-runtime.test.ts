// When workerd dies under a running server, the server does not keep a dead port: it exits 1 with one line naming
// the cause, promptly, leaving neither its data-directory lock nor a temp directory behind.
import { afterAll, describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer, type Server } from '../clients/server';
import { freshTmpDir, leftIn, removeTmpDirs, workerdOf } from './procs';

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  removeTmpDirs();
});

describe('workerd dies', () => {
  test('kill -9 of the workerd child: the server exits 1 within 5 s with one line on stderr, lock and temp files gone', async () => {
    const tmp = freshTmpDir();
    const server = await startServer({ ignoreExternal: true, env: { TMPDIR: tmp } });
    servers.push(server);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(existsSync(path.join(server.dataDir!, 'kinesis-edge.lock'))).toBe(true);

    const workerd = await workerdOf(server.pid!);
    process.kill(workerd, 'SIGKILL');
    const started = Date.now();
    const exit = await server.exited(5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(server.output().stderr).toBe('kinesis-edge: the workerd runtime exited (signal SIGKILL); stopping\n');
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(existsSync(path.join(server.dataDir!, 'kinesis-edge.lock'))).toBe(false);
    expect(leftIn(tmp)).toEqual([]);
  });
});
