// The control-plane rates of THROTTLE=aws (src/model/control-rates.ts): the table against AWS's model (botocore's
// operation documentation, and the SDK v3 typings for the channel operations botocore lacks), a few of AWS's numbers
// written out, and the whole-second windows with a clock passed in. Expected values are AWS's text, not the table.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CONTROL_RATES,
  SecondWindows,
  accountRateExceededMessage,
  rateKey,
  shardIteratorRateExceededMessage,
  streamRateExceededMessage,
} from '../../src/model/control-rates';

const botocoreAvailable = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
const mustCheck = botocoreAvailable || process.env.CI === 'true';
const T = 2_000_000_000_000; // a whole second, in ms

const WORDS: Record<string, number> = { one: 1, five: 5 };
/** "limit of N transactions per second per X" or "call limit of N transactions per second (TPS) for each ... account". */
const STATED = /limit of (\w+) transactions? per second(?: \(TPS\))? (per account per open shard|per account|per (?:data )?stream|per shard|for each Amazon Web Services account)/;

function statedRate(doc: string): { perSecond: number; per: string } | undefined {
  const m = STATED.exec(doc.replace(/<[^>]+>/g, '').replace(/\s+/g, ' '));
  if (!m) return undefined;
  const perSecond = WORDS[m[1]] ?? Number(m[1]);
  const per = m[2] === 'per account per open shard' ? 'shard' : m[2].includes('stream') ? 'stream' : m[2] === 'per shard' ? 'shard-data' : 'account';
  return { perSecond, per };
}

