// Encode and decode speed of src/protocol/cbor.ts against cborg (bench/micro/cborg-codec.mjs) on the two heavy
// CBOR bodies: a PutRecords request of 500 records with 1 KiB blobs, written as the Java SDK's Jackson writer does
// (indefinite maps and arrays), and a GetRecords answer of 10,000 records as our encoder writes it.
// Both codecs are bundled by esbuild the same way the Worker is, then timed in this process alternately, one batch
// each per round, for several rounds; medians are reported because the machine is shared.
// Usage: node bench/micro/cbor-speed.mjs [rounds] [itersPerBatch]
// When timing is too noisy, count instructions instead, one codec and one case per process, and subtract a `none` run
// (--single-threaded keeps V8's background GC and compiler threads, whose share varies, out of the count):
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded bench/micro/cbor-speed.mjs \
//     --one ours|cborg|none CASE N
// (CASE is the 0-based line of the timed report.) CBOR_BEFORE=<file.ts> adds a third codec, `before`, e.g. an older
// cbor.ts from git, to measure a change to ours.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const one = process.argv[2] === '--one' ? { name: process.argv[3], index: Number(process.argv[4]), n: Number(process.argv[5] ?? 5) } : null;
const rounds = Number(process.argv[2] ?? 15);
const iters = Number(process.argv[3] ?? 5);
const root = path.resolve(fileURLToPath(import.meta.url), '../../..');

// One bundle for all, so that every codec and the test data share one EpochTime and one Bytes class (the encoders
// recognise them with instanceof).
const sources = { ours: 'src/protocol/cbor.ts', cborg: 'bench/micro/cborg-codec.mjs', values: 'src/protocol/values.ts' };
if (process.env.CBOR_BEFORE) sources.before = process.env.CBOR_BEFORE;
const out = mkdtempSync(path.join(tmpdir(), 'cbor-speed-'));
const entry = Object.entries(sources).map(([name, file]) => `export * as ${name} from ${JSON.stringify(path.resolve(root, file))};`).join('\n');
await build({ stdin: { contents: entry, resolveDir: root, loader: 'js' }, bundle: true, format: 'esm', platform: 'neutral', outfile: path.join(out, 'all.mjs'), logLevel: 'error' });
const { values, ...codecs } = await import(pathToFileURL(path.join(out, 'all.mjs')).href);
const { Bytes, EpochTime } = values;
rmSync(out, { recursive: true, force: true });

/** Jackson's CBORGenerator shape: indefinite-length maps and arrays, definite strings and byte strings. */
function jackson(value, parts = []) {
  const head = (major, n) => {
    const m = major << 5;
    if (n < 24) parts.push(m | n);
    else if (n < 0x100) parts.push(m | 24, n);
    else if (n < 0x10000) parts.push(m | 25, n >> 8, n & 0xff);
    else parts.push(m | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  };
  if (typeof value === 'string') {
    const b = Buffer.from(value, 'utf8');
    head(3, b.length);
    for (const x of b) parts.push(x);
  } else if (value instanceof Uint8Array) {
    head(2, value.length);
    for (const x of value) parts.push(x);
  } else if (Array.isArray(value)) {
    parts.push(0x9f);
    for (const v of value) jackson(v, parts);
    parts.push(0xff);
  } else {
    parts.push(0xbf);
    for (const [k, v] of Object.entries(value)) jackson(k, parts), jackson(v, parts);
    parts.push(0xff);
  }
  return parts;
}

const pattern = Uint8Array.from({ length: 1024 }, (_, i) => (i * 31) & 0xff);
/** 1 KiB that differs per record; copied from a pattern so that setup stays cheap under callgrind. */
const blob = (seed) => {
  const b = pattern.slice();
  new DataView(b.buffer).setUint32(0, seed);
  return b;
};
const putRecords = {
  StreamName: 'bench-stream',
  Records: Array.from({ length: 500 }, (_, i) => ({ Data: blob(i), PartitionKey: `partition-${i}` })),
};
const putBody = new Uint8Array(jackson(putRecords));
const getRecords = {
  Records: Array.from({ length: 10_000 }, (_, i) => ({
    SequenceNumber: (49590338271490256608559692538361571095921575989136588898n + BigInt(i)).toString(),
    ApproximateArrivalTimestamp: new EpochTime(1_700_000_000_000 + i),
    Data: new Bytes(blob(i)),
    PartitionKey: `partition-${i % 500}`,
  })),
  NextShardIterator: 'A'.repeat(200),
  MillisBehindLatest: 0,
};

/** @type {Record<string, (codec: any, name: string) => unknown>} */
const cases = {
  'PutRecords decode (500 x 1 KiB, Jackson form)': (c) => c.decodeCbor(putBody),
  'PutRecords encode (500 x 1 KiB)': (c) => c.encodeCbor(putRecords),
  'GetRecords encode (10,000 x 1 KiB)': (c) => c.encodeCbor(getRecords),
};
// Each codec reads its own encoding (they differ only in key order); ours encodes it under --one, outside the count.
const getBodies = Object.fromEntries(Object.keys(codecs).map((name) => [name, one ? null : codecs[name].encodeCbor(getRecords)]));
if (one) getBodies[one.name] = codecs.ours.encodeCbor(getRecords);
cases['GetRecords decode (10,000 x 1 KiB)'] = (c, name) => c.decodeCbor(getBodies[name]);

if (one) {
  const run = Object.values(cases)[one.index];
  if (one.name !== 'none') for (let i = 0; i < one.n; i++) run(codecs[one.name], one.name);
  process.exit(0);
}

// Both codecs must agree on what they read, or the timing compares different work.
// (cborg writes map keys sorted, ours in insertion order; the deep comparison ignores key order.)
const same = isDeepStrictEqual;
if (!same(codecs.ours.decodeCbor(putBody), codecs.cborg.decodeCbor(putBody))) throw new Error('PutRecords decodes differ');
if (!same(codecs.ours.decodeCbor(getBodies.cborg), codecs.cborg.decodeCbor(getBodies.ours))) throw new Error('GetRecords decodes differ');
// And the answer must really hold tag 1 and byte strings, not EpochTime and Bytes written as plain maps.
const first = codecs.ours.decodeCbor(getBodies.ours).Records[0];
if (first.ApproximateArrivalTimestamp !== 1_700_000_000_000 || !(first.Data instanceof Uint8Array)) throw new Error('GetRecords answer lost its tag 1 or byte string');

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [label, run] of Object.entries(cases)) {
  const names = Object.keys(codecs);
  /** @type {Record<string, number[]>} */
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of Object.keys(codecs)) for (let i = 0; i < 3; i++) run(codecs[name], name); // warm-up
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < iters; i++) run(codecs[name], name);
      times[name].push(Number(process.hrtime.bigint() - start) / 1e6 / iters);
    }
  }
  // The ratio is taken per round, from batches run back to back, so load that drifts between rounds cancels out.
  const ratio = median(times.cborg.map((c, i) => c / times.ours[i]));
  const cells = names.map((name) => `${name} ${median(times[name]).toFixed(2).padStart(7)} ms`).join('   ');
  console.log(`${label.padEnd(46)} ${cells}   cborg/ours ${ratio.toFixed(2)}`);
}
