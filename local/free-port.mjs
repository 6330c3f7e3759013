// A free loopback port for a listener started by another process (wrangler dev behind the front, a server under
// test): the kernel picks one; the tiny race before that process binds it is accepted.
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
