// The operation registry and README.md's Compatibility table are what scripts/gen-operations.mjs writes from the
// operation files, and a new operation file is picked up without a hand edit anywhere else.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** What scripts/gen-operations.mjs exports; loaded by path so this file type-checks whether or not allowJs is on. */
interface Generator {
  START: string;
  END: string;
  generate(root: string): { registry: string; readme: string; count: number };
}
const script = '../../scripts/gen-operations.mjs';
const gen = (await import(script)) as Generator;

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the tree's generator inputs, to add an operation file to. */
function copyTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gen-operations-'));
  temps.push(dir);
  for (const path of ['src/operations', 'src/schema/shapes.generated.ts', 'scripts/model/compatibility.json', 'README.md']) {
    cpSync(join(root, path), join(dir, path), { recursive: true });
  }
  return dir;
}

describe('scripts/gen-operations.mjs', () => {
  it('wrote src/operations/registry.ts from the operation files as they are now', () => {
    expect(read('src/operations/registry.ts')).toBe(gen.generate(root).registry);
  });

  it("wrote README.md's Compatibility table from the registry as it is now", () => {
    expect(read('README.md')).toBe(gen.generate(root).readme);
  });

  // Counted, not fixed: several branches add operations at once (issue 11), each moving its own out of `notYet`.
  const compatibility = JSON.parse(read('scripts/model/compatibility.json')) as { notYet: { operations: string[] }[] };
  const implemented = gen.generate(root).count;

  it('lists the implemented operations as yes and accounts for all 45 of the model', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf(gen.START), readme.indexOf(gen.END));
    expect(implemented).toBeGreaterThanOrEqual(29);
    expect(section).toContain(`${implemented} of the 45 operations of today's API exist so far`);
    const yes = [...section.matchAll(/^\| (\w+) \| yes \|/gm)].map((m) => m[1]);
    expect(yes).toHaveLength(implemented);
    expect(yes).toContain('PutRecords');
    expect(yes).toContain('StartStreamEncryption');
    const named = [...section.matchAll(/^\| ([\w, ]+) \| (?:yes|not yet) \|/gm)].flatMap((m) => m[1].split(', '));
    expect(new Set(named).size).toBe(45);
    for (const group of compatibility.notYet) expect(section).toContain(`| ${group.operations.join(', ')} | not yet | |`);
  });

  it.skipIf(compatibility.notYet.length === 0)('picks up a new operation file: registry import, entry and a yes row, its group row shrinking', () => {
    const [name, ...rest] = compatibility.notYet[0].operations;
    const kebab = name.replace(/[A-Z]/g, (c, at: number) => (at > 0 ? '-' : '') + c.toLowerCase());
    const dir = copyTree();
    writeFileSync(
      join(dir, `src/operations/${kebab}.ts`),
      `import { operation } from './operation';\n\nexport const ${name} = operation('${name}', async function ${name}() {\n  return undefined;\n});\n`,
    );
    const out = gen.generate(dir);
    expect(out.count).toBe(implemented + 1);
    expect(out.registry).toContain(`import { ${name} } from './${kebab}';`);
    expect(out.registry).toMatch(new RegExp(`^ {2}${name},$`, 'm'));
    expect(out.readme).toContain(`| ${name} | yes | |`);
    if (rest.length > 0) expect(out.readme).toContain(`| ${rest.join(', ')} | not yet | |`);
    expect(out.readme).toContain(`${implemented + 1} of the 45 operations of today's API exist so far`);
  });

  it('refuses an export whose name is not the operation it declares', () => {
    const dir = copyTree();
    writeFileSync(join(dir, 'src/operations/split.ts'), "export const Split = operation('SplitShard', async function Split() {});\n");
    expect(() => gen.generate(dir)).toThrow(/exports Split for operation 'SplitShard'/);
  });

  it('refuses an operation the model does not have', () => {
    const dir = copyTree();
    writeFileSync(join(dir, 'src/operations/nope.ts'), "export const FlushStream = operation('FlushStream', async function FlushStream() {});\n");
    expect(() => gen.generate(dir)).toThrow(/FlushStream is not an operation of the model/);
  });
});
