// The README's client commands run as written, taken from README.md itself, against a really started server on a
// machine with no AWS configuration: HOME is an empty directory and no AWS_* variable is set. Only the port of the
// README's URL changes (the server here listens on a free one). Its references stay inside this repository.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CreateStreamCommand } from '@aws-sdk/client-kinesis';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeTool, root, run, startServer, type Server } from '../clients/server';
import { kinesisClient, uniqueName, waitForActive } from '../clients/sdk';

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const README_URL = 'http://127.0.0.1:4567';

/** The body of the first fenced block of `lang` after the line containing `heading`. */
function block(heading: string, lang: string): string {
  const at = readme.indexOf(heading);
  if (at < 0) throw new Error(`README.md has no ${JSON.stringify(heading)}`);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(readme.slice(at));
  if (!m) throw new Error(`no \`\`\`${lang} block after ${JSON.stringify(heading)} in README.md`);
  return m[1];
}

let server: Server;
let home: string;
/** What a user with nothing configured has: a PATH and an empty home, no AWS_* at all. */
let bare: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startServer();
  home = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-home-'));
  bare = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' };
});
afterAll(async () => {
  await server?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** The README's text pointed at this server: the port of its URL replaced, nothing else. */
function here(text: string): string {
  expect(text).toContain(README_URL);
  return text.replaceAll(README_URL, `http://127.0.0.1:${server.port}`);
}

describe('README.md', () => {
  test('the AWS CLI line lists streams as written, with no AWS configuration at all', async ({ skip }) => {
    const missing = await probeTool('aws', ['--version'], 'the AWS CLI (`aws`)');
    if (missing) skip(missing);
    const line = block('**AWS CLI**', 'sh');
    expect(line.split('\n')).toHaveLength(1);
    const name = uniqueName('readme-cli');
    const sdk = kinesisClient(server.url);
    await sdk.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    await waitForActive(sdk, { StreamName: name });
    sdk.destroy();

    const r = await run('sh', ['-c', here(line)], { env: bare, timeoutMs: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).StreamNames).toContain(name);
    expect(existsSync(path.join(home, '.aws'))).toBe(false);
  });

  test('the boto3 tutorial runs as written and prints the record it wrote', async ({ skip }) => {
    const missing = await probeTool('python3', ['-c', 'import boto3'], 'python3 with boto3');
    if (missing) skip(missing);
    const script = path.join(home, 'tutorial.py');
    writeFileSync(script, here(block('## The AWS tutorial', 'python')));
    const r = await run('python3', [script], { env: bare, timeoutMs: 45_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // print() of the Records list: one record, the bytes and partition key the tutorial put.
    expect(r.stdout.trim()).toMatch(/^\[\{'SequenceNumber': '[1-9]\d*', 'ApproximateArrivalTimestamp': datetime\.datetime\([^']*\), 'Data': b'hello', 'PartitionKey': 'pk'\}\]$/);
  });

  test('every path it names is in this repository', () => {
    const named = [...readme.matchAll(/`([^`\s]+)`|\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? m[2]);
    expect(named.filter((p) => p.startsWith('../') || p.startsWith('/'))).toEqual([]);
    // Files under a top-level directory of the repository (not directories, placeholders like <path>/tls, or what a run creates, like bench/.cache).
    const files = named.filter((p) => /^(src|local|bin|bench|test|docs|scripts)\/(.*\/)?[^/.][^/]*\.[a-z]+$/.test(p));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((p) => !existsSync(path.join(root, p)))).toEqual([]);
  });
});
