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

  it('lists all 45 operations of the model as yes', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf(gen.START), readme.indexOf(gen.END));
    expect(section).toContain("All 45 operations of today's API exist.");
    const yes = [...section.matchAll(/^\| (\w+) \| yes \|/gm)].map((m) => m[1]);
    expect(new Set(yes).size).toBe(45);
    expect(yes).toContain('PutRecords');
    expect(yes).toContain('CreateChannel');
    expect(section).not.toContain('not yet');
  });

  it('picks up an operation file: without it the operation is "not yet" in its group, with it a yes row', () => {
    const dir = copyTree();
    const file = join(dir, 'src/operations/delete-channel.ts');
    const source = read('src/operations/delete-channel.ts');
    rmSync(file);
    const compatibility = JSON.parse(read('scripts/model/compatibility.json'));
    compatibility.notYet = [{ operations: ['DeleteChannel'], notes: 'channels' }];
    const note = compatibility.notes.DeleteChannel;
    delete compatibility.notes.DeleteChannel;
    writeFileSync(join(dir, 'scripts/model/compatibility.json'), JSON.stringify(compatibility, null, 2));
    const without = gen.generate(dir);
    expect(without.count).toBe(44);
    expect(without.registry).not.toContain('DeleteChannel');
    expect(without.readme).toContain('| DeleteChannel | not yet | channels |');
    expect(without.readme).toContain("44 of the 45 operations of today's API exist so far");
    writeFileSync(file, source);
    compatibility.notYet = [];
    compatibility.notes.DeleteChannel = note;
    writeFileSync(join(dir, 'scripts/model/compatibility.json'), JSON.stringify(compatibility, null, 2));
    const withIt = gen.generate(dir);
    expect(withIt.count).toBe(45);
    expect(withIt.registry).toContain("import { DeleteChannel } from './delete-channel';");
    expect(withIt.registry).toMatch(/^ {2}DeleteChannel,$/m);
    expect(withIt.readme).toMatch(/^\| DeleteChannel \| yes \|/m);
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
