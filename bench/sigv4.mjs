// AWS Signature Version 4 for Kinesis JSON requests (service 'kinesis', POST /, no query), with node:crypto only.
// Signs every request; caches the derived signing key per day. Dummy credentials: no server here checks them.
import { createHash, createHmac } from 'node:crypto';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SIGNED_HEADERS = 'content-type;host;x-amz-date;x-amz-target';

const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
const sha256hex = (data) => createHash('sha256').update(data).digest('hex');

export function createSigner({ accessKeyId = 'AKIDBENCHEXAMPLE', secretAccessKey = 'bench-secret-key', region = 'us-east-1', service = 'kinesis' } = {}) {
  let keyDay = '';
  let signingKey;
  const keyFor = (day) => {
    if (day !== keyDay) {
      signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
      keyDay = day;
    }
    return signingKey;
  };

  /** Headers for one request: body is a Buffer or string; now a Date (tests pass a fixed one). */
  return function sign({ host, target, contentType, body, now = new Date() }) {
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, ''); // 20150830T123600Z
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${region}/${service}/aws4_request`;
    const canonicalRequest = [
      'POST',
      '/',
      '',
      `content-type:${contentType}\nhost:${host}\nx-amz-date:${amzDate}\nx-amz-target:${target}\n`,
      SIGNED_HEADERS,
      sha256hex(body),
    ].join('\n');
    const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256hex(canonicalRequest)}`;
    const signature = createHmac('sha256', keyFor(day)).update(stringToSign).digest('hex');
    return {
      'Content-Type': contentType,
      'X-Amz-Date': amzDate,
      'X-Amz-Target': target,
      Authorization: `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
    };
  };
}
