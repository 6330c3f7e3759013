// Generates src/schema/shapes.generated.ts from botocore's Kinesis model: the input shapes, reduced to what
// validation needs. Must stay dependency-free and deterministic (same model in, same bytes out).
// Usage: node scripts/gen-shapes.mjs [outputPath]   (default: src/schema/shapes.generated.ts)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'src/schema/shapes.generated.ts'));

/** Asks the python3 on PATH where botocore lives, and which version it is. */
function findBotocore() {
  const script = 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)';
  let stdout;
  try {
    stdout = execFileSync('python3', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`gen-shapes: cannot import botocore with python3 (${err.message.split('\n')[0]})`);
  }
  const [dir, version] = stdout.trim().split('\n');
  return { dir, version };
}

const { dir, version } = findBotocore();
const modelPath = join(dir, 'data/kinesis/2013-12-02/service-2.json.gz');
const model = JSON.parse(gunzipSync(readFileSync(modelPath)).toString('utf8'));

// The operations botocore does not have yet, written from AWS's API reference in the same format. A name in both
// means botocore caught up: the hand-written copy must go, not silently win or lose.
const extra = JSON.parse(readFileSync(join(root, 'scripts/model/extra-operations.json'), 'utf8'));
for (const [op, def] of Object.entries(extra.operations)) {
  if (model.operations[op]) throw new Error(`gen-shapes: botocore now defines ${op}; remove it from scripts/model/extra-operations.json`);
  model.operations[op] = def;
}
for (const [name, shape] of Object.entries(extra.shapes)) {
  if (model.shapes[name]) throw new Error(`gen-shapes: botocore now defines shape ${name}; remove it from scripts/model/extra-operations.json`);
  model.shapes[name] = shape;
}
// Members the newest API has on shapes botocore already defines (DryRun): added to them, never replacing one.
for (const [name, members] of Object.entries(extra.members ?? {})) {
  const shape = model.shapes[name];
  if (shape?.type !== 'structure') throw new Error(`gen-shapes: extra-operations.json adds members to ${name}, not a structure`);
  for (const [member, def] of Object.entries(members)) {
    if (shape.members[member]) throw new Error(`gen-shapes: botocore now defines ${name}.${member}; remove it from scripts/model/extra-operations.json`);
    shape.members[member] = def;
  }
}
// Members botocore requires that the newest API makes optional (PartitionKey, optional under AUTO): taken out of
// the required list; their constraints stay and apply when they are present. One botocore no longer requires must
// leave the list, as above.
for (const [name, members] of Object.entries(extra.optional ?? {})) {
  const shape = model.shapes[name];
  if (shape?.type !== 'structure') throw new Error(`gen-shapes: extra-operations.json makes members of ${name} optional, not a structure`);
  for (const member of members) {
    if (!shape.members[member]) throw new Error(`gen-shapes: extra-operations.json makes ${name}.${member} optional; it has no such member`);
    if (!shape.required?.includes(member)) throw new Error(`gen-shapes: botocore no longer requires ${name}.${member}; remove it from scripts/model/extra-operations.json`);
    shape.required = shape.required.filter((m) => m !== member);
  }
}
// AWS's recorded validation order and enum wording: not in any model, kept as data beside it.
const order = JSON.parse(readFileSync(join(root, 'scripts/model/member-order.json'), 'utf8'));

const TYPES = new Set(['structure', 'list', 'map', 'string', 'integer', 'long', 'boolean', 'blob', 'timestamp']);

/** Collects every shape reachable from an operation input (or, given another set, output), depth first. */
const reachable = new Set();
function visit(name, seen = reachable) {
  if (seen.has(name)) return;
  const shape = model.shapes[name];
  if (!shape) throw new Error(`gen-shapes: shape ${name} is referenced but not defined`);
  if (!TYPES.has(shape.type)) throw new Error(`gen-shapes: shape ${name} has unsupported type ${shape.type}`);
  seen.add(name);
  for (const member of Object.values(shape.members ?? {})) visit(member.shape, seen);
  if (shape.member) visit(shape.member.shape, seen);
  if (shape.key) visit(shape.key.shape, seen);
  if (shape.value) visit(shape.value.shape, seen);
}

const operationNames = Object.keys(model.operations).sort();
const operationInputs = {};
for (const op of operationNames) {
  const input = model.operations[op].input?.shape;
  if (!input) throw new Error(`gen-shapes: operation ${op} has no input shape`);
  operationInputs[op] = input;
  visit(input);
}
const outputReachable = new Set();
for (const op of operationNames) {
  const output = model.operations[op].output?.shape;
  if (output) visit(output, outputReachable);
}

