// local/cert.mjs: the hand-built self-signed certificate parses, verifies as its own anchor in real TLS handshakes
// (Node and Python/OpenSSL, no checks disabled), and is written once under <dir>/tls. Closes every server it starts.
import { execFile, spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Pair {
  cert: string;
  key: string;
}
interface CertModule {
  generateCertificate(options?: { hosts?: string[]; days?: number; commonName?: string }): Pair;
  loadOrCreateCertificate(dir: string): Pair & { certPath: string; keyPath: string; created: boolean };
}
// A non-literal specifier keeps tsc (allowJs: false) from looking for declarations of the .mjs.
const certModuleUrl = new URL('../../local/cert.mjs', import.meta.url).href;
const { generateCertificate, loadOrCreateCertificate } = (await import(certModuleUrl)) as CertModule;

const run = promisify(execFile);
const DAY = 86_400_000;

interface Server {
  port: number;
  close(): Promise<void>;
}

async function serve({ cert, key }: Pair): Promise<Server> {
  const server = https.createServer({ cert, key, ALPNProtocols: ['h2', 'http/1.1'] }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('hello over tls');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** GET / over https; localhost may resolve to ::1 first and the servers listen on 127.0.0.1, so pin IPv4. */
function get(host: string, port: number, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host, port, path: '/', ca, agent: false, family: 4 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

const hasPython = spawnSync('python3', ['--version']).status === 0;
const pythonGet = `
import ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.verify_flags |= ssl.VERIFY_X509_STRICT  # Python 3.13's default; harmless earlier
with urllib.request.urlopen(sys.argv[1], context=ctx, timeout=10) as r:
    print(r.status, r.read().decode())
`;

let dir: string;
let pair: Pair;
let server: Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kinesis-edge-cert-'));
  pair = generateCertificate();
  server = await serve(pair);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('generateCertificate', () => {
  it('is a self-signed P-256 CA for localhost, 127.0.0.1 and ::1, with a matching PKCS#8 key', () => {
    const x509 = new X509Certificate(pair.cert);
    expect(x509.subject).toBe('CN=kinesis-edge local CA');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.ca).toBe(true);
    expect(x509.checkIssued(x509)).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(pair.key))).toBe(true);
    expect(pair.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

    expect(x509.subjectAltName).toContain('DNS:localhost');
    expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.checkHost('example.com')).toBeUndefined();
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // Node reports the extended key usage here: serverAuth

    expect(x509.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/i); // 16 bytes, positive
    const notBefore = Date.parse(x509.validFrom);
    const notAfter = Date.parse(x509.validTo);
    expect(Math.abs(notBefore - (Date.now() - DAY))).toBeLessThan(60_000);
    expect(Math.abs(notAfter - (Date.now() + 825 * DAY))).toBeLessThan(60_000);
  });

  it('takes hosts, days and common name, and a fresh key and serial each time', () => {
    const other = generateCertificate({ hosts: ['kinesis.test', '10.1.2.3', '2001:db8::7'], days: 10, commonName: 'Other CA' });
    const x509 = new X509Certificate(other.cert);
    expect(x509.subject).toBe('CN=Other CA');
    expect(x509.checkHost('kinesis.test')).toBe('kinesis.test');
    expect(x509.checkIP('10.1.2.3')).toBe('10.1.2.3');
    expect(x509.checkIP('2001:db8::7')).toBe('2001:db8::7');
    expect(x509.checkHost('localhost')).toBeUndefined();
    expect(x509.checkIP('127.0.0.1')).toBeUndefined();
    expect(Math.abs(Date.parse(x509.validTo) - (Date.now() + 10 * DAY))).toBeLessThan(60_000);

    const first = new X509Certificate(pair.cert);
    expect(x509.serialNumber).not.toBe(first.serialNumber);
    expect(x509.verify(first.publicKey)).toBe(false);
    expect(createPublicKey(other.key).export({ format: 'jwk' })).not.toEqual(first.publicKey.export({ format: 'jwk' }));
  });
});

describe('TLS with the certificate as its own anchor', () => {
  it('Node verifies it over https via 127.0.0.1 and localhost', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      expect(await get(host, server.port, pair.cert)).toEqual({ status: 200, body: 'hello over tls' });
    }
  });

  it('negotiates h2 over ALPN with an authorized peer', async () => {
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: pair.cert, ALPNProtocols: ['h2'] });
    try {
      await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
      expect(socket.authorized).toBe(true);
      expect(socket.alpnProtocol).toBe('h2');
    } finally {
      socket.destroy();
    }
  });

  it('is refused without the CA, and for a name the certificate does not list', async () => {
    await expect(get('127.0.0.1', server.port)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await expect(get('127.0.0.1', server.port, generateCertificate().cert)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });

    const onlyLocalhost = generateCertificate({ hosts: ['localhost'] });
    const narrow = await serve(onlyLocalhost);
    try {
      await expect(get('127.0.0.1', narrow.port, onlyLocalhost.cert)).rejects.toMatchObject({
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
    } finally {
      await narrow.close();
    }
  });

  it.skipIf(!hasPython && process.env.CI !== 'true')('Python ssl (OpenSSL, X509_STRICT) verifies it via 127.0.0.1 and localhost', async () => {
    if (!hasPython) throw new Error('python3 is required on CI');
    const cafile = join(dir, 'python-ca.pem');
    writeFileSync(cafile, pair.cert);
    for (const host of ['127.0.0.1', 'localhost']) {
      // Async execFile: the server lives in this process, so its event loop must keep running.
      const { stdout } = await run('python3', ['-c', pythonGet, `https://${host}:${server.port}/`, cafile], { timeout: 30_000 });
      expect(stdout.trim()).toBe('200 hello over tls');
    }
    // And the same client refuses a certificate it was not given.
    const strangerCa = join(dir, 'stranger-ca.pem');
    writeFileSync(strangerCa, generateCertificate().cert);
    await expect(run('python3', ['-c', pythonGet, `https://127.0.0.1:${server.port}/`, strangerCa], { timeout: 30_000 })).rejects.toMatchObject({
      stderr: expect.stringContaining('CERTIFICATE_VERIFY_FAILED'),
    });
  });
});

describe('loadOrCreateCertificate', () => {
  it('creates <dir>/tls/cert.pem and key.pem once, then returns the same files', () => {
    const data = join(dir, 'data');
    const first = loadOrCreateCertificate(data);
    expect(first.created).toBe(true);
    expect(first.certPath).toBe(join(data, 'tls', 'cert.pem'));
    expect(first.keyPath).toBe(join(data, 'tls', 'key.pem'));
    expect(readFileSync(first.certPath, 'utf8')).toBe(first.cert);
    expect(readFileSync(first.keyPath, 'utf8')).toBe(first.key);
    expect(statSync(first.keyPath).mode & 0o777).toBe(0o600);
    expect(new X509Certificate(first.cert).checkPrivateKey(createPrivateKey(first.key))).toBe(true);

    const second = loadOrCreateCertificate(data);
    expect(second).toEqual({ ...first, created: false });

    // With one file missing the pair is regenerated, both files replaced.
    unlinkSync(first.certPath);
    const third = loadOrCreateCertificate(data);
    expect(third.created).toBe(true);
    expect(existsSync(third.certPath)).toBe(true);
    expect(third.key).not.toBe(first.key);
    expect(new X509Certificate(third.cert).checkPrivateKey(createPrivateKey(readFileSync(third.keyPath, 'utf8')))).toBe(true);
    expect(statSync(third.keyPath).mode & 0o777).toBe(0o600);
  });
});
