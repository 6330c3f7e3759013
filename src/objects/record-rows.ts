// How a shard's records sit in SQLite: one row per record, and a record larger than one row may hold (a Durable
// Object's SQLite refuses blobs over 2 MB; a stream's records may reach 10 MiB [DOC UpdateMaxRecordSize]) keeps its
// first MiB in the row and the rest in numbered parts. Must not await: callers run it inside one transaction.
import type { SqlValue } from './sql';
import { DO_MAX_BOUND_PARAMETERS, RECORD_PART_BYTES } from '../limits';

/** Rows per INSERT: as many as the bound-parameter cap allows at 6 columns a row. */
const COLUMNS = 6;
const ROWS_PER_INSERT = Math.floor(DO_MAX_BOUND_PARAMETERS / COLUMNS);
const insertSql = (rows: number) =>
  `INSERT INTO records (counter, seq, arrival, partition_key, data, kms) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}`;
const FULL_INSERT = insertSql(ROWS_PER_INSERT);

export interface NewRow {
  counter: number;
  seq: string;
  arrival: number;
  partitionKey: string;
  data: Uint8Array;
  /** Written while the stream was encrypted. */
  kms: boolean;
}

export interface ReadRow {
  counter: number;
  seq: string;
  arrival: number;
  partitionKey: string;
  data: ArrayBuffer;
  kms: boolean;
}

/** Inserts rows in counter order, splitting any record above RECORD_PART_BYTES into a head row and parts. */
export function insertRecords(storage: DurableObjectStorage, rows: NewRow[]): void {
  const values: SqlValue[] = new Array(rows.length * COLUMNS);
  const large: NewRow[] = [];
  rows.forEach((r, i) => {
    const at = i * COLUMNS;
    values[at] = r.counter;
    values[at + 1] = r.seq;
    values[at + 2] = r.arrival;
    values[at + 3] = r.partitionKey;
    values[at + 4] = r.data.byteLength > RECORD_PART_BYTES ? r.data.subarray(0, RECORD_PART_BYTES) : r.data;
    values[at + 5] = r.kms ? 1 : 0;
    if (r.data.byteLength > RECORD_PART_BYTES) large.push(r);
  });
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
    const n = Math.min(ROWS_PER_INSERT, rows.length - at);
    storage.sql.exec(n === ROWS_PER_INSERT ? FULL_INSERT : insertSql(n), ...(values.slice(at * COLUMNS, (at + n) * COLUMNS) as SqlStorageValue[]));
  }
  for (const r of large) {
    let part = 0;
    for (let offset = RECORD_PART_BYTES; offset < r.data.byteLength; offset += RECORD_PART_BYTES) {
      part++;
      storage.sql.exec('INSERT INTO record_parts (counter, part, data) VALUES (?, ?, ?)', r.counter, part, r.data.subarray(offset, offset + RECORD_PART_BYTES));
    }
    storage.sql.exec('UPDATE records SET parts = ? WHERE counter = ?', part, r.counter);
  }
}

function whole(storage: DurableObjectStorage, counter: number, head: ArrayBuffer): ArrayBuffer {
  const parts = storage.sql.exec<{ data: ArrayBuffer }>('SELECT data FROM record_parts WHERE counter = ? ORDER BY part', counter).toArray();
  const out = new Uint8Array(head.byteLength + parts.reduce((n, p) => n + p.data.byteLength, 0));
  out.set(new Uint8Array(head), 0);
  let at = head.byteLength;
  for (const p of parts) {
    out.set(new Uint8Array(p.data), at);
    at += p.data.byteLength;
  }
  return out.buffer;
}

/**
 * Records after `afterCounter` that arrived at or after `notBefore`, in counter order: at most `limit`, and no more
 * than `maxBytes` of data and keys, except that the first record always comes even if larger on its own.
 */
export function readRecords(storage: DurableObjectStorage, afterCounter: number, notBefore: number, limit: number, maxBytes: number): ReadRow[] {
  const cursor = storage.sql.exec<{ counter: number; seq: string; arrival: number; partition_key: string; data: ArrayBuffer; parts: number; kms: number }>(
    'SELECT counter, seq, arrival, partition_key, data, parts, kms FROM records WHERE counter > ? AND arrival >= ? ORDER BY counter LIMIT ?',
    afterCounter,
    notBefore,
    limit,
  );
  const out: ReadRow[] = [];
  let bytes = 0;
  // Row by row, so a page stops reading at the byte cap instead of loading `limit` rows first.
  for (const row of cursor) {
    const data = row.parts > 0 ? whole(storage, row.counter, row.data) : row.data;
    const size = data.byteLength + row.partition_key.length;
    if (out.length > 0 && bytes + size > maxBytes) break;
    bytes += size;
    out.push({ counter: row.counter, seq: row.seq, arrival: row.arrival, partitionKey: row.partition_key, data, kms: row.kms === 1 });
  }
  return out;
}

/** Deletes records that arrived before `cutoff`, with their parts. */
export function trimRecords(storage: DurableObjectStorage, cutoff: number): void {
  storage.sql.exec('DELETE FROM record_parts WHERE counter IN (SELECT counter FROM records WHERE arrival < ? AND parts > 0)', cutoff);
  storage.sql.exec('DELETE FROM records WHERE arrival < ?', cutoff);
}

/** Bytes of data and partition keys (UTF-8) of the records after `afterCounter`, parts included. */
export function storedBytesAfter(storage: DurableObjectStorage, afterCounter: number): number {
  const rows = storage.sql.exec<{ b: number }>('SELECT COALESCE(SUM(length(data) + length(CAST(partition_key AS BLOB))), 0) AS b FROM records WHERE counter > ?', afterCounter).one().b;
  const parts = storage.sql.exec<{ b: number }>('SELECT COALESCE(SUM(length(data)), 0) AS b FROM record_parts WHERE counter > ?', afterCounter).one().b;
  return rows + parts;
}

/** The same bytes for the records that arrived before `cutoff`: what trimRecords is about to delete. */
export function storedBytesBefore(storage: DurableObjectStorage, cutoff: number): number {
  const rows = storage.sql.exec<{ b: number }>('SELECT COALESCE(SUM(length(data) + length(CAST(partition_key AS BLOB))), 0) AS b FROM records WHERE arrival < ?', cutoff).one().b;
  const parts = storage.sql.exec<{ b: number }>(
    'SELECT COALESCE(SUM(length(data)), 0) AS b FROM record_parts WHERE counter IN (SELECT counter FROM records WHERE arrival < ? AND parts > 0)',
    cutoff,
  ).one().b;
  return rows + parts;
}