for (const [shapeName, members] of Object.entries(order.memberOrder)) {
  const shape = reachable.has(shapeName) ? model.shapes[shapeName] : undefined;
  if (shape?.type !== 'structure') throw new Error(`gen-shapes: member-order.json names ${shapeName}, not an input structure`);
  const unknown = members.filter((m) => !shape.members[m]);
  if (unknown.length || new Set(members).size !== members.length) throw new Error(`gen-shapes: member-order.json: ${shapeName} lists ${members}`);
}
for (const [shapeName, values] of Object.entries(order.enumDisplayOrder)) {
  const known = reachable.has(shapeName) ? model.shapes[shapeName].enum ?? [] : [];
  if ([...known].sort().join() !== [...values].sort().join()) throw new Error(`gen-shapes: member-order.json: ${shapeName} must reorder its enum, not change it`);
}

/**
 * The TypeScript type of a shape as the operations see it: inputs as parseInput coerces them (timestamps in epoch
 * milliseconds, blobs as bytes), outputs as the serializer takes them (protocol/values.ts: EpochTime, Bytes).
 */
function tsType(shape, side) {
  switch (shape.type) {
    case 'structure': {
      const required = new Set(shape.required ?? []);
      const members = Object.entries(shape.members).map(([k, m]) => `${key(k)}${required.has(k) ? '' : '?'}: ${m.shape}`);
      return members.length ? `{ ${members.join('; ')} }` : 'Record<string, never>';
    }
    case 'list':
      return `${shape.member.shape}[]`;
    case 'map':
      return `Record<${shape.key.shape}, ${shape.value.shape}>`;
    case 'string':
      return shape.enum ? shape.enum.map(quote).join(' | ') : 'string';
    case 'integer':
    case 'long':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'blob':
      return side === 'input' ? 'Uint8Array' : 'Bytes';
    case 'timestamp':
      return side === 'input' ? 'number' : 'EpochTime';
  }
}

const typeLines = (names, side) => [...names].sort().map((name) => `  export type ${name} = ${tsType(model.shapes[name], side)};`);

/** Keeps only what the validator reads, in a fixed key order. */
function reduce(shape) {
  const r = { type: shape.type };
  if (shape.members) r.members = Object.fromEntries(Object.entries(shape.members).map(([k, m]) => [k, m.shape]));
  if (shape.required?.length) r.required = [...shape.required];
  if (shape.member) r.member = shape.member.shape;
  if (shape.key) r.key = shape.key.shape;
  if (shape.value) r.value = shape.value.shape;
  if (shape.min !== undefined) r.min = shape.min;
  if (shape.max !== undefined) r.max = shape.max;
  if (shape.pattern !== undefined) r.pattern = shape.pattern;
  if (shape.enum) r.enum = [...shape.enum];
  return r;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const quote = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const key = (s) => (IDENT.test(s) ? s : quote(s));

function literal(value) {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${key(k)}: ${literal(v)}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

const lines = [
  `// Generated by scripts/gen-shapes.mjs from botocore ${version} (kinesis/2013-12-02/service-2.json.gz). Do not edit;`,
  '// run `npm run gen:shapes` after upgrading botocore. Also reads scripts/model/extra-operations.json (operations',
  '// botocore lacks) and scripts/model/member-order.json. Input shapes reduced to what validation reads; the types',
  '// of every input and output; AWS\'s recorded member order.',
  "import type { Bytes, EpochTime } from '../protocol/values';",
  '',
  'export const shapes = {',
  ...[...reachable].sort().map((name) => `  ${key(name)}: ${literal(reduce(model.shapes[name]))},`),
  '} as const;',
  '',
  'export const operationInputs = {',
  ...operationNames.map((op) => `  ${key(op)}: ${quote(operationInputs[op])},`),
  '} as const;',
  '',
  '/** The order in which AWS checks and reports members, per input structure; unlisted members follow in model order. */',
  'export const memberOrder: Readonly<Record<string, readonly string[]>> = {',
  ...Object.entries(order.memberOrder).map(([k, v]) => `  ${key(k)}: ${literal(v)},`),
  '};',
  '',
  '/** Enum value sets AWS prints in its own order rather than the model\'s, per string shape. */',
  'export const enumDisplayOrder: Readonly<Record<string, readonly string[]>> = {',
  ...Object.entries(order.enumDisplayOrder).map(([k, v]) => `  ${key(k)}: ${literal(v)},`),
  '};',
  '',
  '/** Input shapes as the operations receive them from parseInput. */',
  'export namespace Input {',
  ...typeLines(reachable, 'input'),
  '}',
  '',
  '/** Output shapes as the operations hand them to the serializer. */',
  'export namespace Output {',
  ...typeLines(outputReachable, 'output'),
  '}',
  '',
  '/** Every operation of the API: its input, and its output (undefined: 200 with an empty body). */',
  'export interface Operations {',
  ...operationNames.map((op) => {
    const output = model.operations[op].output?.shape;
    return `  ${key(op)}: { input: Input.${operationInputs[op]}; output: ${output ? `Output.${output}` : 'undefined'} };`;
  }),
  '}',
  '',
];

writeFileSync(out, lines.join('\n'));
console.log(`gen-shapes: wrote ${reachable.size} shapes, ${operationNames.length} operations to ${out}`);
