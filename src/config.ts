// Reads the Worker's configuration from its environment, with kinesalite-compatible defaults.
// Must not read anything per request beyond env.
import type { Env } from './env';
import { DEFAULT_VARS } from './limits';

export interface Config {
  createStreamMs: number;
  deleteStreamMs: number;
  updateStreamMs: number;
  shardLimit: number;
  iteratorKey: string;
  /** 'json' writes one log line per request (src/protocol/request-log.ts); anything but LOG_FORMAT=json is 'off'. */
  logFormat: 'json' | 'off';
}

const int = (value: string | undefined, fallback: number): number => {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
};

export function readConfig(env: Env): Config {
  return {
    createStreamMs: int(env.CREATE_STREAM_MS, Number(DEFAULT_VARS.CREATE_STREAM_MS)),
    deleteStreamMs: int(env.DELETE_STREAM_MS, Number(DEFAULT_VARS.DELETE_STREAM_MS)),
    updateStreamMs: int(env.UPDATE_STREAM_MS, Number(DEFAULT_VARS.UPDATE_STREAM_MS)),
    shardLimit: int(env.SHARD_LIMIT, Number(DEFAULT_VARS.SHARD_LIMIT)),
    // The one default of the key: the local host passes ITERATOR_KEY only when its environment sets one.
    iteratorKey: env.ITERATOR_KEY || 'kinesis-edge-local-iterator-key',
    logFormat: env.LOG_FORMAT === 'json' ? 'json' : 'off',
  };
}
