// The command line and environment of `kinesis-edge` / `npm start`, kinesalite's flag names where they exist.
// Must not start anything.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { defaultVars } from './worker-defaults.mjs';

/** The errors --fault may inject per operation (the Worker reads the same file: src/model/faults.ts).
 * @type {Record<string, string[]>} */
const faultErrors = JSON.parse(readFileSync(new URL('./fault-errors.json', import.meta.url), 'utf8')).operations;

export const usage = `Usage: kinesis-edge [options]

An Amazon Kinesis Data Streams emulator (Cloudflare Workers, served locally by Miniflare).

Options:
  --port <n>             port to listen on (env PORT, default 4567)
  --host <addr>          address to listen on (env HOST); by default both loopbacks, 127.0.0.1 and ::1, so
                         that http://localhost:<port> works whichever one localhost resolves to first
  --path <dir>           data directory (env KINESIS_EDGE_PATH, default ./.kinesis-data)
  --createStreamMs <ms>  time a stream stays CREATING (env CREATE_STREAM_MS, default ${defaultVars.CREATE_STREAM_MS})
  --deleteStreamMs <ms>  time a stream stays DELETING (env DELETE_STREAM_MS, default ${defaultVars.DELETE_STREAM_MS})
  --updateStreamMs <ms>  time a stream stays UPDATING after a reshard (env UPDATE_STREAM_MS, default ${defaultVars.UPDATE_STREAM_MS})
  --shardLimit <n>       open shards allowed per account and region (env SHARD_LIMIT, default ${defaultVars.SHARD_LIMIT})
  --streams <list>       streams to create at start, name:shards[,name:shards] (env KINESIS_EDGE_STREAMS)
  --in-memory            keep no state on disk: everything is gone when the server stops (env KINESIS_EDGE_IN_MEMORY=1)
  --ssl                  serve HTTPS (ALPN h2 and http/1.1); a certificate is made at first start and kept in
                         <path>/tls unless --cert and --key are given (env KINESIS_EDGE_SSL=1)
  --cert <file>          PEM certificate for --ssl (env KINESIS_EDGE_CERT)
  --key <file>           PEM private key for --ssl (env KINESIS_EDGE_KEY)
  --auth <mode>          open: signatures are read, never checked; verify: SigV4 is checked against the tenants'
                         secrets, as AWS checks it (env KINESIS_EDGE_AUTH, default open)
  --tenant <k:s[:acct]>  a tenant for --auth verify: access key id, secret access key and optionally its 12-digit
                         account (repeatable; env KINESIS_EDGE_TENANTS, comma-separated)
  --admin-token <token>  turn on the tenant admin API under /admin/ with this bearer token (env
                         KINESIS_EDGE_ADMIN_TOKEN); off without it
  --throttle <mode>      off: no rate limits, as kinesalite; aws: AWS's per-shard limits (writes 1 MiB/s and 1,000
                         records/s, GetRecords 5 calls/s and 2 MiB/s, SubscribeToShard 1 call/s per consumer and
                         2 MiB/s per subscription) and control-plane calls per second (DescribeStream 10/s, ...)
                         answered as ProvisionedThroughputExceededException / LimitExceededException
                         (env KINESIS_EDGE_THROTTLE, default ${defaultVars.THROTTLE})
  --fault <op:err[:r]>   make OPERATION answer ERROR on every round(1/RATE)-th call (RATE in (0,1], default 1),
                         counted from start-up; PutRecords:ProvisionedThroughputExceededException and
                         PutRecords:InternalFailure fail single records instead. ERROR must be one the operation can
                         answer per AWS's model (a wrong one is refused with the list). Repeatable; env
                         KINESIS_EDGE_FAULTS, comma-separated. E.g. --fault PutRecord:InternalFailure:0.5
  -h, --help             show this help
`;

