// Checks a read-back stream against the record book. Pure apart from settling the book's unknown records
// (landed / absent), which is what later rounds must then hold to.
import { compareSeq } from '../records.mjs';
import { idOf } from './book.mjs';

const KEEP = 20; // examples kept per kind of problem, for the report

/**
 * shards: readStream's result. Resolves counts and examples of: lost (acked or landed, not read), duplicates (an id
 * read twice), shardOrder (a sequence number not above the previous one in its shard), keyOrder (an acked record of
 * a producer+partition key read before one from an earlier request of the same key: PutRecords orders nothing
 * within one request, https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html), ackMismatch
 * (read in another shard, with another sequence number or key than acknowledged), neverSent (an id nobody sent),
 * forbidden (a rejected or absent record read), landed (unknown records read for the first time).
 */
export function checkStream(book, shards) {
  const found = { read: 0, landed: 0, lost: [], duplicates: [], shardOrder: [], keyOrder: [], ackMismatch: [], neverSent: [], forbidden: [] };
  const counts = Object.fromEntries(Object.keys(found).filter((k) => Array.isArray(found[k])).map((k) => [k, 0]));
  const note = (kind, what) => {
    counts[kind]++;
    if (found[kind].length < KEEP) found[kind].push(what);
  };
  const seen = new Map();
  const lastRequest = new Map(); // "p key" -> [round, request number] of the last acked record read
  for (const { shardId, records } of shards) {
    let last;
    for (const r of records) {
      found.read++;
      if (last !== undefined && compareSeq(r.SequenceNumber, last) <= 0) note('shardOrder', `${shardId}: ${r.SequenceNumber} read after ${last}`);
      last = r.SequenceNumber;
      const id = idOf(r.Data);
      const e = book.get(id);
      if (!e) {
        note('neverSent', `${shardId} ${r.SequenceNumber}: data ${JSON.stringify(id.slice(0, 40))}`);
        continue;
      }
      const times = (seen.get(id) ?? 0) + 1;
      seen.set(id, times);
      if (times > 1) {
        note('duplicates', `${id} (${e.state}) again in ${shardId} at ${r.SequenceNumber}`);
        continue;
      }
      if (e.state === 'unknown') {
        Object.assign(e, { state: 'landed', shardId, seq: r.SequenceNumber });
        found.landed++;
      } else if (e.state === 'rejected' || e.state === 'absent') {
        note('forbidden', `${id} (${e.state}${e.why ? `: ${e.why}` : ''}) read in ${shardId} at ${r.SequenceNumber}`);
      } else if (e.state === 'sent') {
        throw new Error(`${id} has no outcome yet: read-back must wait for every request to finish`);
      }
      if (e.state === 'acked' || e.state === 'landed') {
        if (e.shardId !== shardId || e.seq !== r.SequenceNumber || e.key !== r.PartitionKey) {
          note('ackMismatch', `${id}: read ${shardId} ${r.SequenceNumber} key ${r.PartitionKey}, ${e.state} ${e.shardId} ${e.seq} key ${e.key}`);
        }
      }
      if (e.state === 'acked') {
        const k = `${e.p} ${e.key}`;
        const [round, request] = e.request.split('.').map(Number);
        const prev = lastRequest.get(k);
        if (prev && (round < prev[0] || (round === prev[0] && request < prev[1]))) note('keyOrder', `${id} (request ${e.request}) read after request ${prev.join('.')} of producer ${e.p} key ${e.key}`);
        else lastRequest.set(k, [round, request]);
      }
    }
  }
  for (const e of book.records.values()) {
    if ((e.state === 'acked' || e.state === 'landed') && !seen.has(e.id)) {
      note('lost', `${e.id} ${e.state} in round ${e.round} by ${e.op} (request ${e.request}, key ${e.key}): ${e.shardId} ${e.seq}`);
    } else if (e.state === 'unknown') e.state = 'absent';
  }
  return { ...found, counts };
}
