// The layering of src/, checked on its import lines: no import circle (type-only imports count: a circle of types
// is still two modules that cannot be understood apart); domain code (src/model) depends on no object, operation or
// platform; operations reach objects only through the Env's stubs; every limit and duration is named once, in
// src/limits.ts.
import { describe, expect, it } from 'vitest';
import { cycles, importsOf, numericConstants, sourceFiles, type Edge } from './import-graph';

const files = sourceFiles('src');
const graph = new Map<string, Edge[]>(files.map((f) => [f, importsOf(f)]));
const under = (dir: string) => files.filter((f) => f.startsWith(`${dir}/`));

describe('src/ imports', () => {
  it('read every kind of import line (the checks below would pass vacuously otherwise)', () => {
    expect(graph.get('src/index.ts')).toContainEqual({ to: 'src/objects/shard-object.ts', typeOnly: false });
    expect(graph.get('src/operations/operation.ts')).toContainEqual({ to: 'src/env.ts', typeOnly: true });
    expect(graph.get('src/objects/shard-object.ts')).toContainEqual({ to: 'cloudflare:workers', typeOnly: false });
  });

  it('form no circle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('of src/model reach no object, operation, Worker wiring, cloudflare:* or hono', () => {
    const forbidden = (to: string) =>
      /^src\/(objects|operations)\//.test(to) || /^src\/(env|app|pipeline|index|config)\.ts$/.test(to) || to.startsWith('cloudflare:') || to === 'hono';
    const bad = under('src/model').flatMap((f) => graph.get(f)!.filter((e) => forbidden(e.to)).map((e) => `${f} -> ${e.to}`));
    expect(bad).toEqual([]);
  });

  it('of src/operations take from src/objects only the object names they address stubs by', () => {
    // Operations call objects through ctx.env's typed stubs; the types they pass and get back live in src/model.
    const bad = under('src/operations').flatMap((f) =>
      graph.get(f)!.filter((e) => e.to.startsWith('src/objects/') && (e.to !== 'src/objects/names.ts' || e.typeOnly)).map((e) => `${f} -> ${e.to}`),
    );
    expect(bad).toEqual([]);
  });
});

describe('limits and durations', () => {
  // Names that say "a bound" or "a span of time".
  const LIMIT_NAME = /^(MAX|MIN|DEFAULT)_|_(MS|SECONDS|HOURS|BYTES|KIB|LIMIT|BATCH|ENTRIES|TTL)$|_PER_/;
  // The range of the iterator token's signed 64-bit field: a property of the type it is written as, not a limit.
  const NOT_LIMITS = new Set(['src/model/iterator.ts MIN_INT64', 'src/model/iterator.ts MAX_INT64']);

  it('of model, objects and operations are declared in src/limits.ts, not beside their use', () => {
    const local = ['src/model', 'src/objects', 'src/operations'].flatMap(under).flatMap((f) =>
      numericConstants(f)
        .filter((c) => LIMIT_NAME.test(c.name) && !NOT_LIMITS.has(`${f} ${c.name}`))
        .map((c) => `${f} ${c.name} = ${c.text}`),
    );
    expect(local).toEqual([]);
  });

  it('are each declared once in src/', () => {
    const byName = new Map<string, string[]>();
    for (const f of files) for (const c of numericConstants(f)) byName.set(c.name, [...(byName.get(c.name) ?? []), f]);
    const twice = [...byName].filter(([, where]) => where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`);
    expect(twice).toEqual([]);
  });
});
