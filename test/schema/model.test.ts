// The generated model and the hand-kept order data: the generator's output is current, and the data names real shapes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inputNode } from '../../src/schema/compile';
import { enumDisplayOrder, memberOrder, operationInputs, shapes } from '../../src/schema/shapes.generated';
import type { Shape } from '../../src/schema/types';
import { hasOperation, parseInput } from '../../src/schema/validate';
import { KinesisError } from '../../src/protocol/errors';

const root = fileURLToPath(new URL('../..', import.meta.url));
const table: Readonly<Record<string, Shape>> = shapes;
const botocoreAvailable = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
const mustCheck = botocoreAvailable || process.env.CI === 'true';

describe('shapes.generated.ts', () => {
  it.runIf(mustCheck)('is what scripts/gen-shapes.mjs writes from the installed botocore, byte for byte', () => {
    expect(botocoreAvailable, 'python3 with botocore is required on CI').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'gen-shapes-'));
    try {
      const first = join(dir, 'first.ts');
      const second = join(dir, 'second.ts');
      execFileSync(process.execPath, [join(root, 'scripts/gen-shapes.mjs'), first], { stdio: 'pipe' });
      execFileSync(process.execPath, [join(root, 'scripts/gen-shapes.mjs'), second], { stdio: 'pipe' });
      const generated = readFileSync(first, 'utf8');
      expect(readFileSync(second, 'utf8')).toBe(generated);
      expect(readFileSync(join(root, 'src/schema/shapes.generated.ts'), 'utf8')).toBe(generated);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("maps all 45 operations of today's API to an input structure, the six botocore lacks included", () => {
    const inputs: Record<string, string> = operationInputs;
    expect(Object.keys(inputs)).toHaveLength(45);
    for (const op of ['CreateChannel', 'DeleteChannel', 'DescribeChannel', 'ListChannels', 'UpdateChannel', 'UpdateStreamRecordDistributionStrategy']) {
      expect(inputs[op], op).toBe(`${op}Input`);
    }
    for (const [operation, shape] of Object.entries(inputs)) {
      expect(table[shape]?.type, operation).toBe('structure');
      expect(inputNode(operation)?.name).toBe(shape);
    }
    expect(inputs.PutRecords).toBe('PutRecordsInput');
  });

  it('adds the members botocore lacks (extra-operations.json `members`): DryRun on the five operations that take it', () => {
    for (const shape of ['PutRecordInput', 'PutRecordsInput', 'GetRecordsInput', 'GetShardIteratorInput', 'SubscribeToShardInput']) {
      const node = table[shape];
      expect(node?.type === 'structure' && node.members.DryRun, shape).toBe('BooleanObject');
    }
    const others = Object.entries(operationInputs).filter(([op]) => !['PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator', 'SubscribeToShard'].includes(op));
    for (const [, shape] of others) expect(Object.keys((table[shape] as { members: object }).members), shape).not.toContain('DryRun');
  });

  it('links every member, element, key and value to a shape it defines', () => {
    for (const [name, shape] of Object.entries(table)) {
      const refs =
        shape.type === 'structure' ? Object.values(shape.members) : shape.type === 'list' ? [shape.member] : shape.type === 'map' ? [shape.key, shape.value] : [];
      for (const ref of refs) expect(table[ref], `${name} -> ${ref}`).toBeDefined();
    }
  });

  it('carries no documentation text', () => {
    const text = readFileSync(join(root, 'src/schema/shapes.generated.ts'), 'utf8');
    expect(text).not.toMatch(/documentation|<p>/);
  });
});

describe('member order (scripts/model/member-order.json)', () => {
  it('names only structures and members the model has, each once', () => {
    for (const [shapeName, order] of Object.entries(memberOrder)) {
      const shape = table[shapeName];
      expect(shape?.type, shapeName).toBe('structure');
      if (shape?.type !== 'structure') continue;
      for (const member of order) expect(Object.keys(shape.members), `${shapeName}.${member}`).toContain(member);
      expect(new Set(order).size).toBe(order.length);
    }
  });

  it('reorders enum values without adding or losing any', () => {
    for (const [shapeName, values] of Object.entries(enumDisplayOrder)) {
      const shape = table[shapeName];
      expect(shape?.type === 'string' && [...(shape.enum ?? [])].sort()).toEqual([...values].sort());
    }
  });

  it('puts the recorded members first and the rest in model order', () => {
    expect(inputNode('PutRecord')?.members.map((m) => m.name)).toEqual([
      'SequenceNumberForOrdering',
      'PartitionKey',
      'ExplicitHashKey',
      'Data',
      'StreamName',
      'StreamARN',
      'StreamId',
      'DryRun',
    ]);
    expect(inputNode('PutRecord')?.members.map((m) => m.path)).toEqual([
      'sequenceNumberForOrdering',
      'partitionKey',
      'explicitHashKey',
      'data',
      'streamName',
      'streamARN',
      'streamId',
      'dryRun',
    ]);
  });
});

describe('operations', () => {
  it('knows the model operations by their exact, case-sensitive names', () => {
    expect(hasOperation('PutRecords')).toBe(true);
    expect(hasOperation('putRecords')).toBe(false);
    expect(hasOperation('toString')).toBe(false);
    expect(hasOperation('__proto__')).toBe(false);
  });

  it('rejects an operation the model does not know with a bare UnknownOperationException', () => {
    let thrown: unknown;
    try {
      parseInput('PutRecordz', {}, 'json');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(KinesisError);
    expect((thrown as KinesisError).toData()).toEqual({ type: 'UnknownOperationException' });
  });
});
