// --throttle and --fault on the command line (local/options.mjs): defaults, env vars, and refusals that name what is
// allowed; a bad value stops `kinesis-edge` before it starts anything.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readOptions } from '../../local/options.mjs';
import { bin, root, run } from '../clients/server';

const opts = (argv: string[], env: Record<string, string> = {}) => readOptions(argv, env) as Exclude<ReturnType<typeof readOptions>, { help: true }>;

describe('--throttle', () => {
  test('defaults to off; takes aws from the flag or KINESIS_EDGE_THROTTLE, the flag winning', () => {
    expect(opts([]).throttle).toBe('off');
    expect(opts(['--throttle', 'aws']).throttle).toBe('aws');
    expect(opts([], { KINESIS_EDGE_THROTTLE: 'aws' }).throttle).toBe('aws');
    expect(opts(['--throttle', 'off'], { KINESIS_EDGE_THROTTLE: 'aws' }).throttle).toBe('off');
  });

  test('refuses anything else, as --auth does', () => {
    expect(() => opts(['--throttle', 'AWS'])).toThrow("--throttle must be off or aws, got 'AWS'");
    expect(() => opts([], { KINESIS_EDGE_THROTTLE: 'on' })).toThrow("--throttle must be off or aws, got 'on'");
  });
});

describe('--fault', () => {
  test('is repeatable, or a comma-separated KINESIS_EDGE_FAULTS', () => {
    expect(opts(['--fault', 'PutRecord:InternalFailure', '--fault', 'GetRecords:ProvisionedThroughputExceededException:0.5']).faults).toEqual([
      'PutRecord:InternalFailure',
      'GetRecords:ProvisionedThroughputExceededException:0.5',
    ]);
    expect(opts([], { KINESIS_EDGE_FAULTS: 'PutRecord:InternalFailure,ListStreams:LimitExceededException:1' }).faults).toEqual([
      'PutRecord:InternalFailure',
      'ListStreams:LimitExceededException:1',
    ]);
    expect(opts([]).faults).toEqual([]);
  });

  test('refuses an error the operation cannot answer, saying which it can', () => {
    expect(() => opts(['--fault', 'DescribeLimits:ResourceNotFoundException'])).toThrow(
      "--fault DescribeLimits:ResourceNotFoundException: DescribeLimits cannot answer 'ResourceNotFoundException' (it can answer LimitExceededException, InternalFailure)",
    );
    expect(() => opts(['--fault', 'PutRecord:InternalFailure:0'])).toThrow("RATE must be a number in (0, 1], got '0'");
    expect(() => opts(['--fault', 'Nope:InternalFailure'])).toThrow("unknown operation 'Nope'");
  });

  test('kinesis-edge exits non-zero with the message before starting anything', async () => {
    const r = await run(process.execPath, [bin, '--throttle', 'fast', '--port', '0'], { timeoutMs: 30_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^kinesis-edge: --throttle must be off or aws, got 'fast'/);
    expect(r.stdout).not.toContain('listening');
    const f = await run(process.execPath, [bin, '--fault', 'ListStreams:ResourceNotFoundException', '--port', '0'], { timeoutMs: 30_000 });
    expect(f.code).not.toBe(0);
    expect(f.stderr).toContain("ListStreams cannot answer 'ResourceNotFoundException' (it can answer ExpiredNextTokenException, InvalidArgumentException, LimitExceededException, InternalFailure)");
  });
});

test("the README's throttling and fault commands are accepted as written", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Throttling and fault injection'));
  const lines = /```sh\n([\s\S]*?)\n```/.exec(section)![1].split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(3);
  for (const line of lines) {
    // `[VAR=value ...] npm start [-- flags]`: what bin/kinesis-edge.mjs would be given.
    const m = /^((?:[A-Z_]+=\S+ )*)npm start(?: -- (.*))?$/.exec(line);
    expect(m, line).not.toBeNull();
    const env = Object.fromEntries(m![1].trim().split(' ').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
    const parsed = opts(m![2] ? m![2].split(' ') : [], env);
    expect(parsed.throttle === 'aws' || parsed.faults.length > 0, line).toBe(true);
  }
});
