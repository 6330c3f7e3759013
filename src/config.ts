// Reads the Worker's configuration from its environment, with kinesalite-compatible defaults.
// Must not read anything per request beyond env.
import type { Env } from './env';
import { DEFAULT_VARS } from './limits';
import { readThrottleMode, type ThrottleMode } from './model/throttle';

export type AuthMode = 'open' | 'verify';

/** The fixed key of `open` mode when no ITERATOR_KEY is set: public in this repository, so never used by `verify`. */
export const LOCAL_ITERATOR_KEY = 'kinesis-edge-local-iterator-key';

export interface Config {
  authMode: AuthMode;
  createStreamMs: number;
  deleteStreamMs: number;
  updateStreamMs: number;
  shardLimit: number;
  /** In `verify` mode without ITERATOR_KEY this is '' here: the pipeline fills in the deployment's generated key. */
  iteratorKey: string;
  /** Streams allowed per account and region: the tenant's quota in `verify` mode, unbounded in `open` mode. */
  streamLimit: number;
  /** Bytes the account may store per region before puts are refused: the tenant's quota in `verify` mode, unbounded in `open` mode. */
  storedBytesLimit: number;
  /** 'json' writes one log line per request (src/protocol/request-log.ts); anything but LOG_FORMAT=json is 'off'. */
  logFormat: 'json' | 'off';
  /** 'aws': shards enforce AWS's per-shard rates (model/throttle.ts); 'off' (default): no limits, as kinesalite. */
  throttle: ThrottleMode;
  /** FAULTS as given: `OPERATION:ERROR[:RATE]`, comma-separated (model/faults.ts, operations/faults.ts). */
  faults: string;
}

/** Unknown THROTTLE values already logged by this isolate: each once, not once per request. */
const reportedThrottle = new Set<string>();

/** THROTTLE: unset, empty or `off` is off; `aws` is aws; anything else is read as `aws` (fail towards AWS's
 *  behaviour) and logged once per isolate. */
export function throttleModeOf(env: Env): ThrottleMode {
  const { mode, known } = readThrottleMode(env.THROTTLE);
  if (!known && !reportedThrottle.has(env.THROTTLE!)) {
    reportedThrottle.add(env.THROTTLE!);
    console.warn(`THROTTLE=${JSON.stringify(env.THROTTLE)} is neither "off" nor "aws": throttling as "aws"`);
  }
  return mode;
}

/** AUTH_MODE: unset or `open` is open; anything else, a typo included, is `verify`: a deployment fails closed. */
export function authModeOf(env: Env): AuthMode {
  return env.AUTH_MODE === undefined || env.AUTH_MODE === '' || env.AUTH_MODE === 'open' ? 'open' : 'verify';
}

const int = (value: string | undefined, fallback: number): number => {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
};

export function readConfig(env: Env): Config {
  const authMode = authModeOf(env);
  return {
    authMode,
    createStreamMs: int(env.CREATE_STREAM_MS, Number(DEFAULT_VARS.CREATE_STREAM_MS)),
    deleteStreamMs: int(env.DELETE_STREAM_MS, Number(DEFAULT_VARS.DELETE_STREAM_MS)),
    updateStreamMs: int(env.UPDATE_STREAM_MS, Number(DEFAULT_VARS.UPDATE_STREAM_MS)),
    shardLimit: int(env.SHARD_LIMIT, Number(DEFAULT_VARS.SHARD_LIMIT)),
    // The one default of the key: the local host passes ITERATOR_KEY only when its environment sets one.
    iteratorKey: env.ITERATOR_KEY || (authMode === 'verify' ? '' : LOCAL_ITERATOR_KEY),
    streamLimit: Number.MAX_SAFE_INTEGER,
    storedBytesLimit: Number.MAX_SAFE_INTEGER,
    logFormat: env.LOG_FORMAT === 'json' ? 'json' : 'off',
    throttle: throttleModeOf(env),
    faults: env.FAULTS ?? '',
  };
}
