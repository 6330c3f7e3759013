// `npm run bench`: starts each target, runs every scenario against it with the same client, repeats, prints one
// table of medians with ratios ours/peer, and (full runs only) rewrites bench/results.md. Orchestration only:
// the measuring is in scenarios/, the servers in targets.mjs, the table in report.mjs.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createClient } from './client.mjs';
import { benchDir, cacheDir, ensurePeers } from './install.mjs';
import { TARGETS, killAllNow, startTarget } from './targets.mjs';
import { aggregateAll, fmt, judgeTargets, machine, renderResults, renderTable, renderTargets } from './report.mjs';
import { allFailed } from './result.mjs';
import { warmup } from './warmup.mjs';
import * as createStream from './scenarios/create-stream.mjs';
import * as putRecord from './scenarios/put-record.mjs';
import * as putRecords from './scenarios/put-records.mjs';
import * as getRecords from './scenarios/get-records.mjs';
import * as endToEnd from './scenarios/end-to-end.mjs';
import * as describeStream from './scenarios/describe-stream.mjs';
import * as million from './scenarios/million.mjs';
import * as fanOut from './scenarios/fan-out.mjs';
import * as reshard from './scenarios/reshard.mjs';
import * as sigv4Pair from './scenarios/sigv4-pair.mjs';

const GiB = 1024 ** 3;
// fan-out and reshard last: their subscriptions and scaled streams cannot weigh on the other scenarios' numbers.
const REP_SCENARIOS = [createStream, putRecord, putRecords, getRecords, endToEnd, describeStream, fanOut, reshard];
const ALL_SCENARIOS = [...REP_SCENARIOS, sigv4Pair, million];

// Full sizes: the whole run stays under 15 minutes on 2 cores (the 1M phase takes what the budget leaves).
// Per repetition and target: ~35 s for ours, ~25 s for kinesalite, ~80 s for kinesis-mock (it hits the time bounds,
// and its fan-out pushes once a second); the SigV4 pair ~60 s once.
const FULL = {
  reps: 3,
  budgetS: 840,
  warmup: { ops: 1_000, maxMs: 1_500 },
  'create-stream': { streams: 5, maxMs: 30_000 },
  'put-record': { c1: { maxOps: 50_000, maxMs: 3_000 }, c32: { maxOps: 200_000, maxMs: 3_000 }, readBackMs: 20_000 },
  'put-records': { calls: 200, maxMs: 6_000, readBackMs: 20_000 },
  'get-records': { records: 50_000, fillMs: 15_000, drainMs: 20_000 },
  'end-to-end': { records: 200, gapMs: 10, maxMs: 15_000 },
  'describe-stream': { concurrency: 8, maxOps: 200_000, maxMs: 3_000 },
  // Per consumer count: records put one at a time gapMs apart, for at most maxMs; setupMs bounds registering,
  // subscribing and the marker records before them.
  'fan-out': { consumers: [1, 4], records: 200, gapMs: 10, maxMs: 15_000, setupMs: 20_000 },
  reshard: { stepMs: 30_000 },
  // Rounds of alternating blocks on ours open and ours verify (scenarios/sigv4-pair.mjs); a PutRecord block is ~2,000
  // calls, a PutRecords block 50,000 records: 1-2 s of server CPU each, 100-200 ticks of /proc's 10 ms.
  'sigv4-pair': { rounds: 10, put1: { maxOps: 50_000, maxMs: 2_000 }, putRecords: { calls: 100, maxMs: 8_000 }, readBackMs: 20_000 },
  // maxMs: per target, shrunk when the budget is short; unreachableMs: the bound for a target whose PutRecords
  // rate cannot reach 1M records within maxMs (kinesis-mock): it reports how far it got.
  million: { records: 1_000_000, maxMs: 180_000, readRecords: 50_000, readMs: 30_000, rssGuardBytes: 6 * GiB, unreachableMs: 45_000, reserveMs: 60_000 },
};
// --quick: a smoke pass of a few seconds per scenario, to check that everything starts, runs and verifies.
const QUICK = {
  reps: 1,
  budgetS: 300,
  warmup: { ops: 50, maxMs: 500 },
  'create-stream': { streams: 2, maxMs: 10_000 },
  'put-record': { c1: { maxOps: 300, maxMs: 1_500 }, c32: { maxOps: 2_000, maxMs: 1_500 }, readBackMs: 10_000 },
  'put-records': { calls: 8, maxMs: 3_000, readBackMs: 10_000 },
  'get-records': { records: 5_000, fillMs: 10_000, drainMs: 10_000 },
  'end-to-end': { records: 20, gapMs: 10, maxMs: 5_000 },
  'describe-stream': { concurrency: 8, maxOps: 1_000, maxMs: 1_000 },
  'fan-out': { consumers: [1, 4], records: 30, gapMs: 10, maxMs: 8_000, setupMs: 20_000 },
  reshard: { stepMs: 10_000 },
  'sigv4-pair': { rounds: 2, put1: { maxOps: 300, maxMs: 500 }, putRecords: { calls: 4, maxMs: 3_000 }, readBackMs: 10_000 },
  million: { records: 20_000, maxMs: 10_000, readRecords: 5_000, readMs: 10_000, rssGuardBytes: 6 * GiB, unreachableMs: 5_000, reserveMs: 10_000 },
};

