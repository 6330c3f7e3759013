// One source for the Worker's defaults: wrangler.toml (which `wrangler dev`/`deploy` and the Worker test pool read,
// and which cannot import anything) says what local/worker-defaults.json says, which the local host and the Worker's
// config read; the --streams name check is the model's StreamName shape. Every environment of wrangler.toml (the top
// level is the team deployment, [env.*] the others) is held to the file on its own, since an environment inherits
// neither vars nor Durable Object bindings (https://developers.cloudflare.com/workers/wrangler/configuration/#non-inheritable-keys).
import { experimental_readRawConfig, unstable_readConfig } from 'wrangler';
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { STREAM_NAME } from '../../local/options.mjs';
import { workerDefaults } from '../../local/worker-defaults.mjs';
import { shapes } from '../../src/schema/shapes.generated';

const wranglerToml = fileURLToPath(new URL('../../wrangler.toml', import.meta.url));
const { rawConfig } = experimental_readRawConfig({ config: wranglerToml });
const namedEnvs = Object.keys(rawConfig.env ?? {});
/** A deployment's vars: the local defaults plus the vars only deployments set. */
const deployedVars = { ...workerDefaults.vars, ...workerDefaults.deployed_vars };

describe('local/worker-defaults.json', () => {
  test('wrangler.toml has the top level (the team deployment) and a preview environment', () => {
    expect(namedEnvs).toContain('preview');
  });

  test('the deployed-only vars are not local defaults (npm start, npm run dev and the test pool leave them unset)', () => {
    expect(Object.keys(workerDefaults.deployed_vars).sort()).toEqual(['AUTH_MODE', 'LOG_FORMAT']);
    for (const name of Object.keys(workerDefaults.deployed_vars)) expect(workerDefaults.vars).not.toHaveProperty(name);
  });

  for (const env of [undefined, ...namedEnvs]) {
    const label = env === undefined ? 'the top level' : `[env.${env}]`;

    test(`${label} states its own [vars], Durable Object bindings and migrations`, () => {
      const section = env === undefined ? rawConfig : rawConfig.env![env];
      expect(Object.keys(section)).toEqual(expect.arrayContaining(['vars', 'durable_objects', 'migrations']));
    });

    test(`${label}: compatibility date, flags, vars and Durable Object bindings are the file's, as wrangler resolves them`, () => {
      const config = unstable_readConfig({ config: wranglerToml, env });
      expect({
        compatibility_date: config.compatibility_date,
        compatibility_flags: config.compatibility_flags,
        vars: config.vars,
        durable_objects: { bindings: config.durable_objects.bindings.map(({ name, class_name }: { name: string; class_name: string }) => ({ name, class_name })) },
      }).toEqual({
        compatibility_date: workerDefaults.compatibility_date,
        compatibility_flags: workerDefaults.compatibility_flags,
        vars: deployedVars,
        durable_objects: workerDefaults.durable_objects,
      });
    });

    test(`${label}: every Durable Object class is a SQLite one, as the local host declares them`, () => {
      const config = unstable_readConfig({ config: wranglerToml, env });
      const sqlite = config.migrations.flatMap((m: { new_sqlite_classes?: string[] }) => m.new_sqlite_classes ?? []);
      for (const { class_name } of workerDefaults.durable_objects.bindings) expect(sqlite).toContain(class_name);
    });
  }
});

test("--streams checks names against the model's StreamName shape", () => {
  expect(STREAM_NAME).toEqual({ pattern: shapes.StreamName.pattern, min: shapes.StreamName.min, max: shapes.StreamName.max });
});
