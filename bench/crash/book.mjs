// The campaign's record book: every record a producer ever sent, by id, and what is known of its fate.
//   sent      in a request that has not finished yet
//   acked     the server answered 200 with its ShardId and SequenceNumber: it must be stored, for ever, once
//   rejected  the server answered with an error for it (4xx, or a failed PutRecords entry): must never appear
//   unknown   its request was in flight at the kill (or broke on the wire): may or may not be stored
// The read-back after a restart settles each unknown record: seen -> landed (from then on it must stay, like an
// acked one), not seen -> absent (from then on it must never appear).

export class Book {
  constructor() {
    this.records = new Map();
    this.counters = [];
  }

  /** A new record of producer p: id "p<producer>-<counter>", unique over the whole campaign. */
  create({ p, key, op, request, round }) {
    const n = (this.counters[p] = (this.counters[p] ?? 0) + 1);
    const entry = { id: `p${p}-${n}`, p, n, key, op, request, round, state: 'sent' };
    this.records.set(entry.id, entry);
    return entry;
  }

  ack(entry, shardId, seq, at) {
    Object.assign(entry, { state: 'acked', shardId, seq, at });
  }

  reject(entry, why) {
    Object.assign(entry, { state: 'rejected', why });
  }

  unknown(entry, why) {
    Object.assign(entry, { state: 'unknown', why });
  }

  get(id) {
    return this.records.get(id);
  }
}

/** The Data blob of a record: its id, so a read-back record names exactly what was sent. */
export const dataOf = (entry) => Buffer.from(entry.id).toString('base64');
export const idOf = (data) => Buffer.from(String(data), 'base64').toString();