const spec = {
  port: { type: 'string', env: 'PORT', fallback: '4567' },
  host: { type: 'string', env: 'HOST', fallback: '' },
  path: { type: 'string', env: 'KINESIS_EDGE_PATH', fallback: './.kinesis-data' },
  createStreamMs: { type: 'string', env: 'CREATE_STREAM_MS', fallback: defaultVars.CREATE_STREAM_MS },
  deleteStreamMs: { type: 'string', env: 'DELETE_STREAM_MS', fallback: defaultVars.DELETE_STREAM_MS },
  updateStreamMs: { type: 'string', env: 'UPDATE_STREAM_MS', fallback: defaultVars.UPDATE_STREAM_MS },
  shardLimit: { type: 'string', env: 'SHARD_LIMIT', fallback: defaultVars.SHARD_LIMIT },
  streams: { type: 'string', env: 'KINESIS_EDGE_STREAMS', fallback: '' },
  cert: { type: 'string', env: 'KINESIS_EDGE_CERT', fallback: '' },
  key: { type: 'string', env: 'KINESIS_EDGE_KEY', fallback: '' },
  'in-memory': { type: 'boolean', env: 'KINESIS_EDGE_IN_MEMORY', fallback: false },
  ssl: { type: 'boolean', env: 'KINESIS_EDGE_SSL', fallback: false },
  auth: { type: 'string', env: 'KINESIS_EDGE_AUTH', fallback: 'open' },
  'admin-token': { type: 'string', env: 'KINESIS_EDGE_ADMIN_TOKEN', fallback: '' },
  throttle: { type: 'string', env: 'KINESIS_EDGE_THROTTLE', fallback: defaultVars.THROTTLE },
};

/** What --tenant may hold (src/model/tenant.ts checks the same in the Worker). */
const ACCESS_KEY_ID = /^[A-Za-z0-9_]{1,128}$/;
const SECRET = /^[\x21-\x7e]{1,128}$/;

/**
 * `AKID:SECRET[:ACCOUNT]` -> { accessKeyId, secretAccessKey, account? }. The secret is never echoed in an error.
 * @param {string} spec
 * @returns {{ accessKeyId: string, secretAccessKey: string, account?: string }}
 */
function parseTenant(spec) {
  const parts = spec.trim().split(':');
  if (parts.length < 2 || parts.length > 3) throw new Error(`--tenant wants ACCESS_KEY_ID:SECRET_ACCESS_KEY[:ACCOUNT_ID], got ${parts.length} part(s)`);
  const [accessKeyId, secretAccessKey, account] = parts;
  if (!ACCESS_KEY_ID.test(accessKeyId)) throw new Error(`--tenant: the access key id must be 1-128 letters, digits or _, got '${accessKeyId}'`);
  if (!SECRET.test(secretAccessKey)) throw new Error(`--tenant ${accessKeyId}: the secret must be 1-128 printable characters without spaces or ':'`);
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new Error(`--tenant ${accessKeyId}: the account must be 12 digits, got '${account}'`);
  return account === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, account };
}

const RATE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * `OPERATION:ERROR[:RATE]`, checked as the Worker reads FAULTS (src/model/faults.ts parseFaultRule, held to this by
 * test/model/faults.test.ts); returned as given, trimmed.
 * @param {string} spec
 * @returns {string}
 */
function parseFault(spec) {
  const parts = spec.trim().split(':');
  if (parts.length < 2 || parts.length > 3) throw new Error(`--fault wants OPERATION:ERROR[:RATE], got '${spec}'`);
  const [operation, error, rate = '1'] = parts;
  if (!Object.hasOwn(faultErrors, operation)) throw new Error(`--fault ${spec}: unknown operation '${operation}' (one of ${Object.keys(faultErrors).join(', ')})`);
  const allowed = faultErrors[operation];
  if (!allowed.includes(error)) throw new Error(`--fault ${spec}: ${operation} cannot answer '${error}' (it can answer ${allowed.join(', ')})`);
  const r = RATE.test(rate) ? Number(rate) : NaN;
  if (!(r > 0 && r <= 1)) throw new Error(`--fault ${spec}: RATE must be a number in (0, 1], got '${rate}'`);
  return spec.trim();
}

/** @param {string} v a flag given ('true'), unset ('false') or an env value */
const truthy = (v) => v === '1' || v === 'true';

/** The model's StreamName shape (botocore's service-2.json: pattern, min 1, max 128). A copy, because an installed
 *  package has no src/schema; test/local/defaults.test.ts holds it to src/schema/shapes.generated.ts. */
export const STREAM_NAME = { pattern: '[a-zA-Z0-9_.-]+', min: 1, max: 128 };
const STREAM_NAME_RE = new RegExp(`^(?:${STREAM_NAME.pattern})$`);
/** @param {string} name */
const isStreamName = (name) => name.length >= STREAM_NAME.min && name.length <= STREAM_NAME.max && STREAM_NAME_RE.test(name);

/**
 * `a:1,b:2` -> [{ name: 'a', shards: 1 }, ...]; names follow CreateStream's pattern [MODEL].
 * @param {string} value
 * @returns {{ name: string, shards: number }[]}
 */