const usage = `Usage: node bench/run.mjs [--quick] [--reps N] [--targets a,b] [--scenarios x,y] [--budget S]
  targets:   ${Object.keys(TARGETS).join(', ')}
  scenarios: cold-start (always), ${ALL_SCENARIOS.map((s) => s.id).join(', ')}
  bench/results.md is rewritten only by a full-size run of every target and scenario.`;

let opts;
try {
  ({ values: opts } = parseArgs({
    options: { quick: { type: 'boolean' }, reps: { type: 'string' }, targets: { type: 'string' }, scenarios: { type: 'string' }, budget: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
  for (const t of opts.targets?.split(',') ?? []) if (!TARGETS[t]) throw new Error(`unknown target '${t}'`);
  for (const s of opts.scenarios?.split(',') ?? []) if (!ALL_SCENARIOS.some((x) => x.id === s)) throw new Error(`unknown scenario '${s}'`);
  if (opts.reps !== undefined && !(Number(opts.reps) >= 1)) throw new Error('--reps wants a whole number >= 1');
  if (opts.budget !== undefined && !(Number(opts.budget) > 0)) throw new Error('--budget wants seconds');
} catch (err) {
  console.error(`bench: ${err.message}\n${usage}`);
  process.exit(2);
}
if (opts.help) {
  console.log(usage);
  process.exit(0);
}
const sizes = opts.quick ? QUICK : FULL;
const reps = Number(opts.reps ?? sizes.reps);
const budgetMs = Number(opts.budget ?? sizes.budgetS) * 1000;
const targetNames = opts.targets ? opts.targets.split(',') : Object.keys(TARGETS);
const scenarioIds = opts.scenarios ? opts.scenarios.split(',') : ALL_SCENARIOS.map((s) => s.id);
const complete = !opts.quick && !opts.reps && !opts.targets && !opts.scenarios && !opts.budget;

const t0 = performance.now();
const loadStart = os.loadavg();
const elapsedS = () => ((performance.now() - t0) / 1000).toFixed(0);
const log = (line) => console.log(`[${elapsedS().padStart(4)} s] ${line}`);

ensurePeers(targetNames.map((t) => TARGETS[t].peer).filter(Boolean), log);
const workDir = mkdtempSync(path.join(os.tmpdir(), 'kinesis-edge-bench-'));
const cleanup = () => {
  killAllNow();
  rmSync(workDir, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.error(`\nbench: ${sig}: stopping every target`);
    process.exit(130);
  });
}

const logDir = path.join(cacheDir, 'logs');
mkdirSync(logDir, { recursive: true });
const samples = Object.fromEntries(targetNames.map((t) => [t, {}]));
const push = (target, results) => {
  for (const [key, r] of Object.entries(results)) (samples[target][key] ??= []).push(r);
};
const summary = (results) => {
  const first = Object.values(results)[0];
  if (first?.unsupported && Object.values(results).every((r) => r.unsupported)) return `not supported (${first.unsupported})`;
  return Object.entries(results).filter(([k]) => !/Cpu$/.test(k)).map(([k, r]) => `${k.split('.').pop()}=${r.error ? `ERROR(${r.error.first})` : r.unsupported ? 'not supported' : fmt(r.value)}${r.partial ? '*' : ''}`).join(' ');
};
const runNotes = [];

/** One server start: cold start, then `scenarios` in order on one client; the server is stopped whatever happens. */
async function session(name, scenarios, sizesFor, tag) {
  let target;
  try {
    target = await startTarget(name, workDir);
  } catch (err) {
    log(`${tag} ${TARGETS[name].label}: could not start: ${err.message.split('\n')[0]}`);
    push(name, { 'coldStart.ms': { error: { count: 1, first: err.message.split('\n')[0] } } });
    for (const s of scenarios) push(name, allFailed(s.metrics, { count: 1, first: `${TARGETS[name].label} did not start` }));
    return;
  }
  push(name, { 'coldStart.ms': { value: target.coldStartMs } });
  log(`${tag} ${target.label}: up on 127.0.0.1:${target.port} in ${fmt(target.coldStartMs)} ms (pids ${target.tree().map((p) => p.pid).join(' ')})`);
  const client = createClient({ port: target.port, maxSockets: 64, credentials: target.credentials });
  try {
    try {
      await warmup(client, sizes.warmup);
    } catch (err) {
      log(`${tag} ${target.short}: warm-up failed (${err.message}); measuring anyway`);
    }
    for (const s of scenarios) {
      let results;
      try {
        results = await s.run({ client, target, sizes: sizesFor(s), log });
      } catch (err) {
        results = allFailed(s.metrics, { count: 1, first: err.message });
      }
      push(name, results);
      log(`${tag} ${target.short.padEnd(4)} ${s.id}: ${summary(results)}`);
    }
  } finally {
    client.close();
    await target.stop();
    try {
      copyFileSync(target.logPath, path.join(logDir, `${name}.log`)); // each target's last server log, for a look after
    } catch {
      // no log written
    }
    rmSync(target.dir, { recursive: true, force: true });
  }
}

const repScenarios = REP_SCENARIOS.filter((s) => scenarioIds.includes(s.id));
// A target may run only some scenarios (the verify variant: the put scenarios); one with none left is not started.
const scenariosOf = (name) => repScenarios.filter((s) => !TARGETS[name].scenarios || TARGETS[name].scenarios.includes(s.id));
for (let rep = 1; rep <= reps; rep++) {
  // Rotate the order each repetition, so no target always runs first (cold JIT caches, a neighbour's load).
  const order = targetNames.map((_, i) => targetNames[(i + rep - 1) % targetNames.length]);
  for (const name of order) if (scenariosOf(name).length) await session(name, scenariosOf(name), (s) => sizes[s.id], `[rep ${rep}/${reps}]`);
}

// The price of --auth verify: ours open and ours verify up together, the same blocks alternating between them.
if (scenarioIds.includes(sigv4Pair.id) && targetNames.some((name) => TARGETS[name].paired)) await pairSession(targetNames.find((name) => TARGETS[name].paired));

async function pairSession(name) {
  const base = TARGETS[name].paired === true ? 'edge-memory' : TARGETS[name].paired;
  const started = [];
  try {
    for (const n of [base, name]) {
      const target = await startTarget(n, workDir);
      started.push({ target, client: createClient({ port: target.port, maxSockets: 64, credentials: target.credentials }) });
      log(`[sigv4] ${target.label}: up on 127.0.0.1:${target.port} (pids ${target.tree().map((p) => p.pid).join(' ')})`);
    }
    for (const { client } of started) await warmup(client, sizes.warmup);
    const results = await sigv4Pair.run({ open: started[0], verify: started[1], sizes: sizes[sigv4Pair.id], log });
    for (const [key, list] of Object.entries(results)) for (const r of list) push(name, { [key]: r });
  } catch (err) {
    log(`[sigv4] could not run: ${err.message.split('\n')[0]}`);
    push(name, allFailed(sigv4Pair.metrics, { count: 1, first: err.message.split('\n')[0] }));
  } finally {
    for (const { target, client } of started) {
      client.close();
      await target.stop();
      rmSync(target.dir, { recursive: true, force: true });
    }
  }
}

if (scenarioIds.includes('million')) {
  // ours first, the slow peer last: it gets what the budget leaves. Variants (verify) have no 1M phase.
  const order = targetNames.filter((name) => !TARGETS[name].scenarios || TARGETS[name].scenarios.includes('million'));
  for (let i = 0; i < order.length; i++) {
    const name = order[i];
    // What the budget leaves, less a reserve for each target still to come and this one's read phase.
    const left = budgetMs - (performance.now() - t0);
    const share = Math.max(5_000, left - (order.length - 1 - i) * sizes.million.reserveMs - sizes.million.readMs - 10_000);
    /** @type {typeof sizes.million & { note?: string }} */
    const m = { ...sizes.million, maxMs: Math.min(sizes.million.maxMs, share) };
    if (m.maxMs < sizes.million.maxMs) runNotes.push(`${TARGETS[name].label}: 1M phase bounded at ${fmt(m.maxMs / 1000)} s (the run's time budget).`);
    const rate = aggregateAll({ x: { r: samples[name]['putRecords.recs'] ?? [] } }).x.r?.median;
    if (rate && (m.records / rate) * 1000 > m.maxMs * 1.2) {
      m.maxMs = Math.min(m.maxMs, sizes.million.unreachableMs);
      m.note = `1M out of reach: at ${fmt(rate)} records/s (PutRecords row) it needs ~${fmt(m.records / rate)} s; bounded at ${m.maxMs / 1000} s`;
      runNotes.push(`${TARGETS[name].label}: ${m.note}.`);
    }
    log(`[1M] ${TARGETS[name].label}: up to ${m.records.toLocaleString('en-US')} records, bounded at ${fmt(m.maxMs / 1000)} s`);
    await session(name, [million], () => m, '[1M]');
  }
}

const targets = targetNames.map((name) => ({ name, ...TARGETS[name] }));
const cells = aggregateAll(samples);
const { table, authTable, footnotes } = renderTable(cells, targets);
const judged = judgeTargets(cells, targets);
const targetsTable = renderTargets(judged, targets);
console.log(`\n${opts.quick ? 'QUICK RUN (smoke sizes: the numbers are not a benchmark)\n' : ''}${table}\n${authTable ? `\nSigV4 verification (--auth verify vs open):\n${authTable}\n` : ''}${footnotes ? `\n${footnotes}\n` : ''}\n${targetsTable}\n`);
console.log(`done in ${elapsedS()} s`);

mkdirSync(cacheDir, { recursive: true });
writeFileSync(path.join(cacheDir, 'last-run.json'), JSON.stringify({ date: new Date().toISOString(), quick: !!opts.quick, reps, samples }, null, 1));
if (complete) {
  const peerNotes = [
    '- kinesalite 3.3.3: `require(\'kinesalite\')({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000 })`, listening on 127.0.0.1 (bench/kinesalite-server.cjs); in-memory (memdown).',
    '- kinesis-mock 0.6.2 (npm `kinesis-local`, Scala.js on Node: one node process, no JVM): `node --require bench/loopback-preload.cjs main.js` with KINESIS_MOCK_PLAIN_PORT (used), KINESIS_MOCK_TLS_PORT, KINESIS_MOCK_CERT_PATH=<package>/server.json, every *_DURATION=0ms, SHARD_LIMIT=1000, LOG_LEVEL=WARN (INFO logs every request); in-memory.',
    '- ours: `node bin/kinesis-edge.mjs --host 127.0.0.1 --createStreamMs 0 --deleteStreamMs 0 --updateStreamMs 0`, with `--in-memory` or a fresh `--path` per start; CPU and RSS include the node front and its workerd child.',
    '- ours (verify): ours in memory plus `--auth verify --tenant AKIABENCH00000000001:benchsecret:111111111111`, the client signing with that tenant\'s keys; only in the SigV4 pair (its own table), beside a fresh ours (in-memory).',
    ...runNotes.map((n) => `- ${n}`),
  ].join('\n');
  const sizesText = `PutRecord: ${FULL['put-record'].c1.maxMs / 1000} s per concurrency; PutRecords: up to ${FULL['put-records'].calls} calls or ${FULL['put-records'].maxMs / 1000} s; GetRecords: ${FULL['get-records'].records.toLocaleString('en-US')} records; end-to-end: ${FULL['end-to-end'].records} records ${FULL['end-to-end'].gapMs} ms apart; DescribeStream: ${FULL['describe-stream'].maxMs / 1000} s at concurrency ${FULL['describe-stream'].concurrency}; fan-out: ${FULL['fan-out'].records} records ${FULL['fan-out'].gapMs} ms apart per consumer count; reshard: UpdateShardCount 1 -> 2 -> 4 -> 8 -> 4 -> 2 -> 1; 1M phase bounded at ${FULL.million.maxMs / 1000} s per target (less when the run's ${FULL.budgetS} s budget is short).`;
  const md = renderResults({ date: new Date().toISOString(), durationS: (performance.now() - t0) / 1000, reps, mach: machine(), loadStart, loadEnd: os.loadavg(), table, authTable, footnotes, targetsTable, sizesText, peerNotes });
  writeFileSync(path.join(benchDir, 'results.md'), md);
  console.log('wrote bench/results.md');
} else {
  console.log('bench/results.md not rewritten (only a full run of every target and scenario does that); samples in bench/.cache/last-run.json');
}
