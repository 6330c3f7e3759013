// Turns the samples of a run into the one table (medians, min-max, ratios ours/peer), the list of targets
// met or not, and bench/results.md. Reads nothing but what it is given and the machine's description.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { max, median, min } from './stats.mjs';

const FLAT_MB = 50; // "flat": RSS grows by less than this from the first quarter of the 1M records to the end

/** Rows of the table, in order. better: which way wins ('higher' | 'lower'), or null (not a contest).
 *  sizeDependent: only comparable when both targets stored the same records (neither value partial). */
export const ROWS = [
  { key: 'coldStart.ms', label: 'Cold start: spawn -> first ListStreams (ms)', better: 'lower' },
  { key: 'create.ms', label: 'CreateStream -> ACTIVE (ms)', better: 'lower' },
  ...[1, 32].flatMap((c) => [
    { key: `put${c}.ops`, label: `PutRecord, concurrency ${c} (ops/s)`, better: 'higher' },
    { key: `put${c}.p50`, label: '  p50 latency (ms)', better: 'lower' },
    { key: `put${c}.p99`, label: '  p99 latency (ms)', better: 'lower' },
    { key: `put${c}.srvCpu`, label: '  server CPU (µs/op)', better: 'lower' },
    { key: `put${c}.cliCpu`, label: '  client CPU (µs/op)', better: null },
  ]),
  { key: 'putRecords.recs', label: 'PutRecords 500 x 1 KiB, 4 callers (records/s)', better: 'higher' },
  { key: 'putRecords.srvCpu', label: '  server CPU (µs/record)', better: 'lower' },
  { key: 'putRecords.cliCpu', label: '  client CPU (µs/record)', better: null },
  { key: 'getRecords.recs', label: 'GetRecords, drain 50k x 1 KiB from 1 shard (records/s)', better: 'higher' },
  { key: 'getRecords.srvCpu', label: '  server CPU (µs/record)', better: 'lower' },
  { key: 'getRecords.cliCpu', label: '  client CPU (µs/record)', better: null },
  { key: 'e2e.p50', label: 'End-to-end put -> GetRecords poller, p50 (ms)', better: 'lower' },
  { key: 'e2e.p99', label: '  p99 (ms)', better: 'lower' },
  { key: 'describe.ops', label: 'DescribeStream (ops/s)', better: 'higher' },
  { key: 'describe.srvCpu', label: '  server CPU (µs/op)', better: 'lower' },
  { key: 'describe.cliCpu', label: '  client CPU (µs/op)', better: null },
  ...[1, 4].flatMap((n) => [
    { key: `fanout${n}.p50`, label: `Fan-out put -> SubscribeToShard, ${n} consumer${n > 1 ? 's' : ''}, p50 (ms)`, better: 'lower' },
    { key: `fanout${n}.p99`, label: '  p99 (ms)', better: 'lower' },
    { key: `fanout${n}.afterAck`, label: "  from the put's acknowledgement, p50 (ms)", better: 'lower' },
  ]),
  // Per step: shown, not contested (the direction's total is the contest; a step of a few ms is mostly noise).
  { key: 'reshard.upMs', label: 'UpdateShardCount 1 -> 2 -> 4 -> 8, to ACTIVE (ms)', better: 'lower' },
  { key: 'reshard.1to2', label: '  1 -> 2 (ms)', better: null },
  { key: 'reshard.2to4', label: '  2 -> 4 (ms)', better: null },
  { key: 'reshard.4to8', label: '  4 -> 8 (ms)', better: null },
  { key: 'reshard.downMs', label: 'UpdateShardCount 8 -> 4 -> 2 -> 1, to ACTIVE (ms)', better: 'lower' },
  { key: 'reshard.8to4', label: '  8 -> 4 (ms)', better: null },
  { key: 'reshard.4to2', label: '  4 -> 2 (ms)', better: null },
  { key: 'reshard.2to1', label: '  2 -> 1 (ms)', better: null },
  { key: 'million.stored', label: '1M x 1 KiB, 4 shards: records stored (1 run)', better: 'higher' },
  { key: 'million.putRecs', label: '  PutRecords while filling (records/s)', better: 'higher' },
  { key: 'million.rssMB', label: '  server RSS after storing (MB)', better: 'lower', sizeDependent: true },
  { key: 'million.rssGrowthMB', label: '  RSS growth, first quarter -> end (MB)', better: 'lower', sizeDependent: true },
  { key: 'million.getRecs', label: '  GetRecords from the start of shard 0 (records/s)', better: 'higher' },
  { key: 'million.getRatio', label: '  ... as a fraction of the 50k drain rate', better: 'higher', sizeDependent: true },
  { key: 'million.getSrvCpu', label: '  server CPU (µs/record)', better: 'lower' },
  { key: 'million.getCliCpu', label: '  client CPU (µs/record)', better: null },
];

