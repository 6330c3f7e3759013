// `verify` mode: checks a request's SigV4 signature as AWS does, with WebCrypto, against the secret of the tenant its
// access key names, and answers AWS's errors (aws-behaviour §1.7). Must not look tenants up itself (it is given a
// lookup) nor read the body (it is given the bytes the pipeline read).
//
// The canonical request is ours, not @smithy/signature-v4's: AWS's InvalidSignatureException shows the canonical
// request and string to sign it expected, which smithy's public API does not give, and smithy signs the headers it
// finds rather than exactly the client's SignedHeaders (it always adds its own x-amz-date). test/auth/verify.test.ts
// holds ours to smithy's signatures on generated requests.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
import { KinesisError } from '../protocol/errors';
import { MAX_PRESIGNED_EXPIRES_S, SIGNATURE_SKEW_MS, SIGNING_KEY_CACHE_MAX_ENTRIES } from '../limits';
import type { TenantSecret } from '../model/tenant';
import type { SignatureParts } from './sigv4';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const SERVICE = 'kinesis';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** AWS's messages for signatures (aws-behaviour §1.4, §1.7; https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html). */
export const messages = {
  unrecognized: 'The security token included in the request is invalid.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
    'Consult the service documentation for details.',
  service: `Credential should be scoped to correct service: '${SERVICE}'. `,
  terminator: (t: string) => `Credential should be scoped with a valid terminator: 'aws4_request', not '${t}'. `,
  elements: (c: string) => `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${c}'`,
  badDate: (d: string) => `Date must be in ISO-8601 'basic format'. Got '${d}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  scopeDate: (scopeDay: string, day: string, date: string) =>
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDay}' != '${day}', from '${date}'.`,
  expired: (signed: string, earliest: string, now: string) => `Signature expired: ${signed} is now earlier than ${earliest} (${now} - 5 min.)`,
  notYet: (signed: string, latest: string, now: string) => `Signature not yet current: ${signed} is still later than ${latest} (${now} + 5 min.)`,
  host: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  algorithm: (a: string) => `Unsupported AWS 'algorithm': '${a}'`, // [OURS]
  presignExpired: (expiry: string, now: string) => `Signature expired: ${expiry} is now earlier than ${now}`, // [OURS]
  expires: 'X-Amz-Expires must be a whole number of seconds from 1 to 604800.', // [OURS]
};

/** `20150830T123600Z` from epoch ms. */
export const basicDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** The request as received: what the canonical request is built from. */
export interface SignedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array;
}

export interface Verified {
  tenant: TenantSecret;
  /** The credential scope's region (checked against the signature). */
  region: string;
}

/**
 * Checks `parts` (read by readSignature) in AWS's order: the credential's form, service and terminator, the date and
 * its window, the access key, the session token, the scope's date, then the signature itself. Throws KinesisError.
 */
