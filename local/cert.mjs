// A self-signed TLS certificate for the local server (EC P-256, built by hand in DER), and its files under <dir>/tls.
// Must use node:crypto only and start nothing; it never weakens verification, clients trust this cert as its own CA.
// Kept by hand rather than selfsigned 5.5.0 or @peculiar/x509 2.2.0 (bench/micro/cert-start.mjs, 2 cores, medians):
// both sign through WebCrypto, so loadOrCreateCertificate would turn async under its callers; they pull in 23 packages
// (9.0 MB) and 21 (5.1 MB); a first --ssl start spends ~20 ms here over a bare `node`, against ~110 ms with selfsigned and
// ~140 ms with @peculiar/x509; and selfsigned has no option for the key identifiers written below.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

// --- A tiny ASN.1 DER encoder: each helper returns a Buffer holding one complete element. ---

/** @param {number} tag @param {Buffer} content */
function tlv(tag, content) {
  const n = content.length;
  let len;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (/** @type {Buffer[]} */ ...items) => tlv(0x30, Buffer.concat(items));
const set = (/** @type {Buffer[]} */ ...items) => tlv(0x31, Buffer.concat(items));
const bool = (/** @type {boolean} */ value) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
const octets = (/** @type {Buffer} */ buf) => tlv(0x04, buf);
const utf8 = (/** @type {string} */ text) => tlv(0x0c, Buffer.from(text, 'utf8'));
/** BIT STRING whose last `unused` bits are padding. @param {Buffer} buf */
const bits = (buf, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), buf]));
/** EXPLICIT context tag [n], constructed. @param {number} n @param {Buffer} inner */
const explicit = (n, inner) => tlv(0xa0 | n, inner);

/** INTEGER from a non-negative number or big-endian unsigned Buffer, minimally encoded. @param {number | Buffer} value */
function int(value) {
  let buf = Buffer.isBuffer(value) ? value : Buffer.from([value]);
  let i = 0;
  while (i < buf.length - 1 && buf[i] === 0) i++;
  buf = buf.subarray(i);
  if (buf[0] & 0x80) buf = Buffer.concat([Buffer.from([0]), buf]);
  return tlv(0x02, buf);
}

/** @param {string} dotted */
function oid(dotted) {
  const arcs = dotted.split('.').map(Number);
  const out = [];
  for (const arc of [40 * arcs[0] + arcs[1], ...arcs.slice(2)]) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
/** @param {Date} date */
function time(date) {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z';
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii')) : tlv(0x18, Buffer.from(digits, 'ascii'));
}

// --- Certificate pieces. ---

const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

/** @param {string} text */
function ipv6Bytes(text) {
  /** @param {string} part @returns {number[]} */
  const groups = (part) =>
    part === '' ? [] : part.split(':').flatMap((g) => {
      if (!g.includes('.')) return [parseInt(g, 16)];
      const [a, b, c, d] = g.split('.').map(Number); // embedded IPv4 tail, e.g. ::ffff:127.0.0.1
      return [(a << 8) | b, (c << 8) | d];
    });
  const [head, tail] = text.split('::');
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/** GeneralName for one host: iPAddress [7] for literals, dNSName [2] otherwise. */
/** @param {string} host */
function generalName(host) {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const kind = isIP(bare);
  if (kind === 4) return tlv(0x87, Buffer.from(bare.split('.').map(Number)));
  if (kind === 6) return tlv(0x87, ipv6Bytes(bare));
  if (!/^[\x21-\x7e]+$/.test(bare)) throw new Error(`cert: not a DNS name or IP address: ${JSON.stringify(host)}`);
  return tlv(0x82, Buffer.from(bare, 'ascii'));
}

/** @param {string} id @param {boolean} critical @param {Buffer} value */
const extension = (id, critical, value) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

export function generateCertificate({ hosts = ['localhost', '127.0.0.1', '::1'], days = 825, commonName = 'kinesis-edge local CA' } = {}) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (the 65-byte uncompressed P-256 point ends the SPKI).
  const keyId = createHash('sha1').update(spki.subarray(spki.length - 65)).digest();

  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and a full 16 bytes
  const now = Date.now();
  const notBefore = new Date(now - 86_400_000);
  const notAfter = new Date(now + days * 86_400_000);
  const name = seq(set(seq(oid(OID.commonName), utf8(commonName))));
  const algorithm = seq(oid(OID.ecdsaWithSha256));

  const extensions = seq(
    extension(OID.basicConstraints, true, seq(bool(true))),
    // digitalSignature (bit 0) + keyCertSign (bit 5): 1000 0100, the last two bits unused.
    extension(OID.keyUsage, true, bits(Buffer.from([0x84]), 2)),
    extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
    extension(OID.subjectAltName, false, seq(...hosts.map(generalName))),
    extension(OID.subjectKeyIdentifier, false, octets(keyId)),
    // keyIdentifier [0] IMPLICIT, as `openssl req -x509` writes it; newer X509_STRICT checks look for it.
    extension(OID.authorityKeyIdentifier, false, seq(tlv(0x80, keyId))),
  );

  const tbs = seq(
    explicit(0, int(2)), // v3
    int(serial),
    algorithm,
    name, // issuer
    seq(time(notBefore), time(notAfter)),
    name, // subject
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const der = seq(tbs, algorithm, bits(signature));

  const base64 = (der.toString('base64').match(/.{1,64}/g) ?? []).join('\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
  };
}

/** Reads <dir>/tls/cert.pem and key.pem when both exist; otherwise generates a pair and writes them there. */
/** @param {string} dir @param {Parameters<typeof generateCertificate>[0]} [options] */
export function loadOrCreateCertificate(dir, options) {
  const tlsDir = path.resolve(dir, 'tls');
  const certPath = path.join(tlsDir, 'cert.pem');
  const keyPath = path.join(tlsDir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath, created: false };
  }
  const { cert, key } = generateCertificate(options);
  mkdirSync(tlsDir, { recursive: true });
  writeFileSync(keyPath, key, { mode: 0o600 });
  chmodSync(keyPath, 0o600); // mode only applies when the file is new
  writeFileSync(certPath, cert);
  return { cert, key, certPath, keyPath, created: true };
}