function parseStreams(value) {
  if (!value) return [];
  return value.split(',').map((part) => {
    const m = /^(.*):(\d+)$/.exec(part.trim());
    if (!m || !isStreamName(m[1]) || Number(m[2]) < 1) throw new Error(`--streams wants name:shards[,name:shards], got '${part}'`);
    return { name: m[1], shards: Number(m[2]) };
  });
}

/** @param {string} name @param {string} value */
const nonNegativeInt = (name, value) => {
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got '${value}'`);
  return Number(value);
};

/**
 * What `kinesis-edge` was asked to do.
 * @typedef {object} Options
 * @property {false} help
 * @property {number} port
 * @property {string | undefined} host the address as given
 * @property {string[]} hosts every address to listen on
 * @property {string} path the data directory
 * @property {number} createStreamMs
 * @property {number} deleteStreamMs
 * @property {number} updateStreamMs
 * @property {number} shardLimit
 * @property {{ name: string, shards: number }[]} streams
 * @property {boolean} inMemory
 * @property {boolean} ssl
 * @property {string | undefined} cert
 * @property {string | undefined} key
 * @property {'open' | 'verify'} auth
 * @property {{ accessKeyId: string, secretAccessKey: string, account?: string }[]} tenants
 * @property {string | undefined} adminToken
 * @property {'off' | 'aws'} throttle
 * @property {string[]} faults each OPERATION:ERROR[:RATE], checked
 */

/**
 * Flags win over environment variables, which win over defaults. Throws with a message on bad input.
 * @returns {{ help: true } | Options}
 */
export function readOptions(argv = process.argv.slice(2), env = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, { type: v.type }])),
      tenant: { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  /** @type {Record<string, string | boolean | string[] | undefined>} */
  const given = values;
  // A boolean flag reads as 'true' when given and 'false' by default, like its env value would.
  /** @param {keyof typeof spec} k */
  const pick = (k) => String(given[k] ?? env[spec[k].env] ?? spec[k].fallback);
  const auth = pick('auth');
  if (auth !== 'open' && auth !== 'verify') throw new Error(`--auth must be open or verify, got '${auth}'`);
  const throttle = pick('throttle');
  if (throttle !== 'off' && throttle !== 'aws') throw new Error(`--throttle must be off or aws, got '${throttle}'`);
  const faultSpecs = /** @type {string[] | undefined} */ (values.fault) ?? (env.KINESIS_EDGE_FAULTS ? env.KINESIS_EDGE_FAULTS.split(',').filter((s) => s.trim() !== '') : []);
  const faults = faultSpecs.map(parseFault);
  const tenantSpecs = /** @type {string[] | undefined} */ (values.tenant) ?? (env.KINESIS_EDGE_TENANTS ? env.KINESIS_EDGE_TENANTS.split(',') : []);
  const tenants = tenantSpecs.map(parseTenant);
  const seen = new Set();
  for (const t of tenants) {
    if (seen.has(t.accessKeyId)) throw new Error(`--tenant ${t.accessKeyId} is given twice`);
    seen.add(t.accessKeyId);
  }
  const adminToken = pick('admin-token') || undefined;
  if (auth === 'verify' && tenants.length === 0 && !adminToken) throw new Error('--auth verify needs a --tenant (or --admin-token to create tenants)');
  const port = nonNegativeInt('port', pick('port'));
  if (port > 65535) throw new Error(`--port must be at most 65535, got ${port}`);
  return {
    help: false,
    port,
    // The address as given (undefined by default), and every address to listen on: never a public one unasked.
    host: pick('host') || undefined,
    hosts: pick('host') ? [pick('host')] : ['127.0.0.1', '::1'],
    path: pick('path'),
    createStreamMs: nonNegativeInt('createStreamMs', pick('createStreamMs')),
    deleteStreamMs: nonNegativeInt('deleteStreamMs', pick('deleteStreamMs')),
    updateStreamMs: nonNegativeInt('updateStreamMs', pick('updateStreamMs')),
    shardLimit: nonNegativeInt('shardLimit', pick('shardLimit')),
    streams: parseStreams(pick('streams')),
    inMemory: truthy(pick('in-memory')),
    ssl: truthy(pick('ssl')),
    cert: pick('cert') || undefined,
    key: pick('key') || undefined,
    auth,
    tenants,
    adminToken,
    throttle,
    faults,
  };
}
