// `npm run crash-test`: a crash campaign (campaign.mjs) against kinesis-edge: N rounds of SIGKILL of the whole
// server tree under several producers, restart on the same data, full read-back. Prints one table; exits 1 if any
// round found an acknowledged record lost, duplicated, reordered or misplaced, a stray record, a restart that
// failed, or a process that outlived the kill. This file: options, directories, signals, the report.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign } from './campaign.mjs';
import { killAll, killAllNow, tail } from './server.mjs';
import { failed, renderTable, totals } from './table.mjs';

const usage = `Usage: node bench/crash/run.mjs [options]   (npm run crash-test -- [options])
  --rounds N      kill/restart rounds (default 20, at most 1000)
  --producers N   producer loops, half PutRecord and half PutRecords (default 4, 2-64)
  --shards N      shards of the stream (default 4, 1-64)
  --seed N        seed of every random choice (default: a random one, printed)
  --path DIR      data directory (default: a fresh temp directory, removed at the end)
  --min MS        earliest kill after the producers start (default 100)
  --max MS        latest kill after the producers start (default 2000, at most 60000)`;

function readOptions() {
  const names = ['rounds', 'producers', 'shards', 'seed', 'path', 'min', 'max'];
  const { values: v } = parseArgs({ options: { ...Object.fromEntries(names.map((k) => [k, { type: 'string' }])), help: { type: 'boolean', short: 'h' } } });
  if (v.help) return { help: true };
  const int = (name, fallback, lo, hi) => {
    const raw = v[name] ?? String(fallback);
    if (!/^\d+$/.test(raw) || Number(raw) < lo || Number(raw) > hi) throw new Error(`--${name} wants a whole number in [${lo}, ${hi}], got '${raw}'`);
    return Number(raw);
  };
  const o = {
    rounds: int('rounds', 20, 1, 1000),
    producers: int('producers', 4, 2, 64),
    shards: int('shards', 4, 1, 64),
    seed: int('seed', randomInt(2 ** 32 - 1), 0, 2 ** 32 - 1),
    min: int('min', 100, 0, 60_000),
    max: int('max', 2000, 0, 60_000),
    path: /** @type {string | undefined} */ (/** @type {Record<string, unknown>} */ (v).path),
  };
  if (o.max < o.min) throw new Error(`--max (${o.max}) is below --min (${o.min})`);
  return o;
}

let opts;
try {
  opts = readOptions();
} catch (err) {
  console.error(`crash-test: ${err.message}\n${usage}`);
  process.exit(2);
}
if (opts.help) {
  console.log(usage);
  process.exit(0);
}

const workDir = mkdtempSync(path.join(os.tmpdir(), 'kinesis-edge-crash-'));
const dirs = { dataDir: opts.path ? path.resolve(opts.path) : path.join(workDir, 'data'), tmpDir: path.join(workDir, 'tmp'), logPath: path.join(workDir, 'server.log') };
mkdirSync(dirs.tmpDir);
let keepWorkDir = false;
process.on('exit', () => {
  killAllNow(); // the safety net: a server started while an interrupt was being handled
  rmSync(dirs.tmpDir, { recursive: true, force: true });
  if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
});
let interrupted = false;
const forever = () => new Promise(() => {}); // an interrupted campaign ends in its signal handler, not here
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    interrupted = true;
    console.error(`\ncrash-test: ${signal}, killing the server and leaving`);
    const left = await killAll();
    if (left.length) console.error(`crash-test: pids ${left.join(', ')} outlived the kill`);
    process.exit(130);
  });
}

const rerun = `npm run crash-test -- --rounds ${opts.rounds} --producers ${opts.producers} --shards ${opts.shards} --seed ${opts.seed} --min ${opts.min} --max ${opts.max}`;
console.log(`crash-test: seed ${opts.seed}, ${opts.rounds} rounds, ${opts.producers} producers, ${opts.shards} shards, kill ${opts.min}-${opts.max} ms; data in ${dirs.dataDir}`);
console.log(`rerun: ${rerun}`);

let result;
try {
  result = await runCampaign(opts, dirs, (line) => console.log(line));
} catch (err) {
  if (interrupted) await forever();
  keepWorkDir = !opts.path;
  console.error(`crash-test: the campaign broke (seed ${opts.seed}): ${err.stack ?? err}\nserver log tail:\n${tail(dirs.logPath)}\nkept ${workDir}`);
  process.exit(1);
}
if (interrupted) await forever();

const { rows, details, restartFailure, perShard, tmpLeft } = result;
const t = totals(rows);
console.log(`\n${renderTable(rows)}\n`);
console.log(`seed ${opts.seed}; ${rows.length} of ${opts.rounds} rounds; ${t.acked} records acknowledged, ${t.unknown} unknown at a kill of which ${t.landed} landed; ` +
  `records per shard at the last read ${perShard.join(' / ')}; ${tmpLeft} temp entries left by killed servers (removed); ${t.roundS} s in rounds`);
for (const d of details.slice(0, 60)) console.log(d);
if (restartFailure) console.log(`RESTART FAILED: ${restartFailure}\nserver log tail:\n${tail(dirs.logPath)}`);
const bad = failed(rows) || !!restartFailure || details.some((d) => d.includes('outlived'));
if (bad) {
  keepWorkDir = !opts.path; // the evidence: data directory and server log
  console.log(`FAILED (seed ${opts.seed}); kept ${workDir} for investigation. Rerun: ${rerun}`);
} else console.log(`OK: 0 acknowledged records lost, duplicated or reordered over ${rows.length} rounds`);
process.exit(bad ? 1 : 0);
