// Seeded random bad input against a really started server: JSON and CBOR requests drawn from the botocore input
// shapes (type-confused, out-of-range, too-long, missing and unknown members; wrong Content-Type, X-Amz-Target and
// auth; truncated, non-UTF-8, deeply nested and malformed bodies) and broken HTTP/1.1 framing over raw sockets.
// Every answer must be what the request deserves, in AWS's error shape, never a 5xx or a hang; afterwards the
// server still serves /health and a full write/read round trip. FUZZ_SEED=random picks a new seed, FUZZ_SEED=<n>
// replays one; the seed is printed either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import { startServer, type Server } from './server';
import { kinesisClient, uniqueName, waitForActive } from './sdk';
import { KeepAlive, exchangeOnce, showBytes } from './fuzz/http1';
import { apiCase, requestBytes, type ApiCase } from './fuzz/requests';
import { checkReply, showReply } from './fuzz/oracle';
import { framingCase, type FramingCase } from './fuzz/framing';
import { FUZZ_STREAMS } from './fuzz/generate';
import { fuzzSeed, runLanes } from './fuzz/run';
import type { Wire } from './fuzz/judge';

const SEED = fuzzSeed();
/** Cases per part: 2,050 in all, the issue asks for at least 2,000. Framing cases are the cheapest to answer. */
const RUNS = { json: 800, cbor: 600, framing: 650 };
/** Concurrent connections per part: enough to keep the 2-core server busy without starving it. */
const LANES = 6;
/** Bound on any one answer: past it the request counts as a hang. */
const DEADLINE_MS = 10_000;

let server: Server;
const ran = { json: 0, cbor: 0, framing: 0 };
const statuses = new Map<number, number>();
const outcomes = new Map<string, number>();

beforeAll(async () => {
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays this run; FUZZ_SEED=random picks another)`);
  // A shard limit keeps random valid CreateStream calls from building thousands of shards.
  server = await startServer({ createStreamMs: 0, deleteStreamMs: 0, shardLimit: 20 });
  const client = kinesisClient(server.url);
  for (const StreamName of FUZZ_STREAMS) {
    await client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    await waitForActive(client, { StreamName });
  }
  client.destroy();
});
afterAll(async () => {
  await server?.stop();
});

/** The case as fast-check prints a counterexample: the exact request bytes. */
const printable = (c: ApiCase) => Object.assign(c, { [fc.toStringMethod]: () => `${c.note}:\n${showBytes(requestBytes(c, server.url), 2000)}` });
const printableFraming = (c: FramingCase) => Object.assign(c, { [fc.toStringMethod]: () => `${c.note}:\n${showBytes(c.bytes, 2000)}` });

/** After a 5xx, the end of the server's log: where the failure was thrown, for whoever fixes it. */
const serverLog = (status: number) => (status >= 500 ? `\nserver stderr (end):\n${server.output().stderr.slice(-3000)}` : '');

async function fuzzApi(wire: Wire): Promise<number> {
  const connections: KeepAlive[] = [];
  try {
    return await runLanes(`${wire} fuzz`, SEED + (wire === 'json' ? 0 : 1000), apiCase(wire).map(printable), RUNS[wire], LANES, async (c) => {
      // One keep-alive connection per concurrent lane: requests on it are sequential.
      const conn = connections.pop() ?? new KeepAlive(server.port);
      const bytes = requestBytes(c, server.url);
      try {
        const reply = await conn.request(bytes, DEADLINE_MS);
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        // What the cases reached, printed at the end: a generator that only ever hits one error would show here.
        const key = `${reply.status} ${/([A-Z][a-z][A-Za-z]*Exception)/.exec(reply.body.toString('latin1'))?.[1] ?? ''}`.trim();
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        const problem = checkReply(reply, c.expect);
        // The request's bytes are fast-check's counterexample (printable above), so the message adds the rest.
        if (problem) throw new Error(`${problem}\nexpected: ${JSON.stringify(c.expect)}\nanswer:\n${showReply(reply)}${serverLog(reply.status)}`);
      } finally {
        connections.push(conn);
      }
    });
  } finally {
    for (const conn of connections) conn.close();
  }
}

describe('seeded random bad input', () => {
  it('JSON requests each get what they deserve: 200, or a 4xx with an AWS error shape; never a 5xx or a hang', async () => {
    ran.json = await fuzzApi('json');
    expect(ran.json).toBeGreaterThanOrEqual(RUNS.json);
  }, 120_000);

  it('CBOR requests, well-formed and malformed, likewise', async () => {
    ran.cbor = await fuzzApi('cbor');
    expect(ran.cbor).toBeGreaterThanOrEqual(RUNS.cbor);
  }, 120_000);

  it('broken HTTP/1.1 framing is answered without a 5xx, or the connection closed, within the deadline', async () => {
    ran.framing = await runLanes('framing fuzz', SEED + 2000, framingCase(server.url).map(printableFraming), RUNS.framing, LANES, async (c) => {
      // Half-closed after the bytes: a message cut short must end in an answer or a close, not a wait.
      const x = await exchangeOnce(server.port, c.bytes, { halfClose: true, deadlineMs: DEADLINE_MS });
      for (const reply of x.replies) {
        if (reply.status >= 500) throw new Error(`a ${reply.status}; answer:\n${showReply(reply)}${serverLog(reply.status)}`);
      }
      if (x.leftover.length && /^HTTP\/1\.[01] 5/.test(x.leftover.toString('latin1'))) throw new Error(`a cut-off 5xx for ${c.note}:\n${showBytes(x.leftover, 300)}`);
    });
    expect(ran.framing).toBeGreaterThanOrEqual(RUNS.framing);
  }, 120_000);

  it('afterwards the server answers /health and a full write and read, and logged no internal failure', async () => {
    console.log(`fuzz answers: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}× ${k}`).join(', ')}`);
    expect(ran.json + ran.cbor + ran.framing).toBeGreaterThanOrEqual(2000);
    // The generators reach real successes as well as errors. How many succeed depends on timing (a stream another
    // lane just created may still be CREATING), so the bound is loose: ~95 on an idle machine, 47 seen under load.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(500);

    const health = await fetch(`${server.url}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);

    // Every stream the fuzzed account has left is still readable.
    const fuzzed = kinesisClient(server.url);
    try {
      const { StreamNames } = await fuzzed.send(new ListStreamsCommand({ Limit: 1000 }));
      expect(StreamNames!.length).toBeGreaterThan(0);
      for (const StreamName of StreamNames!) {
        const { StreamDescriptionSummary } = await fuzzed.send(new DescribeStreamSummaryCommand({ StreamName }));
        expect(StreamDescriptionSummary!.StreamName).toBe(StreamName);
      }
    } finally {
      fuzzed.destroy();
    }
    // A fresh write and read, in another region: the fuzzed account may sit at its shard limit on purpose.
    const client = kinesisClient(server.url, { region: 'eu-west-1' });
    try {
      const StreamName = uniqueName('fuzz-after');
      await client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
      await waitForActive(client, { StreamName });
      const put = await client.send(new PutRecordCommand({ StreamName, PartitionKey: 'p', Data: Buffer.from('after the fuzz') }));
      const iterator = await client.send(new GetShardIteratorCommand({ StreamName, ShardId: put.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
      const got = await client.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator! }));
      expect(got.Records?.map((r) => [r.SequenceNumber, Buffer.from(r.Data!).toString()])).toEqual([[put.SequenceNumber, 'after the fuzz']]);
    } finally {
      client.destroy();
    }
    expect(server.output().stderr).not.toMatch(/InternalFailure/);
  });
});
