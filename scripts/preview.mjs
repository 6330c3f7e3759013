#!/usr/bin/env node
// `npm run preview:deploy -- <name>` / `npm run preview:delete -- <name>`: one Worker per pull request, named
// kinesis-edge-pr-<name>, from wrangler.toml's [env.preview]. Its own name gives it its own Durable Object
// namespaces, so an empty emulator of its own (Cloudflare makes no preview URLs for Workers that hold Durable Objects,
// so previews cannot be versions of one Worker). Deleting the Worker deletes the namespaces it defines.
// Options: --dry-run passes wrangler's own --dry-run (bundles and lists the bindings, no account needed, nothing
// uploaded or deleted); --print prints the wrangler command instead of running it; --secrets-file <file> (deploy)
// uploads secrets with the deployment, e.g. ITERATOR_KEY. Needs CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID
// (or `npx wrangler login`) unless --dry-run or --print.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const WORKER_PREFIX = 'kinesis-edge-pr-';
/** A Worker's name is the first label of its hostname, <name>.<subdomain>.workers.dev
 *  (https://developers.cloudflare.com/workers/configuration/routing/workers-dev/), and a DNS label holds at most
 *  63 characters (https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4). */
export const MAX_WORKER_NAME = 63;
export const MAX_PREVIEW_NAME = MAX_WORKER_NAME - WORKER_PREFIX.length;
/** Lowercase letters, digits and inner dashes: a Worker name ("alphanumeric characters and dashes",
 *  https://developers.cloudflare.com/workers/wrangler/configuration/#inheritable-keys) that is also a hostname label. */
const PREVIEW_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export const USAGE = [
  'usage: npm run preview:deploy -- <name> [--dry-run] [--print] [--secrets-file <file>]',
  '       npm run preview:delete -- <name> [--dry-run] [--print]',
  `<name>: lowercase letters, digits and dashes, not starting or ending with a dash, at most ${MAX_PREVIEW_NAME} characters`,
  `        (the Worker is ${WORKER_PREFIX}<name>), e.g. the pull request number`,
].join('\n');

export class UsageError extends Error {}

/**
 * What a command line asks for: the Worker's name and the wrangler arguments that deploy or delete it.
 * @param {string[]} argv the arguments after the script's path: deploy|delete, <name>, options
 * @returns {{ action: 'deploy' | 'delete', workerName: string, wrangler: string[], print: boolean }}
 */
export function planPreview(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, print: { type: 'boolean' }, 'secrets-file': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const [action, name, ...extra] = parsed.positionals;
  if (action !== 'deploy' && action !== 'delete') throw new UsageError(`the action must be deploy or delete, got ${JSON.stringify(action ?? '')}`);
  if (name === undefined) throw new UsageError('a preview name is required');
  if (extra.length > 0) throw new UsageError(`one preview name only, got also ${extra.map((e) => JSON.stringify(e)).join(' ')}`);
  if (name.length > MAX_PREVIEW_NAME) throw new UsageError(`the preview name is ${name.length} characters; at most ${MAX_PREVIEW_NAME} fit a Worker name`);
  if (!PREVIEW_NAME.test(name)) {
    throw new UsageError(`the preview name ${JSON.stringify(name)} must be lowercase letters, digits and dashes, not starting or ending with a dash`);
  }
  const secretsFile = parsed.values['secrets-file'];
  if (secretsFile !== undefined && action !== 'deploy') throw new UsageError('--secrets-file goes with deploy only');
  if (secretsFile === '') throw new UsageError('--secrets-file needs a file');

  const workerName = WORKER_PREFIX + name;
  // --env preview takes the bindings, vars and migrations of [env.preview]; --name replaces its Worker name.
  const wrangler =
    action === 'deploy'
      ? ['deploy', '--env', 'preview', '--name', workerName, ...(secretsFile ? ['--secrets-file', secretsFile] : [])]
      : // --force: no confirmation prompt (CI has no terminal); nothing else binds a preview's namespaces.
        ['delete', '--env', 'preview', '--name', workerName, '--force'];
  if (parsed.values['dry-run']) wrangler.push('--dry-run');
  return { action, workerName, wrangler, print: parsed.values.print ?? false };
}

/** The deployed URL wrangler prints after a deploy (`https://<worker>.<subdomain>.workers.dev`). */
export function deployedUrl(output, workerName) {
  // The name is letters, digits and dashes only (planPreview), none of them special in a pattern.
  return new RegExp(`https://${workerName}\\.[a-z0-9-]+\\.workers\\.dev\\b`).exec(output)?.[0];
}

/**
 * Runs wrangler from this repository with the given arguments, its output passed through and kept.
 * @param {string[]} args
 * @returns {Promise<{ code: number | null, output: string }>}
 */
export function runWrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'wrangler'), args, { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/**
 * The command line's whole run; returns the exit code.
 * @param {string[]} argv
 * @param {{ run?: typeof runWrangler, log?: (line: string) => void, error?: (line: string) => void, env?: NodeJS.ProcessEnv }} [io]
 */
export async function main(argv, io = {}) {
  const { run = runWrangler, log = console.log, error = console.error, env = process.env } = io;
  let plan;
  try {
    plan = planPreview(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    error(`preview: ${err.message}\n${USAGE}`);
    return 2;
  }
  const line = ['wrangler', ...plan.wrangler].join(' ');
  if (plan.print) {
    log(line);
    return 0;
  }
  log(`preview: ${line}`);
  const { code, output } = await run(plan.wrangler);
  if (code !== 0) {
    error(`preview: wrangler ${plan.action} of ${plan.workerName} failed (exit ${code})`);
    return code || 1;
  }
  if (plan.wrangler.includes('--dry-run')) return 0;
  if (plan.action === 'delete') {
    log(`preview: deleted ${plan.workerName}`);
    return 0;
  }
  const url = deployedUrl(output, plan.workerName);
  if (url === undefined) {
    // Deployed, but not to workers.dev (a route or custom domain instead): nothing to link to.
    log(`preview: deployed ${plan.workerName}; wrangler printed no workers.dev URL`);
    return 0;
  }
  log(`preview: ${plan.workerName} is at ${url}`);
  // In GitHub Actions, the URL is also the step's output `url`.
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `url=${url}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
