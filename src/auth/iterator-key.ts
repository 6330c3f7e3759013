// The key shard iterators and NextTokens are sealed with in `verify` mode: the ITERATOR_KEY secret when set, else a
// key generated once per deployment and kept in the tenant object, never the public fixed key of `open` mode.
import { TENANTS_OBJECT } from '../objects/tenant-object';
import type { Config } from '../config';
import type { Env } from '../env';

let generated: Promise<string> | undefined;

export async function withIteratorKey(config: Config, env: Env): Promise<Config> {
  if (config.iteratorKey !== '') return config;
  generated ??= env.TENANT.getByName(TENANTS_OBJECT).iteratorKey().catch((err) => {
    generated = undefined; // a failed read is retried by the next request
    throw err;
  });
  return { ...config, iteratorKey: await generated };
}