/** Rows of the SigV4 table, from the paired scenario (scenarios/sigv4-pair.mjs): per round, the same block of load on
 *  ours with --auth open and with --auth verify; change is each round's verify against open, in %. */
export const AUTH_ROWS = [
  { kind: 'put1', label: 'PutRecord, concurrency 1: server CPU (µs/op)', rate: '  ops/s' },
  { kind: 'putRecords', label: 'PutRecords 500 x 1 KiB, 4 callers: server CPU (µs/record)', rate: '  records/s' },
];
const AUTH_TARGET_PCT = 10; // the issue's target: verification adds under 10% to PutRecords server CPU

/** One cell from a target's samples of one key: { median, min, max, n, partial[], error } or { unsupported }, or
 *  undefined (not run). */
function aggregate(list) {
  if (!list?.length) return undefined;
  const unsupportedOnes = list.filter((r) => r.unsupported);
  if (unsupportedOnes.length === list.length) return { unsupported: unsupportedOnes[0].unsupported };
  if (unsupportedOnes.length) return { error: { count: unsupportedOnes.length, first: `not supported in ${unsupportedOnes.length} of ${list.length} runs: ${unsupportedOnes[0].unsupported}` } };
  const failedOnes = list.filter((r) => r.error);
  if (failedOnes.length) {
    return { error: { count: failedOnes.reduce((s, r) => s + r.error.count, 0), first: failedOnes[0].error.first } };
  }
  const values = list.map((r) => r.value).filter(Number.isFinite);
  const partial = [...new Set(list.map((r) => r.partial).filter(Boolean))];
  return { median: median(values), min: min(values), max: max(values), n: values.length, partial };
}

/** samples: { [target]: { [key]: result[] } } -> cells: { [target]: { [key]: cell } }, with derived rows. */
export function aggregateAll(samples) {
  const cells = {};
  for (const [target, byKey] of Object.entries(samples)) {
    cells[target] = {};
    for (const [key, list] of Object.entries(byKey)) cells[target][key] = aggregate(list);
    const big = cells[target]['million.getRecs'];
    const small = cells[target]['getRecords.recs'];
    if (big && small) {
      cells[target]['million.getRatio'] = big.error || small.error
        ? { error: big.error ?? small.error }
        : { median: big.median / small.median, min: big.median / small.median, max: big.median / small.median, n: 1, partial: big.partial };
    }
  }
  return cells;
}

