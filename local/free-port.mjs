// A free loopback port for a listener started by another process (a server under test in scripts/ and bench/): the
// kernel picks one; the tiny race before that process binds it is accepted there. Where a child can bind port 0 and
// say what it got, prefer that (local/dev.mjs does so with wrangler dev).
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}
