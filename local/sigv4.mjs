// AWS Signature Version 4 for Kinesis requests (POST /, no query string), with node:crypto only: the one signer of
// the local host's --streams set-up, the benchmarks (bench/client.mjs) and the tests' raw clients
// (test/clients/raw.ts). The emulator checks a signature's form, not its value, so the credentials are dummies; the
// signature is still computed the way AWS does, so a request signed here is one a real endpoint would take.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
import { createHash, createHmac } from 'node:crypto';

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** @param {string | Buffer} key @param {string} data */
const hmac = (key, data) => createHmac('sha256', key).update(data, 'utf8').digest();
/** @param {string | Uint8Array} data */
const sha256hex = (data) => createHash('sha256').update(data).digest('hex');

/** `2015-08-30T12:36:00.000Z` -> `20150830T123600Z`, SigV4's X-Amz-Date. */
export const amzDate = (/** @type {Date} */ date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * @typedef {object} Credentials
 * @property {string} [accessKeyId] 12 digits select that account in the emulator; anything else the default one
 * @property {string} [secretAccessKey]
 * @property {string} [region]
 * @property {string} [service]
 */

/**
 * @typedef {object} SignInput
 * @property {string} host the Host header (or HTTP/2 :authority) the request is sent with
 * @property {Record<string, string>} headers headers to sign besides host and x-amz-date (names in any case)
 * @property {string | Uint8Array} body
 * @property {Date} [now] the signing time (tests pass a fixed one)
 * @property {boolean} [contentSha256] also send and sign X-Amz-Content-Sha256, as the SDKs do
 */

/**
 * A signer for one set of credentials; its derived signing key is kept for the day (the benchmarks sign every
 * request). Returns the headers to add: Authorization, X-Amz-Date and, when asked, X-Amz-Content-Sha256.
 * @param {Credentials} [credentials]
 */
export function createSigner({ accessKeyId = 'AKIDEXAMPLE', secretAccessKey = 'secret', region = 'us-east-1', service = 'kinesis' } = {}) {
  let keyDay = '';
  let signingKey = Buffer.alloc(0);
  /** @param {string} day */
  const keyFor = (day) => {
    if (day !== keyDay) {
      signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
      keyDay = day;
    }
    return signingKey;
  };

  /** @param {SignInput} input @returns {Record<string, string>} */
  return function sign({ host, headers, body, now = new Date(), contentSha256 = false }) {
    const date = amzDate(now);
    const day = date.slice(0, 8);
    const payloadHash = sha256hex(body);
    /** @type {Record<string, string>} */
    const added = { 'X-Amz-Date': date };
    if (contentSha256) added['X-Amz-Content-Sha256'] = payloadHash;
    // Plain loops, no intermediate objects: the benchmarks' client signs every request on the measured machine.
    /** @type {string[]} */
    const names = [];
    /** @type {Record<string, string>} */
    const values = Object.create(null);
    /** @param {string} name @param {string} value */
    const add = (name, value) => {
      const lower = name.toLowerCase();
      if (!(lower in values)) names.push(lower);
      values[lower] = value.trim();
    };
    for (const name in headers) add(name, headers[name]);
    add('host', host);
    for (const name in added) add(name, added[name]);
    names.sort();
    let canonicalHeaders = '';
    for (const n of names) canonicalHeaders += `${n}:${values[n]}\n`;
    const canonicalRequest = ['POST', '/', '', canonicalHeaders, names.join(';'), payloadHash].join('\n');
    const scope = `${day}/${region}/${service}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${date}\n${scope}\n${sha256hex(canonicalRequest)}`;
    const signature = createHmac('sha256', keyFor(day)).update(stringToSign).digest('hex');
    return { Authorization: `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`, ...added };
  };
}