export function fmt(v) {
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

const ratioOf = (ours, peer) => (ours && peer && !ours.error && !peer.error && !ours.unsupported && !peer.unsupported && Number.isFinite(ours.median) && Number.isFinite(peer.median) && peer.median !== 0 ? ours.median / peer.median : undefined);

/** The variant's median against its base's, in % (+ = the variant's value is higher), or undefined. */
const changeOf = (variant, base) => {
  const r = ratioOf(variant, base);
  return r === undefined ? undefined : (r - 1) * 100;
};
const pct = (v) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;

/** Aligned Markdown from a header and rows of strings (first column left, the rest right). */
function markdown(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmtRow = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [fmtRow(header), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(fmtRow)].join('\n');
}

/**
 * The table as aligned Markdown, the SigV4 table ('' when no variant target ran), and the footnotes of both.
 * targets: [{ name, short, label, ours, paired? }]; the paired one (ours with --auth verify) appears only in the second.
 */
export function renderTable(cells, targets) {
  const main = targets.filter((t) => !t.paired);
  const ours = main.filter((t) => t.ours);
  const peers = main.filter((t) => !t.ours);
  const notes = [];
  const note = (text) => {
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return `[${i + 1}]`;
  };
  const cellText = (t, row) => {
    const c = cells[t.name]?.[row.key];
    if (!c) return '—';
    if (c.error) return `ERROR x${c.error.count} ${note(`${t.label}, ${row.label.trim()}: ${c.error.first}`)}`;
    if (c.unsupported) return `not supported ${note(`${t.label}: ${c.unsupported}`)}`;
    let text = fmt(c.median);
    if (c.n > 1) text += ` (${fmt(c.min)}–${fmt(c.max)})`;
    for (const p of c.partial) text += `*${note(`${t.label}: ${p}`)}`;
    return text;
  };
  const header = ['Metric', ...main.map((t) => t.label), ...peers.flatMap((p) => ours.map((o) => `${o.short}/${p.short}`))];
  const rows = [];
  for (const row of ROWS) {
    if (!main.some((t) => cells[t.name]?.[row.key])) continue;
    const line = [row.label, ...main.map((t) => cellText(t, row))];
    for (const p of peers) for (const o of ours) {
      const r = ratioOf(cells[o.name]?.[row.key], cells[p.name]?.[row.key]);
      line.push(r === undefined ? '—' : `${r.toFixed(2)}x`);
    }
    rows.push(line);
  }
  const table = rows.length ? markdown(header, rows) : '(no row: only the SigV4 pair ran)';

  let authTable = '';
  const pair = targets.find((t) => t.paired);
  if (pair && cells[pair.name]) {
    const at = (key) => ({ name: pair.name, label: pair.label, key });
    const authRows = [];
    for (const row of AUTH_ROWS) {
      const k = `auth.${row.kind}`;
      if (!cells[pair.name][`${k}.open`]) continue;
      const change = cells[pair.name][`${k}.change`];
      const changeText = !change || change.error ? '—' : `${pct(change.median)}${change.n > 1 ? ` (${pct(change.min)} to ${pct(change.max)})` : ''}`;
      authRows.push([row.label, cellText(at(), { key: `${k}.open`, label: row.label }), cellText(at(), { key: `${k}.verify`, label: row.label }), changeText, ...peers.map(() => 'not applicable')]);
      const rateChange = changeOf(cells[pair.name][`${k}.verifyRate`], cells[pair.name][`${k}.openRate`]);
      authRows.push([row.rate, cellText(at(), { key: `${k}.openRate`, label: row.label }), cellText(at(), { key: `${k}.verifyRate`, label: row.label }), rateChange === undefined ? '—' : pct(rateChange), ...peers.map(() => 'not applicable')]);
    }
    if (authRows.length) authTable = markdown(['Metric', 'ours --auth open', 'ours --auth verify', 'verify vs open', ...peers.map((p) => p.label)], authRows);
  }
  const footnotes = notes.map((n, i) => `[${i + 1}] ${n}`).join('\n');
  return { table, authTable, footnotes };
}

const labelOf = (targets, name) => targets.find((t) => t.name === name)?.label ?? name;

/** The issue's targets, each judged for every one of our targets: [{ text, results: { [ourName]: string } }]. */
export function judgeTargets(cells, targets) {
  const ours = targets.filter((t) => t.ours && !t.paired);
  const pair = targets.find((t) => t.paired);
  const kl = targets.find((t) => t.name === 'kinesalite');
  const km = targets.find((t) => t.name === 'kinesis-mock');
  const vsKinesalite = (key, test, wanted) => (o) => {
    if (!kl) return 'kinesalite not run';
    const r = ratioOf(cells[o.name]?.[key], cells[kl.name]?.[key]);
    if (r === undefined) return cells[o.name]?.[key]?.error ? 'not met (errors)' : 'not measured';
    return `${test(r) ? 'met' : 'not met'} (${r.toFixed(2)}x, want ${wanted})`;
  };
  const checks = [
    { text: 'PutRecords records/s >= 3x kinesalite', judge: vsKinesalite('putRecords.recs', (r) => r >= 3, '>= 3x') },
    { text: 'GetRecords records/s >= 2x kinesalite', judge: vsKinesalite('getRecords.recs', (r) => r >= 2, '>= 2x') },
    { text: 'PutRecord ops/s at concurrency 1 >= 1x kinesalite', judge: vsKinesalite('put1.ops', (r) => r >= 1, '>= 1x') },
    { text: 'PutRecord ops/s at concurrency 32 >= 1x kinesalite', judge: vsKinesalite('put32.ops', (r) => r >= 1, '>= 1x') },
    { text: 'DescribeStream ops/s >= 1x kinesalite', judge: vsKinesalite('describe.ops', (r) => r >= 1, '>= 1x') },
    { text: "End-to-end p50 latency <= kinesalite's", judge: vsKinesalite('e2e.p50', (r) => r <= 1, '<= 1x') },
    {
      text: `RSS with 1M records <= 250 MB and flat (grows < ${FLAT_MB} MB from 250k to 1M)`,
      judge: (o) => {
        const rss = cells[o.name]?.['million.rssMB'];
        const growth = cells[o.name]?.['million.rssGrowthMB'];
        if (!rss || rss.error) return rss ? 'not met (errors)' : 'not measured';
        const reached = !rss.partial.length;
        const good = reached && rss.median <= 250 && Number.isFinite(growth?.median) && growth.median < FLAT_MB;
        return `${good ? 'met' : 'not met'} (${fmt(rss.median)} MB, growth ${fmt(growth?.median)} MB${reached ? '' : ', 1M not reached'})`;
      },
    },
    {
      text: 'GetRecords rate at 1M within 20% of the rate at 50k',
      judge: (o) => {
        const c = cells[o.name]?.['million.getRatio'];
        if (!c || c.error) return c ? 'not met (errors)' : 'not measured';
        return `${c.median >= 0.8 ? 'met' : 'not met'} (${(c.median * 100).toFixed(0)}% of the 50k rate)`;
      },
    },
    {
      text: 'Fan-out put -> subscriber p50 < 5 ms, 1 and 4 consumers',
      judge: (o) => {
        const got = [1, 4].map((n) => cells[o.name]?.[`fanout${n}.p50`]);
        if (got.some((c) => !c)) return 'not measured';
        if (got.some((c) => c.error || c.unsupported)) return `not met (${got.some((c) => c.error) ? 'errors' : 'not supported'})`;
        return `${got.every((c) => c.median < 5) ? 'met' : 'not met'} (${got.map((c) => fmt(c.median)).join(' / ')} ms)`;
      },
    },
    {
      text: `verify adds < ${AUTH_TARGET_PCT}% to PutRecords server CPU (--auth verify vs open, in memory)`,
      judge: (o) => {
        if (!pair) return 'verify not run';
        if (o.name !== 'edge-memory') return `not applicable (measured against ${labelOf(targets, 'edge-memory')})`;
        const c = cells[pair.name]?.['auth.putRecords.change'];
        if (!c) return 'not measured';
        if (c.error) return 'not met (errors)';
        const v = cells[pair.name]['auth.putRecords.verify'];
        const b = cells[pair.name]['auth.putRecords.open'];
        return `${c.median < AUTH_TARGET_PCT ? 'met' : 'not met'} (${pct(c.median)}, median of ${c.n} paired rounds: ${fmt(v?.median)} vs ${fmt(b?.median)} µs/record)`;
      },
    },
    {
      text: 'Cold start < 1 s',
      judge: (o) => {
        const c = cells[o.name]?.['coldStart.ms'];
        if (!c || c.error) return c ? 'not met (errors)' : 'not measured';
        return `${c.median < 1000 ? 'met' : 'not met'} (${fmt(c.median)} ms)`;
      },
    },
    {
      text: 'kinesis-mock beaten on every row',
      judge: (o) => {
        if (!km) return 'kinesis-mock not run';
        const lost = [];
        let compared = 0;
        let skipped = 0;
        for (const row of ROWS) {
          if (!row.better) continue;
          const a = cells[o.name]?.[row.key];
          const b = cells[km.name]?.[row.key];
          if (!a || !b) continue;
          if (row.sizeDependent && (a.partial?.length || b.partial?.length)) {
            skipped++;
            continue;
          }
          if (b.unsupported) continue; // nothing to beat
          compared++;
          if (a.error) lost.push(`${row.label.trim()} (errors)`);
          else if (a.unsupported) lost.push(`${row.label.trim()} (not supported)`);
          else if (!b.error && !(row.better === 'higher' ? a.median > b.median : a.median < b.median)) lost.push(row.label.trim());
        }
        if (!compared) return 'not measured';
        const aside = skipped ? `; ${skipped} memory rows not comparable: kinesis-mock stored fewer records` : '';
        return lost.length ? `not met (${compared - lost.length}/${compared} rows${aside}; lost: ${lost.join('; ')})` : `met (${compared}/${compared} rows${aside})`;
      },
    },
  ];
  return checks.map((c) => ({ text: c.text, results: Object.fromEntries(ours.map((o) => [o.name, c.judge(o)])) }));
}

export function renderTargets(judged, targets) {
  const ours = targets.filter((t) => t.ours && !t.paired);
  if (!ours.length) return '(no target of ours was run: nothing to judge)';
  const lines = [`| Target | ${ours.map((o) => o.label).join(' | ')} |`, `|:--|${ours.map(() => ':--').join('|')}|`];
  for (const j of judged) lines.push(`| ${j.text} | ${ours.map((o) => j.results[o.name]).join(' | ')} |`);
  return lines.join('\n');
}

export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return {
    cpu,
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

export function renderResults({ date, durationS, reps, mach, loadStart, loadEnd, table, authTable, footnotes, targetsTable, sizesText, peerNotes }) {
  return `# Benchmark results

Generated by \`npm run bench\` (bench/run.mjs) on ${date}, in ${Math.round(durationS)} s. Do not edit by hand: the next
full run rewrites this file. How each row is measured: [README.md](README.md).

## Machine

- CPU: ${mach.cpu}, ${mach.cores} cores
- Memory: ${mach.memoryGiB.toFixed(1)} GiB
- Node ${mach.node}, ${mach.os}
- Load average (1/5/15 min) at start: ${loadStart.map((l) => l.toFixed(2)).join(' / ')}; at end: ${loadEnd.map((l) => l.toFixed(2)).join(' / ')}

## Results

Medians over ${reps} repetitions, min–max in parentheses (the 1M rows: one run per target). Ratio columns are
ours/peer (mem = ours in memory, disk = ours persisted, kl = kinesalite, km = kinesis-mock): above 1x wins for
rates, below 1x wins for latencies, CPU and memory. CPU is per operation (or per record): the server's process tree
from /proc, the client from process.cpuUsage(). \`*\` marks a partial value (a time bound hit), explained below.

${table}

${footnotes || 'No partial values or errors.'}

Sizes: ${sizesText}
${authTable ? `
### SigV4 verification

Ours in memory with \`--auth verify\` (one tenant; every request's signature computed again and compared) and with
\`--auth open\` (the signature's form read, never checked), both up at once; blocks of the same load alternate between
them (open first in odd rounds, verify first in even ones), each metered on its own server's process tree. Medians
over the rounds, min–max in parentheses; the change is each round's verify against open (+ = more). Sequential
sessions on this machine drift by more than the difference measured here, hence the pairs. Every acknowledged record
is read back and checked. The peers do not check signatures. Footnotes: above.

${authTable}
` : ''}
## Targets

${targetsTable}

## Peers

${peerNotes}
`;
}
