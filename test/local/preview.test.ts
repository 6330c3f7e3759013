// Issue 10 item 6: per-pull-request previews. scripts/preview.mjs checks its arguments and runs exactly the wrangler
// command it should (asserted through an injected runner: no network, nothing deployed), and really bundles with
// wrangler's own --dry-run; the example GitHub workflow parses and calls the npm scripts; the README's deploy
// commands run as written up to the upload (wrangler's --dry-run, which needs no account).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { root, run } from '../clients/server';
import { MAX_PREVIEW_NAME, USAGE, WORKER_PREFIX, main } from '../../scripts/preview.mjs';

const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

let home: string;
/** What wrangler runs with here: no account, no telemetry, no network lookups, and a home of its own for its logs. */
let offline: NodeJS.ProcessEnv;
beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-preview-'));
  offline = { PATH: process.env.PATH, HOME: home, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1', CI: 'true' };
});
afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Runs the script's main with a runner that records the wrangler arguments and answers as told. */
async function dryMain(argv: string[], answer = { code: 0 as number | null, output: '' }, env: NodeJS.ProcessEnv = {}) {
  const calls: string[][] = [];
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    run: async (args: string[]) => {
      calls.push(args);
      return answer;
    },
    log: (line: string) => out.push(line),
    error: (line: string) => err.push(line),
    env,
  });
  return { code, calls, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run preview:deploy / preview:delete', () => {
  test('are the script with its action', () => {
    expect(packageJson.scripts['preview:deploy']).toBe('node scripts/preview.mjs deploy');
    expect(packageJson.scripts['preview:delete']).toBe('node scripts/preview.mjs delete');
  });

  test('deploy runs wrangler deploy of [env.preview] under the name kinesis-edge-pr-<name> and prints the URL', async () => {
    const output = 'Uploaded kinesis-edge-pr-123 (3.1 sec)\nDeployed kinesis-edge-pr-123 triggers (0.4 sec)\n  https://kinesis-edge-pr-123.team.workers.dev\nCurrent Version ID: x\n';
    const r = await dryMain(['deploy', '123'], { code: 0, output });
    expect(r.calls).toEqual([['deploy', '--env', 'preview', '--name', 'kinesis-edge-pr-123']]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('kinesis-edge-pr-123 is at https://kinesis-edge-pr-123.team.workers.dev');
    expect(r.err).toBe('');
  });

  test('in GitHub Actions the URL is also the step output `url`', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-gh-'));
    try {
      const file = path.join(dir, 'output');
      await dryMain(['deploy', '7'], { code: 0, output: 'https://kinesis-edge-pr-7.acme-1.workers.dev\n' }, { GITHUB_OUTPUT: file });
      expect(readFileSync(file, 'utf8')).toBe('url=https://kinesis-edge-pr-7.acme-1.workers.dev\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a URL of another Worker in wrangler's output is not taken for the preview's", async () => {
    const r = await dryMain(['deploy', '7'], { code: 0, output: 'https://kinesis-edge-pr-77.acme.workers.dev\n' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('wrangler printed no workers.dev URL');
    expect(r.out).not.toContain('is at');
  });

  test('delete runs wrangler delete of that Worker without a prompt', async () => {
    const r = await dryMain(['delete', 'feature-x']);
    expect(r.calls).toEqual([['delete', '--env', 'preview', '--name', 'kinesis-edge-pr-feature-x', '--force']]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('deleted kinesis-edge-pr-feature-x');
  });

  test('--dry-run, --secrets-file and --print', async () => {
    expect((await dryMain(['deploy', '1', '--dry-run'])).calls).toEqual([['deploy', '--env', 'preview', '--name', 'kinesis-edge-pr-1', '--dry-run']]);
    expect((await dryMain(['delete', '1', '--dry-run'])).calls).toEqual([['delete', '--env', 'preview', '--name', 'kinesis-edge-pr-1', '--force', '--dry-run']]);
    expect((await dryMain(['deploy', '--secrets-file', 's.json', '1'])).calls).toEqual([
      ['deploy', '--env', 'preview', '--name', 'kinesis-edge-pr-1', '--secrets-file', 's.json'],
    ]);
    const printed = await dryMain(['deploy', '1', '--print']);
    expect(printed.calls).toEqual([]);
    expect(printed.out).toBe('wrangler deploy --env preview --name kinesis-edge-pr-1');
  });

  test("a failing wrangler's exit code is the script's", async () => {
    const r = await dryMain(['deploy', '1'], { code: 3, output: '' });
    expect(r.code).toBe(3);
    expect(r.err).toContain('wrangler deploy of kinesis-edge-pr-1 failed (exit 3)');
  });

  test(`names: lowercase letters, digits, inner dashes; ${MAX_PREVIEW_NAME} characters make a 63-character Worker name`, async () => {
    expect(WORKER_PREFIX.length + MAX_PREVIEW_NAME).toBe(63);
    const longest = 'a'.repeat(47);
    expect((await dryMain(['deploy', longest])).calls).toEqual([['deploy', '--env', 'preview', '--name', `kinesis-edge-pr-${longest}`]]);
    for (const ok of ['1', '0a', 'pr-12-b', 'a--b']) expect((await dryMain(['delete', ok])).code).toBe(0);
  });

  const refused: [string, string[], RegExp][] = [
    ['no arguments', [], /the action must be deploy or delete/],
    ['an unknown action', ['publish', '1'], /the action must be deploy or delete, got "publish"/],
    ['no name', ['deploy'], /a preview name is required/],
    ['two names', ['deploy', '1', '2'], /one preview name only, got also "2"/],
    ['an uppercase name', ['deploy', 'PR-1'], /"PR-1" must be lowercase letters, digits and dashes/],
    ['a leading dash (read as a flag)', ['deploy', '-1'], /Unknown option '-1'/],
    ['a trailing dash', ['deploy', 'a-'], /"a-" must be lowercase/],
    ['an underscore', ['deploy', 'a_b'], /"a_b" must be lowercase/],
    ['a dot', ['deploy', 'a.b'], /"a.b" must be lowercase/],
    ['an empty name', ['deploy', ''], /"" must be lowercase/],
    ['48 characters', ['deploy', 'a'.repeat(48)], /48 characters; at most 47 fit a Worker name/],
    ['an unknown option', ['deploy', '1', '--yes'], /Unknown option '--yes'/],
    ['--secrets-file with delete', ['delete', '1', '--secrets-file', 'f'], /--secrets-file goes with deploy only/],
  ];
  for (const [what, argv, message] of refused) {
    test(`refuses ${what} with exit 2 and the usage, running nothing`, async () => {
      const r = await dryMain(argv);
      expect(r.code).toBe(2);
      expect(r.calls).toEqual([]);
      expect(r.err).toMatch(message);
      expect(r.err).toContain(USAGE);
    });
  }

  test('the script run as npm runs it: a bad name exits 2, --print prints the command', async () => {
    const bad = await run('node', ['scripts/preview.mjs', 'deploy', 'Nope'], { env: offline });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"Nope" must be lowercase');
    const printed = await run('node', ['scripts/preview.mjs', 'delete', '42', '--print'], { env: offline });
    expect({ code: printed.code, stdout: printed.stdout }).toEqual({ code: 0, stdout: 'wrangler delete --env preview --name kinesis-edge-pr-42 --force\n' });
  });

  test("deploy --dry-run really bundles [env.preview] with wrangler, with the preview's bindings and vars", async () => {
    const r = await run('node', ['scripts/preview.mjs', 'deploy', 'ci-check', '--dry-run'], { env: offline, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('preview: wrangler deploy --env preview --name kinesis-edge-pr-ci-check --dry-run');
    for (const binding of ['env.ACCOUNT (AccountObject)', 'env.STREAM (StreamObject)', 'env.SHARD (ShardObject)', 'env.LOG_FORMAT ("json")', 'env.AUTH_MODE ("verify")']) {
      expect(r.stdout).toContain(binding);
    }
    expect(r.stdout).toContain('--dry-run: exiting now.');
  });

  test('delete --dry-run runs wrangler delete without an account', async () => {
    const r = await run('node', ['scripts/preview.mjs', 'delete', 'ci-check', '--dry-run'], { env: offline, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('--dry-run: exiting now.');
  });
});

describe('.github/workflows/preview.yml', () => {
  const workflow = parseYaml(readFileSync(path.join(root, '.github', 'workflows', 'preview.yml'), 'utf8'));
  const commands = (job: string): string[] => workflow.jobs[job].steps.filter((s: { run?: string }) => s.run).map((s: { run: string }) => s.run);

  test('runs on pull requests opened, pushed to, reopened and closed', () => {
    expect(workflow.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  test('deploys unless closed, deletes when closed, both only for branches of this repository (forks get no secrets)', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['deploy', 'delete']);
    const sameRepo = "github.event.pull_request.head.repo.full_name == github.repository";
    expect(workflow.jobs.deploy.if).toBe(`github.event.action != 'closed' && ${sameRepo}`);
    expect(workflow.jobs.delete.if).toBe(`github.event.action == 'closed' && ${sameRepo}`);
    expect(commands('deploy')).toContain('npm run preview:deploy -- "$PR_NUMBER" --secrets-file "$RUNNER_TEMP/preview-secrets.json"');
    expect(commands('delete')).toContain('npm run preview:delete -- "$PR_NUMBER"');
  });

  test('gives wrangler the Cloudflare secrets and the pull request number, and uses only npm scripts that exist', () => {
    for (const job of ['deploy', 'delete']) {
      const step = workflow.jobs[job].steps.find((s: { run?: string }) => s.run?.startsWith('npm run preview:'));
      expect(step.env).toMatchObject({
        PR_NUMBER: '${{ github.event.pull_request.number }}',
        CLOUDFLARE_API_TOKEN: '${{ secrets.CLOUDFLARE_API_TOKEN }}',
        CLOUDFLARE_ACCOUNT_ID: '${{ secrets.CLOUDFLARE_ACCOUNT_ID }}',
      });
      for (const command of commands(job)) {
        for (const [, script] of command.matchAll(/npm run ([\w:-]+)/g)) expect(packageJson.scripts).toHaveProperty([script]);
      }
    }
  });

  test('writes the secrets a verify-mode preview needs: a fresh iterator key, the admin token and the stable tenant key', async () => {
    const step = workflow.jobs.deploy.steps.find((s: { name?: string }) => s.name === 'Secrets of the preview');
    expect(step.env).toEqual({ ADMIN_TOKEN: '${{ secrets.PREVIEW_ADMIN_TOKEN }}', TENANT_KEY: '${{ secrets.PREVIEW_TENANT_KEY }}' });
    // Run the step's script as the runner would, and read what it wrote.
    const dir = mkdtempSync(path.join(tmpdir(), 'preview-secrets-'));
    try {
      const r = await run('bash', ['-c', step.run], { env: { ...process.env, RUNNER_TEMP: dir, ADMIN_TOKEN: 'admin-t', TENANT_KEY: 'tenant-k' }, timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(0);
      const secrets = JSON.parse(readFileSync(path.join(dir, 'preview-secrets.json'), 'utf8'));
      expect(secrets).toMatchObject({ ADMIN_TOKEN: 'admin-t', TENANT_KEY: 'tenant-k' });
      expect(secrets.ITERATOR_KEY).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a pull request number is a valid preview name', async () => {
    expect((await dryMain(['deploy', '4711'])).code).toBe(0);
  });
});

describe('README "Deploy for your team"', () => {
  const at = readme.indexOf('## Deploy for your team');
  const section = readme.slice(at, readme.indexOf('\n## ', at + 1));
  /** The section's shell lines, comments dropped. */
  const lines = [...section.matchAll(/```sh\n([\s\S]*?)\n```/g)].flatMap((m) => m[1].split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim());

  test('is there, with the admin token and tenant creation', () => {
    expect(at).toBeGreaterThan(0);
    expect(lines).toContain('echo "$ADMIN_TOKEN" | npx wrangler secret put ADMIN_TOKEN --env=""');
    expect(section).toContain('/admin/tenants');
  });

  test('its wrangler deploy runs as written up to the upload', async () => {
    const deploys = lines.filter((l) => l.startsWith('npx wrangler deploy'));
    expect(deploys).toEqual(['npx wrangler deploy --env=""']);
    const outdir = mkdtempSync(path.join(tmpdir(), 'kinesis-edge-readme-deploy-'));
    try {
      for (const line of deploys) {
        const r = await run('sh', ['-c', `${line} --dry-run --outdir "${outdir}"`], { env: offline, timeoutMs: 120_000 });
        expect(r.code, r.stderr).toBe(0);
        // The top level, not the preview: and no warning that no environment was named.
        expect(r.stdout + r.stderr).not.toMatch(/WARNING/);
        expect(r.stdout).toContain('env.LOG_FORMAT ("json")');
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('its preview commands run as written (with --dry-run added, which needs no account)', async () => {
    const previews = lines.filter((l) => l.startsWith('npm run preview:'));
    expect(previews).toEqual(['npm run preview:deploy -- 123', 'npm run preview:delete -- 123']);
    for (const line of previews) {
      const r = await run('sh', ['-c', `${line} --dry-run`], { env: offline, timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('--name kinesis-edge-pr-123');
    }
  });

  test('its other wrangler commands are ones this wrangler has, with those flags', async () => {
    const others = lines.filter((l) => l.includes('npx wrangler') && !l.startsWith('npx wrangler deploy'));
    expect(others.length).toBeGreaterThanOrEqual(3);
    for (const line of others) {
      const command = line.slice(line.indexOf('npx wrangler'));
      const [, , ...words] = command.split(/\s+/);
      // The subcommand is its leading lowercase words (`secret put`), up to the first argument or flag.
      const firstArgument = words.findIndex((w) => !/^[a-z]+$/.test(w));
      const sub = firstArgument < 0 ? words : words.slice(0, firstArgument);
      const rest = words.slice(sub.length);
      const help = await run('npx', ['wrangler', ...sub, '--help'], { env: offline, timeoutMs: 60_000 });
      expect(help.code, `${command}: ${help.stderr}`).toBe(0);
      for (const flag of rest.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0])) {
        expect(help.stdout, `${command}: ${flag}`).toContain(flag);
      }
    }
  });
});
