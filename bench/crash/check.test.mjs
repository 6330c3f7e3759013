// The campaign's checker must be able to fail: each kind of problem, built by hand, is found and counted.
// Run: node --test bench/crash/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Book, dataOf } from './book.mjs';
import { checkStream } from './check.mjs';

const S0 = 'shardId-000000000000';
const S1 = 'shardId-000000000001';

/** A book with acked records: [p, key, request, shard, seq] each, in the order they were acknowledged. */
function bookOf(acks) {
  const book = new Book();
  const entries = acks.map(([p, key, request, shard, seq]) => {
    const e = book.create({ p, key, op: 'PutRecords', request: `1.${request}`, round: 1 });
    book.ack(e, shard, seq, 0);
    return e;
  });
  return { book, entries };
}
const rec = (e, seq = e.seq, key = e.key) => ({ SequenceNumber: seq, PartitionKey: key, Data: dataOf(e) });
const problems = (r) => Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n > 0));

test('a faithful read-back has no problems', () => {
  const { book, entries: [a, b, c] } = bookOf([[0, 'k', 0, S0, '100'], [0, 'k', 1, S0, '200'], [1, 'j', 0, S1, '150']]);
  const r = checkStream(book, [{ shardId: S0, records: [rec(a), rec(b)] }, { shardId: S1, records: [rec(c)] }]);
  assert.deepEqual(problems(r), {});
  assert.equal(r.read, 3);
});

test('an acked record missing is lost', () => {
  const { book, entries: [a] } = bookOf([[0, 'k', 0, S0, '100'], [0, 'k', 1, S0, '200']]);
  const r = checkStream(book, [{ shardId: S0, records: [rec(a)] }]);
  assert.deepEqual(problems(r), { lost: 1 });
  assert.match(r.lost[0], /^p0-2 acked/);
});

test('a record read twice is a duplicate', () => {
  const { book, entries: [a] } = bookOf([[0, 'k', 0, S0, '100']]);
  const r = checkStream(book, [{ shardId: S0, records: [rec(a), rec(a, '101')] }]);
  assert.deepEqual(problems(r), { duplicates: 1 });
});

test('sequence numbers going down in a shard are an order violation', () => {
  const { book, entries: [a, b] } = bookOf([[0, 'k', 0, S0, '100'], [1, 'j', 0, S0, '99']]);
  const r = checkStream(book, [{ shardId: S0, records: [rec(a), rec(b)] }]);
  assert.deepEqual(problems(r), { shardOrder: 1 });
});

test('a later request of a producer and key read first is an order violation; within one request it is not', () => {
  // The server acknowledged request 1 with the lower number: shard order holds, key order does not.
  const { book, entries: [a, b] } = bookOf([[0, 'k', 0, S0, '200'], [0, 'k', 1, S0, '100']]);
  assert.deepEqual(problems(checkStream(book, [{ shardId: S0, records: [rec(b), rec(a)] }])), { keyOrder: 1 });
  const same = bookOf([[0, 'k', 5, S0, '200'], [0, 'k', 5, S0, '100']]);
  assert.deepEqual(problems(checkStream(same.book, [{ shardId: S0, records: [rec(same.entries[1]), rec(same.entries[0])] }])), {});
});

test('another shard, sequence number or key than acknowledged is a mismatch', () => {
  const { book, entries: [a, b, c] } = bookOf([[0, 'k', 0, S0, '100'], [0, 'k', 1, S0, '200'], [1, 'j', 0, S0, '300']]);
  const r = checkStream(book, [{ shardId: S0, records: [rec(a, '101'), rec(b, '200', 'other')] }, { shardId: S1, records: [rec(c)] }]);
  assert.deepEqual(problems(r), { ackMismatch: 3 });
});

test('data nobody sent, and a rejected record, must not be there', () => {
  const book = new Book();
  const refused = book.create({ p: 0, key: 'k', op: 'PutRecord', request: '1.0', round: 1 });
  book.reject(refused, 'ValidationException');
  const stranger = { SequenceNumber: '5', PartitionKey: 'k', Data: Buffer.from('p9-1').toString('base64') };
  const r = checkStream(book, [{ shardId: S0, records: [stranger, rec(refused, '6')] }]);
  assert.deepEqual(problems(r), { neverSent: 1, forbidden: 1 });
});

test('an unknown record is settled by the first read: landed must stay, absent must not appear', () => {
  const book = new Book();
  const landed = book.create({ p: 0, key: 'k', op: 'PutRecord', request: '1.0', round: 1 });
  const absent = book.create({ p: 1, key: 'j', op: 'PutRecord', request: '1.0', round: 1 });
  book.unknown(landed, 'ECONNRESET');
  book.unknown(absent, 'ECONNRESET');
  const first = checkStream(book, [{ shardId: S0, records: [rec(landed, '7')] }]);
  assert.deepEqual(problems(first), {});
  assert.equal(first.landed, 1);
  assert.deepEqual([landed.state, absent.state], ['landed', 'absent']);
  const later = checkStream(book, [{ shardId: S0, records: [rec(absent, '8')] }]);
  assert.deepEqual(problems(later), { lost: 1, forbidden: 1 });
});
