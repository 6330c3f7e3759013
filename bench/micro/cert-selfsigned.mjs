// Candidate for local/cert.mjs measured by cert-start.mjs: the same certificate made with selfsigned 5.5.0. It has
// no option for the subject/authority key identifier extensions ours writes. Not installed in this repo; to rerun:
// copy this file to a scratch directory, there `npm install selfsigned@5.5.0`, then pass selfsigned=<that copy>.
import { generate } from 'selfsigned';
export async function generateCertificate({ hosts = ['localhost', '127.0.0.1', '::1'], days = 825, commonName = 'kinesis-edge local CA' } = {}) {
  const now = Date.now();
  const r = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256',
    notBeforeDate: new Date(now - 86_400_000), notAfterDate: new Date(now + days * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    ],
  });
  return { cert: r.cert, key: r.private };
}
