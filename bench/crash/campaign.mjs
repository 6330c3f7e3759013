// The rounds of a crash campaign: produce, SIGKILL the server's whole tree at a random moment, restart on the same
// data, read everything back and check it against the record book. The stream keeps growing across rounds and
// every read-back checks all of it.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from '../client.mjs';
import { commandName } from '../proc.mjs';
import { createStreamAndWait } from '../streams.mjs';
import { Book } from './book.mjs';
import { checkStream } from './check.mjs';
import { runProducers } from './producers.mjs';
import { between, keysForShards, seeded } from './random.mjs';
import { readStream } from './readback.mjs';
import { killGroup, startServer, stopServer } from './server.mjs';

const KEYS_PER_SHARD = 2; // partition keys per producer and shard
const READ_MS = 120_000;
const LATE_MS = 50; // "acknowledged just before the kill": the writes most at risk if an answer ran ahead of the disk
const PROBLEM_KINDS = ['lost', 'duplicates', 'shardOrder', 'keyOrder', 'ackMismatch', 'neverSent', 'forbidden'];

/** What a killed server left in its TMPDIR (Miniflare's miniflare-* dirs, unless something removed them): count
 *  and remove, so nothing of the campaign stays in the system's temp directory. */
function sweep(tmpDir) {
  const left = readdirSync(tmpDir);
  for (const name of left) rmSync(path.join(tmpDir, name), { recursive: true, force: true });
  return left.length;
}

/** Records of this round acknowledged at or after `since` (performance.now() time). */
function ackedSince(book, round, since) {
  let n = 0;
  for (const e of book.records.values()) if (e.round === round && e.state === 'acked' && e.at >= since) n++;
  return n;
}

/** Resolves { rows, details, restartFailure, perShard, tmpLeft }; `log` prints progress. */
export async function runCampaign(opts, { dataDir, tmpDir, logPath }, log) {
  const rng = seeded(opts.seed);
  const book = new Book();
  const stream = `crash-${opts.seed}-${Date.now().toString(36)}`; // fresh per campaign: a reused --path may hold others
  /** @type {{ rows: Record<string, number>[], details: string[], restartFailure: string | undefined, perShard: number[], tmpLeft: number }} */
  const out = { rows: [], details: [], restartFailure: undefined, perShard: [], tmpLeft: 0 };
  const connect = (server) => createClient({ port: server.port, maxSockets: opts.producers + 1, timeoutMs: 10_000 });
  let server = await startServer({ dataDir, tmpDir, logPath });
  log(`server tree: ${server.tree.map((p) => `${commandName(p.pid)} ${p.pid}`).join(', ')} (process group ${server.pid})`);
  let client = connect(server);
  await createStreamAndWait(client, stream, opts.shards);
  const { Shards } = await client.call('ListShards', { StreamName: stream });
  const keys = keysForShards(Shards, opts.producers, KEYS_PER_SHARD);

  for (let round = 1; round <= opts.rounds; round++) {
    const t0 = performance.now();
    const killMs = between(rng, opts.min, opts.max);
    let killed = false;
    const producing = runProducers({ client, stream, book, keys, producers: opts.producers, round, seed: opts.seed, isKilled: () => killed });
    await new Promise((r) => setTimeout(r, killMs));
    killed = true; // before the signal: every request that fails from here on was in flight at the kill
    const killAt = performance.now();
    const survivors = await killGroup(server);
    const counts = await producing;
    client.close();
    out.tmpLeft += sweep(tmpDir);
    if (survivors.length) out.details.push(`round ${round}: pids ${survivors.join(', ')} outlived the group SIGKILL by 5 s`);
    const tRestart = performance.now();
    try {
      server = await startServer({ dataDir, tmpDir, logPath });
    } catch (err) {
      out.restartFailure = `round ${round}: restart on the same data failed${/lock|in use/i.test(err.message) ? ' (data-directory lock)' : ''}: ${err.message}`;
      return out;
    }
    const restartMs = Math.round(performance.now() - tRestart);
    client = connect(server);
    const shards = await readStream(client, stream, READ_MS);
    const found = checkStream(book, shards);
    out.perShard = shards.map((s) => s.records.length);
    const row = {
      round,
      killMs,
      acked: counts.acked,
      ackedLate: ackedSince(book, round, killAt - LATE_MS),
      unknown: counts.unknown,
      landed: found.landed,
      rejected: counts.rejected,
      errorsBeforeKill: counts.errorsBeforeKill.length,
      lost: found.counts.lost,
      duplicates: found.counts.duplicates,
      order: found.counts.shardOrder + found.counts.keyOrder,
      ackMismatch: found.counts.ackMismatch,
      neverSent: found.counts.neverSent,
      forbidden: found.counts.forbidden,
      read: found.read,
      restartMs,
      roundS: Number(((performance.now() - t0) / 1000).toFixed(1)),
    };
    out.rows.push(row);
    log(`round ${round}: kill at ${killMs} ms, ${counts.acked} acked (${counts.ackedPutRecord} PutRecord, ${counts.ackedPutRecords} PutRecords), ` +
      `${counts.unknown} unknown (${found.landed} landed), restart ${restartMs} ms, ${found.read} read, lost ${row.lost}, dup ${row.duplicates}, ` +
      `order ${row.order}, mismatch ${row.ackMismatch}, never sent ${row.neverSent}, refused/absent present ${row.forbidden}`);
    for (const e of counts.errorsBeforeKill.slice(0, 5)) out.details.push(`round ${round}: error before the kill: ${e}`);
    for (const kind of PROBLEM_KINDS) for (const what of found[kind]) out.details.push(`round ${round} ${kind}: ${what}`);
  }

  client.close();
  const left = await stopServer(server);
  if (left.length) out.details.push(`final stop: pids ${left.join(', ')} outlived SIGTERM + SIGKILL`);
  out.tmpLeft += sweep(tmpDir);
  return out;
}
