// CBOR as AWS's Java SDKs (v1/v2, KCL) send it, against a really started server: Content-Type
// application/x-amz-cbor-1.1, maps and arrays of INDEFINITE length (Jackson's CBORGenerator), blobs as byte strings,
// timestamps as tag 1 around integer epoch milliseconds (aws-behaviour §1.6). Every answer, decoded by an independent codec
// (cborg), must mean exactly what the JSON path answers to the same request.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decode as cborgDecode, type TagDecoder } from 'cborg';
import { startServer, type Server } from './server';
import { rawCall, rawCallBytes, type RawBytesReply } from './raw';
import { poll, uniqueName } from './sdk';

const CBOR = 'application/x-amz-cbor-1.1';
const ACCOUNT = '000000000000';
const HASH_MAX = ((1n << 128n) - 1n).toString();

/** A CBOR tag 1 (epoch date) as the Java SDK writes it: around integer milliseconds (or, when `seconds`, RFC 8949 float seconds). */
class Tag1 {
  constructor(
    readonly value: number,
    /** Whether the tagged value is an integer on the wire. */
    readonly integer = Number.isInteger(value),
  ) {}
}

/** Decodes an answer with cborg (independent of src/protocol/cbor.ts), keeping tag 1 and whether it held an integer. */
const tag1: TagDecoder = (decode) => {
  const v = decode();
  return new Tag1(Number(v), typeof v === 'bigint' || Number.isInteger(v));
};
const decodeAnswer = (bytes: Uint8Array): any => cborgDecode(bytes, { tags: { 1: tag1 } });

// --- A Jackson-style CBOR writer: indefinite-length maps and arrays, definite strings, minimal integer heads. ---

class Writer {
  parts: number[] = [];
  head(major: number, n: number | bigint) {
    const m = major << 5;
    const v = BigInt(n);
    if (v < 24n) this.parts.push(m | Number(v));
    else if (v < 0x100n) this.parts.push(m | 24, Number(v));
    else if (v < 0x10000n) this.parts.push(m | 25, Number(v >> 8n), Number(v & 0xffn));
    else if (v < 0x100000000n) this.parts.push(m | 26, ...[24n, 16n, 8n, 0n].map((s) => Number((v >> s) & 0xffn)));
    else this.parts.push(m | 27, ...[56n, 48n, 40n, 32n, 24n, 16n, 8n, 0n].map((s) => Number((v >> s) & 0xffn)));
  }
  write(value: unknown): void {
    if (value === null) return void this.parts.push(0xf6);
    if (value === true) return void this.parts.push(0xf5);
    if (value === false) return void this.parts.push(0xf4);
    if (value instanceof Tag1) {
      this.parts.push(0xc1);
      return this.write(value.value);
    }
    if (typeof value === 'number') {
      if (Number.isInteger(value)) return value >= 0 ? this.head(0, value) : this.head(1, -1 - value);
      const b = Buffer.alloc(8);
      b.writeDoubleBE(value);
      return void this.parts.push(0xfb, ...b);
    }
    if (typeof value === 'string') {
      const b = Buffer.from(value, 'utf8');
      this.head(3, b.length);
      return void this.parts.push(...b);
    }
    if (value instanceof Uint8Array) {
      this.head(2, value.length);
      for (const x of value) this.parts.push(x);
      return;
    }
    if (Array.isArray(value)) {
      this.parts.push(0x9f);
      for (const v of value) this.write(v);
      return void this.parts.push(0xff);
    }
    this.parts.push(0xbf);
    for (const [k, v] of Object.entries(value as object)) {
      this.write(k);
      this.write(v);
    }
    this.parts.push(0xff);
  }
}

/** Encodes like the Java SDK (Jackson CBORGenerator). */
function jackson(value: unknown): Buffer {
  const w = new Writer();
  w.write(value);
  return Buffer.from(w.parts);
}

/** What a decoded CBOR answer is in JSON terms: byte strings as base64, tag 1 millis as epoch seconds. */
function asJson(value: unknown): unknown {
  if (value instanceof Tag1) return value.value / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(asJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJson(v)]));
  return value;
}

interface CborReply extends RawBytesReply {
  value: any;
}

let server: Server;

async function cbor(operation: string, body: unknown): Promise<CborReply> {
  const r = await rawCallBytes(server.url, operation, jackson(body), { contentType: CBOR });
  expect(r.headers.get('content-type')).toBe(CBOR);
  return { ...r, value: r.bytes.length ? decodeAnswer(r.bytes) : undefined };
}

