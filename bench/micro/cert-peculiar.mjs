// Candidate for local/cert.mjs measured by cert-start.mjs: the same certificate made with @peculiar/x509 2.2.0.
// Not installed in this repo; to rerun: copy this file to a scratch directory, there
// `npm install @peculiar/x509@2.2.0 reflect-metadata@0.2.2` (2.2.0's tsyringe needs the Reflect polyfill imported
// first), then pass peculiar=<that copy> to cert-start.mjs.
import 'reflect-metadata';
import { generateKeyPairSync, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
x509.cryptoProvider.set(webcrypto);
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
export async function generateCertificate({ hosts = ['localhost', '127.0.0.1', '::1'], days = 825, commonName = 'kinesis-edge local CA' } = {}) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keys = {
    publicKey: await webcrypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), alg, true, ['verify']),
    privateKey: await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), alg, false, ['sign']),
  };
  const serial = randomBytes(16); serial[0] = (serial[0] & 0x7f) | 0x40;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: [{ CN: [commonName] }],
    notBefore: new Date(now - 86_400_000), notAfter: new Date(now + days * 86_400_000),
    signingAlgorithm: alg, keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((h) => ({ type: /^[\d.]+$|:/.test(h) ? 'ip' : 'dns', value: h }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem') + '\n', key: privateKey.export({ type: 'pkcs8', format: 'pem' }) };
}
