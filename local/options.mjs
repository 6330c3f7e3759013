// The command line and environment of `kinesis-edge` / `npm start`, kinesalite's flag names where they exist.
// Must not start anything.
import { parseArgs } from 'node:util';

export const usage = `Usage: kinesis-edge [options]

An Amazon Kinesis Data Streams emulator (Cloudflare Workers, served locally by Miniflare).

Options:
  --port <n>             port to listen on (env PORT, default 4567)
  --host <addr>          address to listen on (env HOST); by default both loopbacks, 127.0.0.1 and ::1, so
                         that http://localhost:<port> works whichever one localhost resolves to first
  --path <dir>           data directory (env KINESIS_EDGE_PATH, default ./.kinesis-data)
  --createStreamMs <ms>  time a stream stays CREATING (env CREATE_STREAM_MS, default 500)
  --deleteStreamMs <ms>  time a stream stays DELETING (env DELETE_STREAM_MS, default 500)
  --updateStreamMs <ms>  time a stream stays UPDATING (env UPDATE_STREAM_MS, default 500)
  --shardLimit <n>       open shards allowed per account and region (env SHARD_LIMIT, default 10000)
  --streams <list>       streams to create at start, name:shards[,name:shards] (env KINESIS_EDGE_STREAMS)
  --in-memory            keep no state on disk: everything is gone when the server stops (env KINESIS_EDGE_IN_MEMORY=1)
  --ssl                  serve HTTPS (ALPN h2 and http/1.1); a certificate is made at first start and kept in
                         <path>/tls unless --cert and --key are given (env KINESIS_EDGE_SSL=1)
  --cert <file>          PEM certificate for --ssl (env KINESIS_EDGE_CERT)
  --key <file>           PEM private key for --ssl (env KINESIS_EDGE_KEY)
  -h, --help             show this help
`;

const spec = {
  port: { type: 'string', env: 'PORT', fallback: '4567' },
  host: { type: 'string', env: 'HOST', fallback: '' },
  path: { type: 'string', env: 'KINESIS_EDGE_PATH', fallback: './.kinesis-data' },
  createStreamMs: { type: 'string', env: 'CREATE_STREAM_MS', fallback: '500' },
  deleteStreamMs: { type: 'string', env: 'DELETE_STREAM_MS', fallback: '500' },
  updateStreamMs: { type: 'string', env: 'UPDATE_STREAM_MS', fallback: '500' },
  shardLimit: { type: 'string', env: 'SHARD_LIMIT', fallback: '10000' },
  streams: { type: 'string', env: 'KINESIS_EDGE_STREAMS', fallback: '' },
  cert: { type: 'string', env: 'KINESIS_EDGE_CERT', fallback: '' },
  key: { type: 'string', env: 'KINESIS_EDGE_KEY', fallback: '' },
  'in-memory': { type: 'boolean', env: 'KINESIS_EDGE_IN_MEMORY', fallback: false },
  ssl: { type: 'boolean', env: 'KINESIS_EDGE_SSL', fallback: false },
};

const truthy = (v) => v === true || v === '1' || v === 'true';

/** `a:1,b:2` -> [{ name: 'a', shards: 1 }, ...]; names follow CreateStream's pattern [MODEL]. */
function parseStreams(value) {
  if (!value) return [];
  return value.split(',').map((part) => {
    const m = /^([a-zA-Z0-9_.-]{1,128}):(\d+)$/.exec(part.trim());
    if (!m || Number(m[2]) < 1) throw new Error(`--streams wants name:shards[,name:shards], got '${part}'`);
    return { name: m[1], shards: Number(m[2]) };
  });
}

const nonNegativeInt = (name, value) => {
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got '${value}'`);
  return Number(value);
};

/** Flags win over environment variables, which win over defaults. Throws with a message on bad input. */
export function readOptions(argv = process.argv.slice(2), env = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: { ...Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, { type: v.type }])), help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return { help: true };
  const pick = (k) => values[k] ?? env[spec[k].env] ?? spec[k].fallback;
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
  };
}
