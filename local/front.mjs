// The local front: one port for every transport AWS clients use. HTTP/1.1 connections are recognised by their
// first bytes and piped as raw TCP to the Worker's socket (no translation cost); HTTP/2 (h2c with prior knowledge,
// or h2 over TLS by ALPN) is translated per stream into HTTP/1.1 requests, bodies streamed both ways.
// Must stay a transport: it never reads or changes a Kinesis body.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { Duplex } from 'node:stream';

/** Every HTTP/2 connection opens with this preface (RFC 9113 §3.4); its first three bytes decide. */
const PREFACE_START = Buffer.from('PRI');

// Connection-level headers that must not cross between HTTP/2 and HTTP/1.1 (RFC 9113 §8.2.2).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'http2-settings', 'host']);

function forwardH2(upstream, agent) {
  return (req, res) => {
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!name.startsWith(':') && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    // SigV4 signs the host; keep the client's authority as the Host the Worker sees.
    headers.host = req.headers[':authority'] ?? `${upstream.host}:${upstream.port}`;
    const out = http.request({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent }, (up) => {
      const back = {};
      for (const [name, value] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(name)) back[name] = value;
      res.writeHead(up.statusCode ?? 502, back);
      up.pipe(res);
      up.on('error', () => res.stream?.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    });
    out.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
        res.end('{"__type":"InternalFailure"}');
      } else res.stream?.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    });
    req.pipe(out);
    req.on('error', () => out.destroy());
  };
}

function pipeRaw(socket, first, upstream) {
  const up = net.connect(upstream.port, upstream.host);
  up.setNoDelay(true);
  if (first) up.write(first);
  socket.pipe(up);
  up.pipe(socket);
  const close = () => {
    socket.destroy();
    up.destroy();
  };
  socket.on('error', close);
  up.on('error', close);
  socket.on('close', () => up.end());
  up.on('close', () => socket.end());
}

/**
 * http2 reads a net.Socket's native handle directly, so bytes already read while sniffing would be lost even if
 * unshifted; a Duplex over the socket that first replays them makes http2 read through JavaScript instead.
 */
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

/** Reads just enough of a cleartext connection to tell HTTP/2's preface from an HTTP/1.1 request line. */
function sniff(socket, onH2, onH1) {
  let seen = Buffer.alloc(0);
  const onData = (chunk) => {
    seen = Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, PREFACE_START.length);
    if (!seen.subarray(0, n).equals(PREFACE_START.subarray(0, n))) return done(onH1);
    if (seen.length >= PREFACE_START.length) return done(onH2);
  };
  const done = (handler) => {
    socket.off('data', onData);
    socket.pause();
    handler(seen);
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
}

/**
 * Listens on host:port and forwards to the Worker at upstream. With `tls` ({ key, cert }) it serves HTTPS with
 * ALPN h2 and http/1.1 instead of cleartext. Resolves once listening; rejects with EADDRINUSE when the port is taken.
 */
export async function startFront({ host, port, upstream, tls: tlsOptions }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const h2 = http2.createServer({ settings: { maxConcurrentStreams: 1000 } });
  h2.on('request', forwardH2(upstream, agent));
  h2.on('sessionError', () => {});

  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  let server;
  if (tlsOptions) {
    server = tls.createServer({ key: tlsOptions.key, cert: tlsOptions.cert, ALPNProtocols: ['h2', 'http/1.1'] }, (socket) => {
      if (socket.alpnProtocol === 'h2') h2.emit('connection', socket);
      else pipeRaw(socket, null, upstream);
    });
    server.on('connection', track);
    server.on('tlsClientError', () => {});
  } else {
    server = net.createServer((socket) => {
      track(socket);
      socket.setNoDelay(true);
      sniff(
        socket,
        (seen) => h2.emit('connection', replaying(socket, seen)),
        (seen) => {
          pipeRaw(socket, seen, upstream);
          socket.resume();
        },
      );
    });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: server.address().port,
    async close() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