/** The operation documentation of botocore's model, by operation. */
function botocoreDocs(): Record<string, string> {
  const script = [
    'import botocore, os, gzip, json',
    "m = json.load(gzip.open(os.path.join(os.path.dirname(botocore.__file__), 'data/kinesis/2013-12-02/service-2.json.gz')))",
    "print(json.dumps({op: d.get('documentation', '') for op, d in m['operations'].items()}))",
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

/** The doc comment of every command of @aws-sdk/client-kinesis, by operation. */
function sdkDocs(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@aws-sdk/client-kinesis/package.json')), 'dist-types', 'commands');
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    const m = /^(\w+)Command\.d\.ts$/.exec(file);
    if (m) out[m[1]] = readFileSync(join(dir, file), 'utf8').replace(/^\s*\*\s?/gm, '');
  }
  return out;
}

describe('CONTROL_RATES', () => {
  it.runIf(mustCheck)("is every operation whose documentation in AWS's model states a transactions-per-second rate, with it", () => {
    expect(botocoreAvailable, 'python3 with botocore is required on CI').toBe(true);
    const boto = botocoreDocs();
    const sdk = sdkDocs();
    const expected: Record<string, { perSecond: number; per: string }> = {};
    for (const operation of new Set([...Object.keys(boto), ...Object.keys(sdk)])) {
      // botocore's text where it has the operation; the SDK's for the operations botocore lacks.
      const stated = statedRate(Object.hasOwn(boto, operation) ? boto[operation] : sdk[operation]);
      // GetRecords' "per shard" is a data-plane rate, enforced in the shard object (model/throttle.ts).
      if (stated && stated.per !== 'shard-data') expected[operation] = stated;
    }
    const table = Object.fromEntries(Object.entries(CONTROL_RATES).map(([op, r]) => [op, { perSecond: r.perSecond, per: r.per }]));
    expect(table).toEqual(expected);
    expect(boto.GetRecords).toContain('five transactions per second per shard');
  });

  it("holds AWS's numbers, each citing its API reference page", () => {
    expect(CONTROL_RATES.DescribeStream).toEqual({ perSecond: 10, per: 'account', source: 'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html' });
    expect(CONTROL_RATES.ListShards).toMatchObject({ perSecond: 1000, per: 'stream' });
    expect(CONTROL_RATES.DescribeLimits).toMatchObject({ perSecond: 1, per: 'account' });
    expect(CONTROL_RATES.DescribeStreamConsumer).toMatchObject({ perSecond: 20, per: 'stream' });
    expect(CONTROL_RATES.GetShardIterator).toMatchObject({ perSecond: 5, per: 'shard' });
    expect(CONTROL_RATES.ListStreams).toMatchObject({ perSecond: 5, per: 'account' });
    expect(CONTROL_RATES.CreateChannel).toMatchObject({ perSecond: 5, per: 'account' });
    for (const [operation, r] of Object.entries(CONTROL_RATES)) expect(r.source).toBe(`https://docs.aws.amazon.com/kinesis/latest/APIReference/API_${operation}.html`);
    // Not limited: no rate in their documentation, or limited per shard elsewhere.
    for (const operation of ['PutRecord', 'PutRecords', 'GetRecords', 'SubscribeToShard', 'UpdateShardCount', 'TagResource']) expect(Object.hasOwn(CONTROL_RATES, operation), operation).toBe(false);
  });
});

describe('rateKey', () => {
  const acct = { account: '111122223333', region: 'eu-west-1' };
  it('keys per account and region and operation, plus the stream, plus the shard', () => {
    const a = rateKey('DescribeStream', CONTROL_RATES.DescribeStream, { ...acct, stream: 's1' });
    expect(a).toBe(rateKey('DescribeStream', CONTROL_RATES.DescribeStream, { ...acct, stream: 's2' }));
    expect(a).not.toBe(rateKey('DescribeStream', CONTROL_RATES.DescribeStream, { ...acct, region: 'us-east-1', stream: 's1' }));
    expect(a).not.toBe(rateKey('DescribeStream', CONTROL_RATES.DescribeStream, { account: '444455556666', region: 'eu-west-1' }));
    expect(a).not.toBe(rateKey('ListStreams', CONTROL_RATES.ListStreams, acct));
    const s1 = rateKey('ListShards', CONTROL_RATES.ListShards, { ...acct, stream: 's1' });
    expect(s1).not.toBe(rateKey('ListShards', CONTROL_RATES.ListShards, { ...acct, stream: 's2' }));
    const g0 = rateKey('GetShardIterator', CONTROL_RATES.GetShardIterator, { ...acct, stream: 's1', shardIndex: 0 });
    expect(g0).not.toBe(rateKey('GetShardIterator', CONTROL_RATES.GetShardIterator, { ...acct, stream: 's1', shardIndex: 1 }));
  });

  it('places no per-stream or per-shard call without its stream or shard', () => {
    expect(rateKey('ListShards', CONTROL_RATES.ListShards, acct)).toBeUndefined();
    expect(rateKey('GetShardIterator', CONTROL_RATES.GetShardIterator, { ...acct, stream: 's1' })).toBeUndefined();
  });
});

describe('SecondWindows', () => {
  it('admits the limit in one whole second, refuses the next call, and admits again in the next second', () => {
    const w = new SecondWindows(100);
    for (let i = 0; i < 10; i++) expect(w.admit('k', 10, T + i * 99)).toBe(true);
    expect(w.admit('k', 10, T + 999)).toBe(false);
    expect(w.admit('k', 10, T + 1000)).toBe(true);
  });

  it('counts whole clock seconds, not a sliding second', () => {
    const w = new SecondWindows(100);
    expect(w.admit('k', 1, T + 999)).toBe(true);
    expect(w.admit('k', 1, T + 1000)).toBe(true);
    expect(w.admit('k', 1, T + 1500)).toBe(false);
  });

  it('counts keys apart, and a refused call not at all', () => {
    const w = new SecondWindows(100);
    expect(w.admit('a', 1, T)).toBe(true);
    expect(w.admit('a', 1, T)).toBe(false);
    expect(w.admit('a', 1, T)).toBe(false);
    expect(w.admit('b', 1, T)).toBe(true);
    expect(w.admit('a', 2, T)).toBe(true); // one counted call, not three
  });

  it('stays within its bound, dropping earlier seconds first', () => {
    const w = new SecondWindows(3);
    w.admit('old', 1, T);
    w.admit('x', 1, T + 1000);
    w.admit('y', 1, T + 1000);
    expect(w.admit('z', 1, T + 1000)).toBe(true);
    expect(w.size).toBe(3);
    expect(w.admit('x', 1, T + 1000)).toBe(false); // kept: 'old' was dropped
    for (let i = 0; i < 10; i++) w.admit(`n${i}`, 1, T + 1000);
    expect(w.size).toBe(3);
  });
});

describe('messages', () => {
  it("are AWS's stream wording, the shard wording of PutRecords, and ours for the account", () => {
    expect(streamRateExceededMessage('s1', '111122223333')).toBe('Rate exceeded for stream s1 under account 111122223333.');
    expect(accountRateExceededMessage('111122223333')).toBe('Rate exceeded for account 111122223333.');
    expect(shardIteratorRateExceededMessage(3, 's1', '111122223333')).toBe('Rate exceeded for shard shardId-000000000003 in stream s1 under account 111122223333.');
  });
});
