// Starts a real `kinesis-edge` (bin/kinesis-edge.mjs) on a free port for client suites, and runs helper processes.
// Must not fake the server: tests talk to what `npm start` serves, or to KINESIS_ENDPOINT when that is set.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = path.join(root, 'bin', 'kinesis-edge.mjs');

/** The suite targets this endpoint instead of starting a server, e.g. KINESIS_ENDPOINT=http://127.0.0.1:4567. */
export const externalEndpoint = process.env.KINESIS_ENDPOINT || undefined;

export interface StartOptions {
  /** Data directory; a fresh temp dir (removed on stop) when omitted. */
  dataDir?: string;
  createStreamMs?: number;
  deleteStreamMs?: number;
  updateStreamMs?: number;
  shardLimit?: number;
  /** Local-front tests always start their own server, whatever KINESIS_ENDPOINT says. */
  ignoreExternal?: boolean;
  /** Milliseconds to wait for the "listening" line. */
  readyTimeoutMs?: number;
  /** More command-line arguments, after the ones above (e.g. ['--ssl'], ['--streams', 'a:1']). */
  args?: string[];
  /** Environment variables added to this process's for the server. */
  env?: NodeJS.ProcessEnv;
  /** Leave out `--port 0 --host 127.0.0.1`, so PORT and HOST (from `env`) decide. */
  noAddressFlags?: boolean;
  /** Working directory of the server process; the repository root when omitted. */
  cwd?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Server {
  url: string;
  port: number;
  /** undefined when the suite runs against KINESIS_ENDPOINT. */
  pid: number | undefined;
  dataDir: string | undefined;
  /** Everything the server printed so far. */
  output(): { stdout: string; stderr: string };
  /** Stops the server (SIGTERM by default) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  /** Waits for the server to exit on its own, without signalling it; rejects after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<Exit>;
}

const READY = /kinesis-edge listening on (https?:\/\/\S+)/;

/** Resolves when `child` exits, or rejects after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode as NodeJS.Signals | null });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

export async function startServer(opts: StartOptions = {}): Promise<Server> {
  if (externalEndpoint && !opts.ignoreExternal) {
    const url = externalEndpoint.replace(/\/+$/, '');
    return {
      url,
      port: Number(new URL(url).port || (url.startsWith('https') ? 443 : 80)),
      pid: undefined,
      dataDir: undefined,
      output: () => ({ stdout: '', stderr: '' }),
      stop: async () => ({ code: 0, signal: null }),
      exited: () => Promise.reject(new Error('an external endpoint is not this suite\'s process')),
    };
  }
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'kinesis-edge-test-')));
  const args = [bin, ...(opts.noAddressFlags ? [] : ['--port', '0', '--host', '127.0.0.1']), '--path', dataDir];
  if (opts.createStreamMs !== undefined) args.push('--createStreamMs', String(opts.createStreamMs));
  if (opts.deleteStreamMs !== undefined) args.push('--deleteStreamMs', String(opts.deleteStreamMs));
  if (opts.updateStreamMs !== undefined) args.push('--updateStreamMs', String(opts.updateStreamMs));
  if (opts.shardLimit !== undefined) args.push('--shardLimit', String(opts.shardLimit));
  if (opts.args) args.push(...opts.args);

  const env = opts.env ? { ...process.env, ...opts.env } : process.env;
  const child = spawn(process.execPath, args, { cwd: opts.cwd ?? root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kinesis-edge did not print its URL within ${opts.readyTimeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.readyTimeoutMs ?? 30_000);
    const onData = (chunk: string) => {
      stdout += chunk;
      const m = READY.exec(stdout);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(m[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`kinesis-edge exited (code ${code}, signal ${signal}) before listening\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  // onData stays attached, so output() keeps collecting after the ready line (the "stopped" line, errors).

  let stopped: Promise<Exit> | undefined;
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid,
    dataDir,
    output: () => ({ stdout, stderr }),
    exited: (timeoutMs = 15_000) => waitForExit(child, timeoutMs),
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        let exit: Exit;
        try {
          exit = await waitForExit(child, 15_000);
        } catch (err) {
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
          throw err;
        }
        if (ownDir) await rm(dataDir, { recursive: true, force: true });
        return exit;
      })();
      return stopped;
    },
  };
}

export interface RunResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (no shell), with a deadline. */
export function run(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out after ${opts.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * Whether an external tool is usable. When it is not: on CI (CI=true) that is a failure; elsewhere the caller skips
 * with the returned reason.
 */
export async function probeTool(command: string, args: string[], what: string): Promise<string | undefined> {
  let reason: string | undefined;
  try {
    const r = await run(command, args, { timeoutMs: 20_000 });
    if (r.code !== 0) reason = `${what} is not usable (\`${command} ${args.join(' ')}\` exited ${r.code}: ${r.stderr.trim().split('\n').pop()})`;
  } catch (err) {
    reason = `${what} is not installed (${(err as Error).message})`;
  }
  if (reason && process.env.CI === 'true') throw new Error(`${reason}; required on CI`);
  return reason;
}
