// The local front: one port (on one or several addresses) for every transport AWS clients use. A connection's first
// bytes tell HTTP/2 with prior knowledge from HTTP/1.1 (over TLS, ALPN tells h2); HTTP/1.1 requests are parsed
// strictly and forwarded (http1.mjs), HTTP/2 streams are translated into HTTP/1.1 requests, bodies streamed both
// ways. Every phase of a connection is bounded in time, so a silent or half-sent client cannot hold it open.
// Must stay a transport: it never reads or changes a Kinesis body; the one body it writes is the bare InternalFailure
// (http1.mjs upstreamFailed) when workerd cannot be reached.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { Duplex } from 'node:stream';
import { createHttp1, upstreamFailed } from './http1.mjs';

/** Every HTTP/2 connection opens with this preface (RFC 9113 §3.4); its first three bytes decide. */
const PREFACE_START = Buffer.from('PRI');

// Connection-level headers that must not cross between HTTP/2 and HTTP/1.1 (RFC 9113 §8.2.2).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'http2-settings', 'host']);

/** @param {import('./http1.mjs').Upstream} upstream @param {http.Agent} agent */
function forwardH2(upstream, agent) {
  /** @param {http2.Http2ServerRequest} req @param {http2.Http2ServerResponse} res */
  return (req, res) => {
    /** @type {http.OutgoingHttpHeaders} */
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!name.startsWith(':') && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    // SigV4 signs the host; keep the client's authority as the Host the Worker sees.
    headers.host = req.headers[':authority'] ?? `${upstream.host}:${upstream.port}`;
    const out = http.request({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent }, (up) => {
      /** @type {http.OutgoingHttpHeaders} */
      const back = {};
      for (const [name, value] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(name)) back[name] = value;
      res.writeHead(up.statusCode ?? 502, back);
      up.pipe(res);
      up.on('error', () => res.stream?.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    });
    // As in http1.mjs: an upstream request we drop because the client's stream failed is not a Worker failure.
    let dropped = false;
    out.on('error', (err) => {
      if (!dropped) upstreamFailed(res, () => res.stream?.close(http2.constants.NGHTTP2_INTERNAL_ERROR), err);
    });
    req.pipe(out);
    req.on('error', () => {
      dropped = true;
      out.destroy();
    });
  };
}

/**
 * http2 reads a net.Socket's native handle directly, so bytes already read while sniffing would be lost even if
 * unshifted; a Duplex over the socket that first replays them makes http2 read through JavaScript instead.
 */
/** @param {net.Socket} socket @param {Buffer} head */
function replaying(socket, head) {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    final(callback) {
      socket.end();
      callback();
    },
    destroy(err, callback) {
      socket.destroy();
      callback(err);
    },
  });
  duplex.push(head);
  socket.on('data', (chunk) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  socket.on('error', (err) => duplex.destroy(err));
  return duplex;
}

// Defaults of startFront's `timeouts`. Clients send a request head in one write, so 10 s is generous while a
// connection that stalls mid-head is dropped soon.
export const HEADERS_TIMEOUT_MS = 10_000;
// From a request's first byte to its last. The AWS CLI and boto3 give up on a silent connection after 60 s
// (--cli-read-timeout, https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-options.html); 60 s still
// carries a 10 MiB PutRecords at 1.4 Mbit/s, far below loopback.
export const REQUEST_TIMEOUT_MS = 60_000;
// An idle connection (HTTP/1.1 between requests, an HTTP/2 session with no frames) is closed after this. Longer
// than the Java SDK's 60 s idle eviction (CONNECTION_MAX_IDLE_TIMEOUT in
// https://github.com/aws/aws-sdk-java-v2/blob/master/http-client-spi/src/main/java/software/amazon/awssdk/http/SdkHttpConfigurationOption.java),
// so its pool closes first; Node's agent reads the `Keep-Alive: timeout=65` hint sent with every answer; boto3 and
// the CLI retry a pooled connection found closed.
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// The front's own pooled connections to workerd: workerd closes one idle for 5 s (measured; it sends no Keep-Alive
// hint), and a request sent on it as it closes fails with ECONNRESET, which the front cannot retry (a POST may have
// run). Idle sockets are dropped a second earlier, as Node itself does with a server's hint; only free sockets are
// dropped (Node's agent destroys a socket on 'timeout' only while it is in the free list).
export const UPSTREAM_IDLE_MS = 4_000;

/**
 * Waits (at most timeoutMs, else drops the connection) for enough of a connection's first bytes to tell HTTP/2's
 * preface from an HTTP/1.1 request line, then calls route(isH2, bytesSeen) with the socket paused.
 */
/** @param {net.Socket} socket @param {number} timeoutMs @param {(isH2: boolean, seen: Buffer) => void} route */
function sniff(socket, timeoutMs, route) {
  let seen = Buffer.alloc(0);
  const onData = (/** @type {Buffer} */ chunk) => {
    seen = Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, PREFACE_START.length);
    const h2 = seen.subarray(0, n).equals(PREFACE_START.subarray(0, n));
    if (h2 && seen.length < PREFACE_START.length) return;
    socket.off('data', onData);
    socket.off('timeout', onTimeout);
    socket.setTimeout(0);
    socket.pause();
    route(h2, seen);
  };
  const onTimeout = () => socket.destroy();
  socket.setTimeout(timeoutMs, onTimeout);
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
}