export async function verifySignature(
  parts: SignatureParts,
  request: SignedRequest,
  now: number,
  lookup: (accessKeyId: string) => Promise<TenantSecret | undefined>,
): Promise<Verified> {
  if (parts.algorithm !== ALGORITHM) throw new KinesisError('IncompleteSignatureException', messages.algorithm(parts.algorithm));
  const scope = parts.credential.split('/');
  if (scope.length !== 5) throw new KinesisError('IncompleteSignatureException', messages.elements(parts.credential));
  const [accessKeyId, scopeDay, region, service, terminator] = scope;
  // readSignature refused a region that is not a region name; an empty one is refused the same way here.
  if (!region) throw new KinesisError('InvalidSignatureException', `Credential should be scoped to a valid region, not ''. `);
  if (service !== SERVICE) throw new KinesisError('InvalidSignatureException', messages.service);
  if (terminator !== 'aws4_request') throw new KinesisError('InvalidSignatureException', messages.terminator(terminator));

  const signedAt = parseDate(parts.date);
  if (signedAt === undefined) throw new KinesisError('IncompleteSignatureException', messages.badDate(parts.date));
  const stamp = basicDate(signedAt);
  checkWindow(parts, signedAt, now);

  const tenant = await lookup(accessKeyId);
  if (!tenant) throw new KinesisError('UnrecognizedClientException', messages.unrecognized);
  // A tenant with a session token needs exactly it; one without refuses any (AWS: an invalid token is an
  // unrecognized client whatever the key).
  if (!equalStrings(tenant.sessionToken ?? '', parts.securityToken ?? '')) {
    throw new KinesisError('UnrecognizedClientException', messages.unrecognized);
  }
  if (scopeDay !== stamp.slice(0, 8)) {
    throw new KinesisError('InvalidSignatureException', messages.scopeDate(scopeDay, stamp.slice(0, 8), stamp));
  }

  const signedHeaders = parts.signedHeaders.split(';');
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) throw new KinesisError('InvalidSignatureException', messages.host);
  const canonical = await canonicalRequest(request, parts, signedHeaders);
  const stringToSign = `${ALGORITHM}\n${stamp}\n${scopeDay}/${region}/${service}/aws4_request\n${await sha256Hex(utf8(canonical))}`;
  const key = await signingKey(tenant.secretAccessKey, scopeDay, region);
  const expected = toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(stringToSign))));
  if (!equalStrings(expected, parts.signature.toLowerCase())) {
    throw new KinesisError(
      'InvalidSignatureException',
      `${messages.mismatch}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
  return { tenant, region };
}

/** X-Amz-Date's basic format, or (header form, no X-Amz-Date) an HTTP Date; undefined when neither parses. */
function parseDate(date: string): number | undefined {
  const m = BASIC_DATE.exec(date);
  if (m) {
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return basicDate(ms) === date ? ms : undefined;
  }
  // RFC 7231's IMF-fixdate, e.g. "Thu, 01 Jan 2026 00:00:00 GMT".
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(date)) return undefined;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Header form: within 5 minutes either way. Presigned: from 5 minutes before X-Amz-Date until X-Amz-Expires after it. */
function checkWindow(parts: SignatureParts, signedAt: number, now: number): void {
  const stamp = basicDate(signedAt);
  if (signedAt > now + SIGNATURE_SKEW_MS) {
    throw new KinesisError('InvalidSignatureException', messages.notYet(stamp, basicDate(now + SIGNATURE_SKEW_MS), basicDate(now)));
  }
  if (parts.form === 'query' && parts.expires !== '') {
    if (!/^\d{1,6}$/.test(parts.expires) || +parts.expires < 1 || +parts.expires > MAX_PRESIGNED_EXPIRES_S) {
      throw new KinesisError('IncompleteSignatureException', messages.expires);
    }
    const expiresAt = signedAt + Number(parts.expires) * 1000;
    if (expiresAt < now) throw new KinesisError('InvalidSignatureException', messages.presignExpired(basicDate(expiresAt), basicDate(now)));
    return;
  }
  if (signedAt < now - SIGNATURE_SKEW_MS) {
    throw new KinesisError('InvalidSignatureException', messages.expired(stamp, basicDate(now - SIGNATURE_SKEW_MS), basicDate(now)));
  }
}

/** The canonical request of the client's SignedHeaders, in their order as sent. */
async function canonicalRequest(request: SignedRequest, parts: SignatureParts, signedHeaders: string[]): Promise<string> {
  let headers = '';
  for (const name of signedHeaders) {
    const value = name === ':authority' ? request.headers.get('host') : request.headers.get(name);
    headers += `${name}:${(value ?? '').trim().replace(/\s+/g, ' ')}\n`;
  }
  const declared = request.headers.get('x-amz-content-sha256');
  // UNSIGNED-PAYLOAD only when the client says so in X-Amz-Content-Sha256 (botocore does over HTTPS when payload
  // signing is off); any other value is not trusted: the body's own hash is what the signature must cover, so a
  // tampered body fails whatever hash it declares.
  const payload = declared === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : await sha256Hex(request.body);
  return [request.method.toUpperCase(), canonicalPath(request.url.pathname), canonicalQuery(request.url.search, parts.form), headers, parts.signedHeaders, payload].join('\n');
}

/** botocore and smithy: dot segments removed, then the path as sent URI-encoded once more ('/' and '~' kept). */
export function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  const normalized = `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return uriEncode(normalized, '/~');
}

/** Every parameter but X-Amz-Signature (presigned), names and values AWS-encoded, sorted by name then value. */
export function canonicalQuery(search: string, form: 'header' | 'query'): string {
  if (search.length <= 1) return '';
  const pairs: [string, string][] = [];
  for (const piece of search.slice(1).split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = decode(eq < 0 ? piece : piece.slice(0, eq));
    const value = eq < 0 ? '' : decode(piece.slice(eq + 1));
    if (form === 'query' && name === 'X-Amz-Signature') continue;
    pairs.push([uriEncode(name), uriEncode(value)]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray '%' stays as sent, and is then encoded as %25
  }
}

/** RFC 3986 unreserved characters (and `safe`) as they are; every other UTF-8 byte as %XX, upper-case. */
function uriEncode(s: string, safe = '~'): string {
  let out = '';
  for (const byte of utf8(s)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.]/.test(c) || safe.includes(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ---- keys and hashes ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const utf8 = (s: string): Uint8Array<ArrayBuffer> => encoder.encode(s) as Uint8Array<ArrayBuffer>;

const keys = new Map<string, Promise<CryptoKey>>();

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request"), kept per (secret, day,
 *  region) in this isolate: four HMACs and five key imports saved on every request after the first of the day. */
export function signingKey(secret: string, day: string, region: string): Promise<CryptoKey> {
  const id = `${day}\n${region}\n${secret}`;
  let key = keys.get(id);
  if (!key) {
    if (keys.size >= SIGNING_KEY_CACHE_MAX_ENTRIES) keys.delete(keys.keys().next().value!);
    key = derive(secret, day, region);
    keys.set(id, key);
    key.catch(() => keys.delete(id));
  }
  return key;
}

async function derive(secret: string, day: string, region: string): Promise<CryptoKey> {
  let raw: Uint8Array<ArrayBuffer> = utf8(`AWS4${secret}`);
  for (const part of [day, region, SERVICE, 'aws4_request']) raw = await hmac(raw, part);
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

async function hmac(key: Uint8Array<ArrayBuffer>, data: string): Promise<Uint8Array<ArrayBuffer>> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, utf8(data)));
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>)));
}

const toHex = (bytes: Uint8Array): string => {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
};

/** Constant-time in the contents (the lengths are public: a hex signature's is fixed). */
export function equalStrings(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