async function json(operation: string, body: unknown) {
  const r = await rawCall(server.url, operation, JSON.stringify(body));
  expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  return r;
}

async function createActive(name: string, shards: number) {
  const created = await json('CreateStream', { StreamName: name, ShardCount: shards });
  expect(created.status, created.text).toBe(200);
  await poll(`${name} ACTIVE`, async () => ((await json('DescribeStreamSummary', { StreamName: name })).json?.StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined));
}

const allBytes = () => Buffer.from(Array.from({ length: 256 }, (_, i) => i));

beforeAll(async () => {
  server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, ignoreExternal: true });
});
afterAll(async () => {
  await server?.stop();
});

describe('the Java SDK encoding, sent as Jackson writes it', () => {
  test('the request encoder really writes indefinite-length maps and arrays, byte strings and tag 1 around integer ms', () => {
    expect(jackson({ a: [1, new Uint8Array([0, 255])], t: new Tag1(1_700_000_000_123) }).toString('hex')).toBe(
      'bf' + '6161' + '9f' + '01' + '4200ff' + 'ff' + '6174' + 'c1' + '1b0000018bcfe5687b' + 'ff',
    );
  });

  test('DescribeStream answers in CBOR what JSON answers, StreamCreationTimestamp as tag 1 around integer ms', async () => {
    const name = uniqueName('cbor-describe');
    await createActive(name, 2);
    const [c, j] = await Promise.all([cbor('DescribeStream', { StreamName: name }), json('DescribeStream', { StreamName: name })]);
    expect(c.status).toBe(200);
    expect(j.status).toBe(200);
    expect(asJson(c.value)).toEqual(j.json);
    const created = c.value.StreamDescription.StreamCreationTimestamp;
    expect(created).toBeInstanceOf(Tag1);
    expect(created.integer).toBe(true);
    expect(created.value).toBe(Math.round(j.json.StreamDescription.StreamCreationTimestamp * 1000));
    expect(c.value.StreamDescription.Shards.map((s: any) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001']);
  });

  test('PutRecord with Data as a byte string of all 256 byte values, then GetShardIterator and GetRecords in CBOR: the exact bytes come back, and JSON reads the same', async () => {
    const name = uniqueName('cbor-put');
    await createActive(name, 2);
    const data = allBytes();
    const c = await cbor('PutRecord', { StreamName: name, PartitionKey: 'binary', ExplicitHashKey: HASH_MAX, Data: data });
    const j = await json('PutRecord', { StreamName: name, PartitionKey: 'binary', ExplicitHashKey: HASH_MAX, Data: data.toString('base64') });
    expect(c.status).toBe(200);
    expect(j.status).toBe(200);
    // Same members, same shard; the later JSON record has the higher sequence number.
    expect(Object.keys(c.value).sort()).toEqual(Object.keys(j.json).sort());
    expect(c.value.ShardId).toBe('shardId-000000000001');
    expect(j.json.ShardId).toBe('shardId-000000000001');
    expect(c.value.SequenceNumber).toMatch(/^[1-9]\d*$/);
    expect(BigInt(c.value.SequenceNumber)).toBeLessThan(BigInt(j.json.SequenceNumber));
    if ('EncryptionType' in c.value) expect(c.value.EncryptionType).toBe(j.json.EncryptionType);

    const request = { StreamName: name, ShardId: 'shardId-000000000001', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: c.value.SequenceNumber };
    const ci = await cbor('GetShardIterator', request);
    expect(ci.status).toBe(200);
    expect(Object.keys(ci.value)).toEqual(['ShardIterator']);
    expect(ci.value.ShardIterator).toEqual(expect.any(String));

    // One iterator, read once in CBOR and once in JSON: the same page.
    const [cr, jr] = await Promise.all([cbor('GetRecords', { ShardIterator: ci.value.ShardIterator }), json('GetRecords', { ShardIterator: ci.value.ShardIterator })]);
    expect(cr.status).toBe(200);
    expect(jr.status).toBe(200);
    expect(Object.keys(cr.value).sort()).toEqual(Object.keys(jr.json).sort());
    const { NextShardIterator: cNext, ...cPage } = asJson(cr.value) as any;
    const { NextShardIterator: jNext, ...jPage } = jr.json;
    expect(cPage).toEqual(jPage);
    expect(cNext).toEqual(expect.any(String));
    expect(jNext).toEqual(expect.any(String));

    const records = cr.value.Records;
    expect(records.map((r: any) => r.SequenceNumber)).toEqual([c.value.SequenceNumber, j.json.SequenceNumber]);
    for (const r of records) {
      expect(r.Data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(r.Data).equals(data)).toBe(true);
      expect(r.PartitionKey).toBe('binary');
      expect(r.ApproximateArrivalTimestamp).toBeInstanceOf(Tag1);
      expect(r.ApproximateArrivalTimestamp.integer).toBe(true);
    }
    records.forEach((r: any, i: number) => expect(r.ApproximateArrivalTimestamp.value).toBe(Math.round(jr.json.Records[i].ApproximateArrivalTimestamp * 1000)));
    expect(Math.abs(records[0].ApproximateArrivalTimestamp.value - Date.now())).toBeLessThan(120_000);
  });

  test('PutRecords in CBOR (an indefinite array of indefinite maps) answers like JSON, and each record reads back byte for byte in CBOR', async () => {
    const name = uniqueName('cbor-batch');
    await createActive(name, 2);
    const blobs = [allBytes(), Buffer.from(allBytes()).reverse(), Buffer.from([0x00]), Buffer.from([0xff, 0xbf, 0x9f, 0xc1, 0x00])];
    const keys = ['0', HASH_MAX, HASH_MAX, '0'];
    const records = blobs.map((Data, i) => ({ Data, PartitionKey: `k${i}`, ExplicitHashKey: keys[i] }));
    const c = await cbor('PutRecords', { Records: records, StreamName: name });
    const j = await json('PutRecords', { Records: records.map((r) => ({ ...r, Data: r.Data.toString('base64') })), StreamName: name });
    expect(c.status).toBe(200);
    expect(j.status).toBe(200);
    expect(Object.keys(c.value).sort()).toEqual(Object.keys(j.json).sort());
    expect(c.value.FailedRecordCount).toBe(0);
    const shape = (rs: any[]) => rs.map((r) => ({ keys: Object.keys(r).sort(), ShardId: r.ShardId }));
    expect(shape(c.value.Records)).toEqual(shape(j.json.Records));
    expect(c.value.Records.map((r: any) => r.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000001', 'shardId-000000000000']);

    for (const [ShardId, mine] of [
      ['shardId-000000000000', [0, 3]],
      ['shardId-000000000001', [1, 2]],
    ] as const) {
      const it = await cbor('GetShardIterator', { StreamName: name, ShardId, ShardIteratorType: 'TRIM_HORIZON' });
      const page = await cbor('GetRecords', { ShardIterator: it.value.ShardIterator, Limit: 2 });
      expect(page.status).toBe(200);
      expect(page.value.Records.map((r: any) => r.SequenceNumber)).toEqual(mine.map((i) => c.value.Records[i].SequenceNumber));
      page.value.Records.forEach((r: any, k: number) => {
        expect(Buffer.from(r.Data).equals(blobs[mine[k]])).toBe(true);
        expect(r.PartitionKey).toBe(`k${mine[k]}`);
      });
    }
  });

  test('GetShardIterator AT_TIMESTAMP with a tag-1 integer-ms Timestamp starts where JSON epoch seconds start (and RFC float seconds, and untagged ms, agree)', async () => {
    const name = uniqueName('cbor-at');
    await createActive(name, 1);
    const ShardId = 'shardId-000000000000';
    const acked: string[] = [];
    for (let i = 0; i < 5; i++) {
      acked.push((await json('PutRecord', { StreamName: name, PartitionKey: 'k', Data: Buffer.from(`r${i}`).toString('base64') })).json.SequenceNumber);
    }
    const it = await json('GetShardIterator', { StreamName: name, ShardId, ShardIteratorType: 'TRIM_HORIZON' });
    const all = (await json('GetRecords', { ShardIterator: it.json.ShardIterator })).json.Records;
    expect(all.map((r: any) => r.SequenceNumber)).toEqual(acked);
    const tMs = Math.round(all[2].ApproximateArrivalTimestamp * 1000);
    const expected = acked.slice(all.findIndex((r: any) => Math.round(r.ApproximateArrivalTimestamp * 1000) >= tMs));
    expect(expected.length).toBeGreaterThanOrEqual(3);

    const readFrom = async (iterator: string) => (await json('GetRecords', { ShardIterator: iterator })).json.Records.map((r: any) => r.SequenceNumber);
    const base = { StreamName: name, ShardId, ShardIteratorType: 'AT_TIMESTAMP' };
    const j = await json('GetShardIterator', { ...base, Timestamp: tMs / 1000 });
    expect(j.status, j.text).toBe(200);
    expect(await readFrom(j.json.ShardIterator)).toEqual(expected);

    for (const [what, Timestamp] of [
      ['tag 1 around integer ms', new Tag1(tMs)],
      ['tag 1 around float seconds', new Tag1(tMs / 1000 + 0.0001, false)],
      ['untagged integer ms', tMs],
    ] as const) {
      const c = await cbor('GetShardIterator', { ...base, Timestamp });
      expect(c.status, `${what}: ${JSON.stringify(asJson(c.value))}`).toBe(200);
      expect(await readFrom(c.value.ShardIterator), what).toEqual(expected);
    }
    // A tag-1 time after every record: nothing.
    const late = await cbor('GetShardIterator', { ...base, Timestamp: new Tag1(Math.round(all[4].ApproximateArrivalTimestamp * 1000) + 1) });
    expect(await readFrom(late.value.ShardIterator)).toEqual([]);
  });
});

describe('errors in CBOR', () => {
  test('DescribeStream of a missing stream: 400 and the CBOR map {__type, message}, exactly the JSON error', async () => {
    const name = uniqueName('cbor-missing');
    const [c, j] = await Promise.all([cbor('DescribeStream', { StreamName: name }), json('DescribeStream', { StreamName: name })]);
    expect(c.status).toBe(400);
    expect(c.value).toEqual({ __type: 'ResourceNotFoundException', message: `Stream ${name} under account ${ACCOUNT} not found.` });
    expect(j.status).toBe(400);
    expect(c.value).toEqual(j.json);
    expect(c.headers.get('x-amzn-requestid')).toEqual(expect.any(String));
  });

  test('validation errors are the same ValidationException in CBOR as in JSON', async () => {
    const name = uniqueName('cbor-invalid');
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['PutRecord', { StreamName: name, PartitionKey: '', Data: new Uint8Array(0) }, { StreamName: name, PartitionKey: '', Data: '' }],
      ['CreateStream', { StreamName: name, ShardCount: 0 }, { StreamName: name, ShardCount: 0 }],
      ['GetRecords', { ShardIterator: 'x', Limit: 0 }, { ShardIterator: 'x', Limit: 0 }],
    ];
    for (const [op, cborBody, jsonBody] of cases) {
      const [c, j] = await Promise.all([cbor(op, cborBody), json(op, jsonBody)]);
      expect(j.status).toBe(400);
      expect(j.json.__type).toBe('ValidationException');
      expect(c.status).toBe(400);
      expect(c.value, op).toEqual(j.json);
    }
    expect((await json('PutRecord', { StreamName: name, PartitionKey: '', Data: '' })).json.message).toBe(
      "1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  test('a "__proto__" member in a CBOR map means what it means in JSON: nothing (no StreamName comes through it)', async () => {
    const name = uniqueName('cbor-proto');
    await createActive(name, 1);
    const text = `{"__proto__":{"StreamName":"${name}"}}`;
    // JSON.parse keeps "__proto__" as an own member (an object literal would set the prototype instead).
    const own = JSON.parse(text);
    expect(Object.keys(own)).toEqual(['__proto__']);
    const j = await rawCall(server.url, 'DescribeStreamSummary', text);
    expect(j.status).toBe(400);
    expect(j.json).toEqual({ __type: 'InvalidArgumentException', message: 'Either StreamName or StreamARN should be provided.' });
    const c = await rawCallBytes(server.url, 'DescribeStreamSummary', jackson(own), { contentType: CBOR });
    expect({ status: c.status, body: decodeAnswer(c.bytes) }).toEqual({ status: j.status, body: j.json });
  });

  test('a truncated CBOR body is a 400 SerializationException, answered in CBOR', async () => {
    const whole = jackson({ StreamName: 'x' });
    const r = await rawCallBytes(server.url, 'DescribeStream', whole.subarray(0, whole.length - 2), { contentType: CBOR });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe(CBOR);
    expect(decodeAnswer(r.bytes)).toEqual({ __type: 'SerializationException' });
  });
});