const FAMILY_MISSING = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);
const PICK_ATTEMPTS = 5;

/** @param {net.Server} server @param {number} port @param {string | undefined} host @returns {Promise<void>} */
function listenOne(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
}

/**
 * One listening server per host, all on the same port (port 0: the first picks it). A host whose address family
 * this machine lacks (::1 without IPv6) is skipped; any other error closes what was opened and rejects.
 */
/**
 * @param {() => net.Server} makeServer @param {(string | undefined)[]} hosts @param {number} port
 * @returns {Promise<net.Server[]>}
 */
async function listenAll(makeServer, hosts, port) {
  /** @type {net.Server[]} */
  const servers = [];
  let chosen = port;
  /** @type {Error | undefined} */
  let missing;
  try {
    for (const host of hosts) {
      const server = makeServer();
      try {
        await listenOne(server, chosen, host);
      } catch (err) {
        if (!FAMILY_MISSING.has(err?.code)) throw err;
        missing = err;
        continue;
      }
      servers.push(server);
      chosen = /** @type {net.AddressInfo} */ (server.address()).port;
    }
    if (!servers.length) throw missing ?? new Error('startFront: no host to listen on');
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
    throw err;
  }
  return servers;
}

/**
 * @typedef {object} FrontOptions
 * @property {string} [host]
 * @property {(string | undefined)[]} [hosts]
 * @property {number} port
 * @property {{ host: string, port: number }} upstream the Worker's own socket
 * @property {{ key: string | Buffer, cert: string | Buffer }} [tls]
 * @property {Partial<{ headersMs: number, requestMs: number, keepAliveMs: number }>} [timeouts]
 */

/**
 * Listens on `hosts` (or the single `host`), all on `port`, and forwards to the Worker at upstream. With `tls`
 * ({ key, cert }) it serves HTTPS with ALPN h2 and http/1.1 instead of cleartext. `timeouts` overrides
 * { headersMs, requestMs, keepAliveMs } (defaults above; tests pass small ones). Resolves once listening; rejects
 * with EADDRINUSE when the port is taken on any host.
 * @param {FrontOptions} options
 */
export async function startFront({ host, hosts = [host], port, upstream, tls: tlsOptions, timeouts: given = {} }) {
  const timeouts = { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS, keepAliveMs: KEEP_ALIVE_TIMEOUT_MS, ...given };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: UPSTREAM_IDLE_MS });
  const h1 = createHttp1(upstream, agent, timeouts);
  const h2 = http2.createServer({ settings: { maxConcurrentStreams: 1000 } });
  h2.on('request', forwardH2(upstream, agent));
  h2.on('sessionError', () => {});
  // A session with no frames either way for this long is destroyed (Node sends GOAWAY first).
  h2.setTimeout(timeouts.keepAliveMs);

  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const track = (/** @type {net.Socket} */ socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  // Bytes read while sniffing go back in front of the socket: HTTP/1.1 reads them first; http2 needs a replaying
  // Duplex (see replaying()).
  /** @param {net.Socket} socket @returns {(isH2: boolean, seen: Buffer) => void} */
  const route = (socket) => (isH2, seen) => {
    if (isH2) return h2.emit('connection', replaying(socket, seen));
    socket.unshift(seen);
    h1.emit('connection', socket);
    socket.resume();
  };

  const makeServer = tlsOptions
    ? () => {
        const server = tls.createServer(
          { key: tlsOptions.key, cert: tlsOptions.cert, ALPNProtocols: ['h2', 'http/1.1'], handshakeTimeout: timeouts.headersMs },
          (socket) => {
            if (socket.alpnProtocol === 'h2') h2.emit('connection', socket);
            else sniff(socket, timeouts.headersMs, route(socket));
          },
        );
        server.on('connection', track);
        // A failed or timed-out handshake: once this event has a listener, closing the socket is up to it.
        server.on('tlsClientError', (_err, socket) => socket.destroy());
        return server;
      }
    : () =>
        net.createServer({ noDelay: true }, (socket) => {
          track(socket);
          sniff(socket, timeouts.headersMs, route(socket));
        });

  /** @type {net.Server[] | void} */
  let servers = undefined;
  try {
    // With port 0 the port picked on the first host may already be taken on another (by anyone): pick again.
    for (let attempt = 1; !servers; attempt++) {
      servers = await listenAll(makeServer, hosts, port).catch((err) => {
        if (port !== 0 || err?.code !== 'EADDRINUSE' || attempt >= PICK_ATTEMPTS) throw err;
      });
    }
  } catch (err) {
    agent.destroy();
    h1.close();
    throw err;
  }
  return {
    port: /** @type {net.AddressInfo} */ (servers[0].address()).port,
    async close() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      h1.close();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))));
    },
  };
}
