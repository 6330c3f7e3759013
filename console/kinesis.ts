// The console's only way to the server: the Kinesis JSON 1.1 API on this origin, every request SigV4-signed here
// with the user's keys, exactly as any SDK would send it. The server therefore treats the console as one more
// client: tenant isolation and `--auth verify` need nothing new, and a tenant sees what its keys see.
import { Sha256 } from '@aws-crypto/sha256-browser';
import { SignatureV4 } from '@smithy/signature-v4';

/** What the user enters; kept in sessionStorage only (keys.ts). */
export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  sessionToken?: string;
}

/** An error answer of the API: `__type` and message as the server sent them. */
export class KinesisError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = type;
  }
}

// Every action is POST / with this target prefix and content type
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/Welcome.html, the service model's targetPrefix and
// jsonVersion 1.1).
const TARGET_PREFIX = 'Kinesis_20131202';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Calls one Kinesis action with `input` and answers its parsed output, or throws KinesisError. */
export async function callKinesis<T>(keys: Keys, action: string, input: object): Promise<T> {
  const origin = new URL('/', location.href);
  const body = JSON.stringify(input);
  const signer = new SignatureV4({
    service: 'kinesis',
    region: keys.region,
    sha256: Sha256,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken || undefined },
    // X-Amz-Content-Sha256 is S3's; Kinesis hashes the body it receives.
    applyChecksum: false,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: origin.protocol,
    hostname: origin.hostname,
    port: origin.port ? Number(origin.port) : undefined,
    path: '/',
    query: {},
    // The browser sends Host itself (a forbidden header name for fetch); it is location.host, which is signed here.
    headers: { host: origin.host, 'content-type': CONTENT_TYPE, 'x-amz-target': `${TARGET_PREFIX}.${action}` },
    body,
  });
  const headers = { ...signed.headers };
  delete headers.host;
  const res = await fetch(origin, { method: 'POST', headers, body, credentials: 'omit', cache: 'no-store' });
  const text = await res.text();
  if (!res.ok) throw errorOf(res.status, res.headers.get('x-amzn-ErrorType'), text);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** JSON 1.1 errors carry `__type` (possibly namespaced with '#') and `message` or `Message`; some refusals are XML. */
function errorOf(status: number, headerType: string | null, text: string): KinesisError {
  let type = headerType?.split(':')[0] ?? '';
  let message = text;
  try {
    const parsed = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
    type = (parsed.__type ?? type).split('#').pop() ?? type;
    message = parsed.message ?? parsed.Message ?? '';
  } catch {
    // Not JSON (an XML AccessDenied, a proxy's page): show the text as it came.
  }
  return new KinesisError(type || `HTTP ${status}`, message, status);
}
