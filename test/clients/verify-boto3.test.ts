// boto3 against `npm start -- --auth verify --tenant AKIAKINESISEDGE00001:secret1:111111111111`, that very command
// line (the issue's "done when"): the tenant's key and secret are served in account 111111111111; any other secret,
// an unknown key or an unexpected session token are refused with AWS's errors.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeTool, root, run, waitForExit } from './server';
import { uniqueName } from './sdk';

const COMMAND = ['start', '--', '--auth', 'verify', '--tenant', 'AKIAKINESISEDGE00001:secret1:111111111111'];

let npm: ChildProcess | undefined;
let url = '';
let dataDir = '';
let missing: string | undefined;
let output = '';

beforeAll(async () => {
  missing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
  if (missing) return;
  dataDir = await mkdtemp(path.join(tmpdir(), 'kinesis-edge-verify-'));
  // Port 0 and loopback through the environment, so the command line is exactly the documented one.
  npm = spawn('npm', COMMAND, { cwd: root, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', KINESIS_EDGE_PATH: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  npm.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not listen within 60 s: ${output}`)), 60_000);
    npm!.stdout!.setEncoding('utf8').on('data', (c: string) => {
      output += c;
      const m = /kinesis-edge listening on (http:\/\/\S+)/.exec(output);
      // The auth line follows the listening line.
      if (m && /^auth: .*\n/m.test(output)) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    npm!.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${output}`)));
  });
}, 90_000);

afterAll(async () => {
  if (npm && npm.exitCode === null) {
    npm.kill('SIGTERM');
    await waitForExit(npm, 20_000);
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start -- --auth verify --tenant AKIAKINESISEDGE00001:secret1:111111111111', () => {
  test('says it verifies, naming the tenant key and never its secret', ({ skip }) => {
    if (missing) skip(missing);
    expect(output).toContain('auth: verify (SigV4 checked; tenants AKIAKINESISEDGE00001)');
    // npm echoes the command line (`> node bin/kinesis-edge.mjs ...`); the server's own lines never show the secret.
    const own = output.split('\n').filter((line) => !line.startsWith('> '));
    expect(own.join('\n')).not.toContain('secret1');
  });

  test('serves boto3 with that key and secret, and refuses any other secret, an unknown key and a stray session token', async ({ skip }) => {
    if (missing) skip(missing);
    const name = uniqueName('verified');
    const r = await run('python3', [path.join(root, 'test', 'clients', 'python', 'verify_boto3.py'), url, 'AKIAKINESISEDGE00001', 'secret1', name], { timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`verify_boto3.py exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    const out = JSON.parse(r.stdout);
    expect(out.arn).toBe(`arn:aws:kinesis:us-east-1:111111111111:stream/${name}`);
    expect(out.records).toEqual(['verified \x00\xff']);
    expect(out.shardPages).toEqual([1, 1]);
    expect(out.wrongSecret).toMatchObject({ code: 'InvalidSignatureException', status: 400 });
    expect(out.wrongSecret.message).toMatch(/^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/\n\n/);
    const unrecognized = { code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', status: 400 };
    expect(out.unknownKey).toEqual(unrecognized);
    expect(out.unexpectedToken).toEqual(unrecognized);
  });
});
