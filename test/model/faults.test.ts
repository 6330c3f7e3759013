// Fault rules (src/model/faults.ts): the syntax, which errors an operation may be made to answer (AWS's model), and
// the deterministic "every round(1/RATE)-th eligible call or record". The local host's check (local/options.mjs)
// must accept and refuse exactly what the Worker does.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { FAULT_ERRORS, FaultPlan, parseFaultRule, parseFaults } from '../../src/model/faults';
import { errorStatus } from '../../src/protocol/errors';
import { operationInputs } from '../../src/schema/shapes.generated';
import { readOptions } from '../../local/options.mjs';

const botocoreAvailable = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
const mustCheck = botocoreAvailable || process.env.CI === 'true';

const local = (spec: string) => {
  try {
    readOptions(['--fault', spec], {});
    return true;
  } catch {
    return false;
  }
};

describe('local/fault-errors.json', () => {
  it('names every operation of the API, each with InternalFailure', () => {
    expect(Object.keys(FAULT_ERRORS).sort()).toEqual(Object.keys(operationInputs).sort());
    for (const errors of Object.values(FAULT_ERRORS)) expect(errors).toContain('InternalFailure');
  });

  it.runIf(mustCheck)("is, per operation, the errors of botocore's model that KinesisError knows, plus InternalFailure", () => {
    expect(botocoreAvailable, 'python3 with botocore is required on CI').toBe(true);
    const script = [
      'import botocore, os, gzip, json',
      "m = json.load(gzip.open(os.path.join(os.path.dirname(botocore.__file__), 'data/kinesis/2013-12-02/service-2.json.gz')))",
      "print(json.dumps({op: [e['shape'] for e in d.get('errors', [])] for op, d in m['operations'].items()}))",
    ].join('\n');
    const model: Record<string, string[]> = JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8' }));
    for (const [operation, errors] of Object.entries(FAULT_ERRORS)) {
      const expected = (model[operation] ?? []).filter((e) => Object.hasOwn(errorStatus, e));
      expect([...errors].sort(), operation).toEqual([...expected, 'InternalFailure'].sort());
    }
  });
});

describe('parseFaultRule', () => {
  it('reads OPERATION:ERROR[:RATE], RATE defaulting to 1 and every = round(1/RATE)', () => {
    expect(parseFaultRule('PutRecord:InternalFailure')).toEqual({ ok: true, rule: { operation: 'PutRecord', error: 'InternalFailure', rate: 1, every: 1 } });
    expect(parseFaultRule('GetRecords:ProvisionedThroughputExceededException:0.25')).toMatchObject({ ok: true, rule: { rate: 0.25, every: 4 } });
    expect(parseFaultRule('ListStreams:LimitExceededException:.3')).toMatchObject({ ok: true, rule: { every: 3 } });
    expect(parseFaultRule('ListShards:InternalFailure:0.6')).toMatchObject({ ok: true, rule: { every: 2 } });
  });

  it("refuses an error the operation cannot answer per AWS's model, naming the ones it can", () => {
    const r = parseFaultRule('ListStreams:ResourceNotFoundException');
    expect(r).toEqual({
      ok: false,
      message: "--fault ListStreams:ResourceNotFoundException: ListStreams cannot answer 'ResourceNotFoundException' (it can answer ExpiredNextTokenException, InvalidArgumentException, LimitExceededException, InternalFailure)",
    });
    // In AWS's model for PutRecords but not an error type we know (KMS errors other than KMSNotFoundException).
    expect(parseFaultRule('PutRecords:KMSThrottlingException').ok).toBe(false);
    expect(parseFaultRule('PutRecords:KMSNotFoundException').ok).toBe(true);
  });

  it('refuses bad syntax, unknown operations and rates outside (0, 1]', () => {
    for (const bad of ['PutRecord', 'PutRecord:InternalFailure:0.5:x', 'Nope:InternalFailure', 'PutRecord:Bogus', 'PutRecord:InternalFailure:0',
      'PutRecord:InternalFailure:1.5', 'PutRecord:InternalFailure:-1', 'PutRecord:InternalFailure:abc', 'PutRecord:InternalFailure:1e-1', 'toString:InternalFailure',
      'PutRecord:toString']) {
      expect(parseFaultRule(bad).ok, bad).toBe(false);
    }
  });

  it('the local --fault check agrees with the Worker on every case', () => {
    for (const spec of ['PutRecord:InternalFailure', 'PutRecords:ProvisionedThroughputExceededException:0.5', 'GetRecords:ExpiredIteratorException:1',
      'ListStreams:ResourceNotFoundException', 'PutRecord', 'Nope:InternalFailure', 'PutRecord:InternalFailure:0', 'PutRecord:InternalFailure:2',
      'toString:InternalFailure', 'CreateChannel:InternalFailure', 'CreateChannel:LimitExceededException', 'SubscribeToShard:LimitExceededException:.5']) {
      expect(local(spec), spec).toBe(parseFaultRule(spec).ok);
    }
  });

  it('parseFaults reads a comma-separated list and reports refused parts', () => {
    const { rules, problems } = parseFaults('PutRecord:InternalFailure, ,ListStreams:Nope,GetRecords:InternalFailure:0.5');
    expect(rules.map((r) => `${r.operation}:${r.error}:${r.every}`)).toEqual(['PutRecord:InternalFailure:1', 'GetRecords:InternalFailure:2']);
    expect(problems).toHaveLength(1);
  });
});

const plan = (spec: string) => new FaultPlan(parseFaults(spec).rules);

describe('FaultPlan', () => {
  it('fails exactly every round(1/RATE)-th call of the operation, other operations untouched', () => {
    const p = plan('PutRecord:InternalFailure:0.34');
    const seen = Array.from({ length: 9 }, () => p.forCall('PutRecord') ?? '-');
    expect(seen).toEqual(['-', '-', 'InternalFailure', '-', '-', 'InternalFailure', '-', '-', 'InternalFailure']);
    expect(p.forCall('GetRecords')).toBeUndefined();
  });

  it('PutRecords: throttling and InternalFailure count records, other errors count calls', () => {
    const p = plan('PutRecords:ProvisionedThroughputExceededException:0.5,PutRecords:ResourceNotFoundException:0.5');
    expect(Array.from({ length: 4 }, () => p.forRecord('PutRecords') ?? '-')).toEqual(['-', 'ProvisionedThroughputExceededException', '-', 'ProvisionedThroughputExceededException']);
    expect([p.forCall('PutRecords'), p.forCall('PutRecords')]).toEqual([undefined, 'ResourceNotFoundException']);
  });

  it('with two rules for one operation each counts every call and the first that fires answers', () => {
    const p = plan('ListShards:LimitExceededException:0.5,ListShards:InternalFailure:1');
    expect([p.forCall('ListShards'), p.forCall('ListShards')]).toEqual(['InternalFailure', 'LimitExceededException']);
  });
});
