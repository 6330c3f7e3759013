// What the benchmark writes and how it checks what it reads back: deterministic payloads that carry their index,
// a ledger of acknowledged records (index -> shard, sequence number), and a per-shard read check
// (count, order by sequence number, exact bytes). Pure: no I/O.

const HEADER_BYTES = 18; // a multiple of 3, so a payload's base64 is base64(header) + base64(filler)
const HEADER_B64 = 24;
const fillers = new Map();

function fillerB64(size) {
  if (!fillers.has(size)) {
    const bytes = Buffer.alloc(size - HEADER_BYTES);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
    fillers.set(size, bytes.toString('base64'));
  }
  return fillers.get(size);
}

/** Base64 Data of record `index` of `size` bytes (size >= 18). */
export function payloadB64(index, size) {
  return Buffer.from(`r${String(index).padStart(HEADER_BYTES - 1, '0')}`, 'latin1').toString('base64') + fillerB64(size);
}

/** The index a Data string carries, or -1 when its bytes are not exactly what payloadB64 wrote. */
export function payloadIndex(b64, size) {
  const filler = fillerB64(size);
  if (typeof b64 !== 'string' || b64.length !== HEADER_B64 + filler.length || !b64.startsWith(filler, HEADER_B64)) return -1;
  const header = Buffer.from(b64.slice(0, HEADER_B64), 'base64').toString('latin1');
  return /^r\d{17}$/.test(header) ? Number(header.slice(1)) : -1;
}

export const randomKey = () => Math.random().toString(36).slice(2, 12) || 'k';

/** "shardId-000000000003" -> 3 (every target names shards this way). */
export const shardIndex = (shardId) => Number(/(\d+)$/.exec(shardId)?.[1] ?? NaN);

/** Sequence numbers are decimal strings of up to 128 bits: compare by length, then text. */
export const compareSeq = (a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** PutRecords request body for records [first, first + count). */
export function putRecordsBody(streamName, first, count, size) {
  const items = new Array(count);
  for (let k = 0; k < count; k++) items[k] = `{"Data":"${payloadB64(first + k, size)}","PartitionKey":"${randomKey()}"}`;
  return `{"StreamName":${JSON.stringify(streamName)},"Records":[${items.join(',')}]}`;
}

/** Acknowledged records: index -> { shard, seq }. */
export class Ledger {
  constructor(capacity) {
    this.shardOf = new Int32Array(capacity).fill(-1);
    this.seqOf = new Array(capacity);
    this.count = 0;
    this.perShard = new Map();
  }
  /** Records one acknowledgement; returns an error message when it is malformed or a duplicate. */
  ack(index, shardId, seq) {
    const shard = shardIndex(shardId);
    if (!Number.isInteger(shard) || typeof seq !== 'string' || !/^\d+$/.test(seq)) return `bad acknowledgement for record ${index}: ${shardId} ${seq}`;
    if (this.shardOf[index] !== -1) return `record ${index} acknowledged twice`;
    this.shardOf[index] = shard;
    this.seqOf[index] = seq;
    this.count++;
    this.perShard.set(shard, (this.perShard.get(shard) ?? 0) + 1);
    return undefined;
  }
}

/** Checks the records read from one shard, in the order read, against the ledger. */
export class ShardReadCheck {
  /** @param {Ledger} ledger @param {number} shard @param {number} size */
  constructor(ledger, shard, size) {
    this.ledger = ledger;
    this.shard = shard;
    this.size = size;
    this.count = 0;
    this.bytes = 0;
    this.lastSeq = '';
    /** @type {{ count: number, first: string | undefined }} */
    this.errors = { count: 0, first: undefined };
    this.seen = new Uint8Array(ledger.shardOf.length);
  }
  fail(message) {
    this.errors.count++;
    this.errors.first ??= message;
  }
  add(records) {
    for (const r of records) {
      const index = payloadIndex(r.Data, this.size);
      if (index < 0 || index >= this.seen.length) {
        this.fail(`shard ${this.shard}: record ${r.SequenceNumber} has bytes the benchmark did not write`);
        continue;
      }
      if (this.lastSeq && compareSeq(r.SequenceNumber, this.lastSeq) <= 0) this.fail(`shard ${this.shard}: ${r.SequenceNumber} read after ${this.lastSeq} (out of order)`);
      this.lastSeq = r.SequenceNumber;
      if (this.seen[index]++) this.fail(`shard ${this.shard}: record ${index} read twice`);
      if (this.ledger.shardOf[index] !== this.shard) this.fail(`record ${index} read from shard ${this.shard}, acknowledged on ${this.ledger.shardOf[index]}`);
      else if (this.ledger.seqOf[index] !== r.SequenceNumber) this.fail(`record ${index}: read as ${r.SequenceNumber}, acknowledged as ${this.ledger.seqOf[index]}`);
      this.count++;
      this.bytes += this.size;
    }
  }
}
