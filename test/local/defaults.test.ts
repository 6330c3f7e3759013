// One source for the Worker's defaults: wrangler.toml (which `wrangler dev`/`deploy` and the Worker test pool read,
// and which cannot import anything) says what local/worker-defaults.json says, which the local host and the Worker's
// config read; the --streams name check is the model's StreamName shape.
import { experimental_readRawConfig } from 'wrangler';
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { STREAM_NAME } from '../../local/options.mjs';
import { workerDefaults } from '../../local/worker-defaults.mjs';
import { shapes } from '../../src/schema/shapes.generated';

const wranglerToml = fileURLToPath(new URL('../../wrangler.toml', import.meta.url));

describe('local/worker-defaults.json', () => {
  const { rawConfig } = experimental_readRawConfig({ config: wranglerToml });

  test("wrangler.toml's compatibility date, flags, [vars] and Durable Object bindings are the same", () => {
    expect({
      compatibility_date: rawConfig.compatibility_date,
      compatibility_flags: rawConfig.compatibility_flags,
      vars: rawConfig.vars,
      durable_objects: rawConfig.durable_objects,
    }).toEqual(workerDefaults);
  });

  test('every Durable Object class is a SQLite one in wrangler.toml, as the local host declares them', () => {
    const sqlite = (rawConfig.migrations ?? []).flatMap((m: { new_sqlite_classes?: string[] }) => m.new_sqlite_classes ?? []);
    for (const { class_name } of workerDefaults.durable_objects.bindings) expect(sqlite).toContain(class_name);
  });
});

test("--streams checks names against the model's StreamName shape", () => {
  expect(STREAM_NAME).toEqual({ pattern: shapes.StreamName.pattern, min: shapes.StreamName.min, max: shapes.StreamName.max });
});
