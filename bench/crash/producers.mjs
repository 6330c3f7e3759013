// Producer loops for one round: each sends one request at a time until the kill, half of them PutRecord, half
// PutRecords of several records, and books every record's fate. No retries: a retried request could be stored
// twice, and the campaign must see exactly what one send does. (bench/client.mjs resends once when a reused
// connection closes before any byte of the answer; after the kill that resend meets a closed port, ECONNREFUSED,
// since the restart waits for every producer to finish.)
import { performance } from 'node:perf_hooks';
import { between, seeded } from './random.mjs';
import { dataOf } from './book.mjs';

const MAX_BATCH = 20;

/**
 * Runs `producers` loops against `client` until isKilled() turns true and every request has finished.
 * Resolves the round's counts; errorsBeforeKill lists requests that failed while the server was still up.
 */
export async function runProducers({ client, stream, book, keys, producers, round, seed, isKilled }) {
  const counts = { acked: 0, ackedPutRecord: 0, ackedPutRecords: 0, unknown: 0, rejected: 0, requests: 0, errorsBeforeKill: [] };
  const loops = [];
  for (let p = 0; p < producers; p++) {
    // One generator per producer and round: its choices do not depend on how the others' requests interleave.
    const rng = seeded((seed ^ Math.imul(round + 1, 0x9e3779b1) ^ Math.imul(p + 1, 0x85ebca6b)) >>> 0);
    const op = p % 2 === 0 ? 'PutRecord' : 'PutRecords';
    loops.push(produce({ p, op, rng, client, stream, book, keys: keys[p], round, isKilled, counts }));
  }
  await Promise.all(loops);
  return counts;
}

async function produce({ p, op, rng, client, stream, book, keys, round, isKilled, counts }) {
  for (let request = 0; !isKilled(); request++) {
    const size = op === 'PutRecord' ? 1 : between(rng, 2, MAX_BATCH);
    const batch = [];
    for (let i = 0; i < size; i++) batch.push(book.create({ p, key: keys[between(rng, 0, keys.length - 1)], op, request: `${round}.${request}`, round }));
    counts.requests++;
    try {
      if (op === 'PutRecord') {
        const e = batch[0];
        const res = await client.call('PutRecord', { StreamName: stream, PartitionKey: e.key, Data: dataOf(e) });
        book.ack(e, res.ShardId, res.SequenceNumber, performance.now());
        counts.acked++;
        counts.ackedPutRecord++;
      } else {
        const res = await client.call('PutRecords', { StreamName: stream, Records: batch.map((e) => ({ PartitionKey: e.key, Data: dataOf(e) })) });
        if (!Array.isArray(res.Records) || res.Records.length !== batch.length) throw new Error(`PutRecords answered ${res.Records?.length} results for ${batch.length} records`);
        const at = performance.now();
        batch.forEach((e, i) => {
          const r = res.Records[i];
          if (r.ErrorCode) {
            book.reject(e, `${r.ErrorCode}: ${r.ErrorMessage}`);
            counts.rejected++;
          } else {
            book.ack(e, r.ShardId, r.SequenceNumber, at);
            counts.acked++;
            counts.ackedPutRecords++;
          }
        });
      }
    } catch (err) {
      // A 4xx is a refusal: nothing was stored. Anything else (the wire broke, a 5xx) leaves the outcome unknown.
      const refused = err.status >= 400 && err.status < 500;
      for (const e of batch) {
        if (refused) book.reject(e, err.message);
        else book.unknown(e, err.message);
      }
      if (refused) counts.rejected += batch.length;
      else counts.unknown += batch.length;
      if (!isKilled()) counts.errorsBeforeKill.push(`producer ${p} ${op}: ${err.message}`);
    }
  }
}
