// HTTP/1.1 for the local front: Node's strict parser (llhttp) reads each request, so malformed framing (a bad or
// doubled Content-Length, an unknown Transfer-Encoding, a bad chunk size, Content-Length with chunked) is answered
// 400 and closed here instead of reaching workerd, which answered those 500 or left them hanging. Each request then
// goes to the Worker over a keep-alive agent with the client's own headers (Host included: SigV4 signs it) and both
// bodies streamed. Cost, measured against the raw pipe this replaced: ~80 us more front CPU per small request and
// ~0.5 ms per 700 KB body on this project's 2-core machine; PutRecords throughput the same within noise (PutRecord
// lost up to a third under heavy CPU contention). Must stay a transport: it never reads or changes a Kinesis body.
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';

// Per-connection headers (RFC 9110 §7.6.1): each hop has its own. `expect` is answered here (Node sends the
// 100 Continue), so the Worker must not be asked to answer it again.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect']);

/** @typedef {{ host: string, port: number }} Upstream the Worker's own socket */

/** rawHeaders without the hop-by-hop ones: names keep their case and order, repeats stay repeated. */
/** @param {string[]} raw */
function endToEnd(raw) {
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  return out;
}

/** A plain 400 that closes the connection: what an HTTP front door answers for a request it cannot frame. */
/** @param {http.ServerResponse} res */
export function badRequest(res) {
  res.writeHead(400, { connection: 'close', 'content-length': '0' });
  res.end();
}

/**
 * The Worker could not be reached: a JSON 500 if nothing was sent yet, else abort() the half-sent answer. It carries
 * request ids like every Worker answer and is logged under that id, so a client's report can be matched. No retry:
 * for a POST the front cannot know whether workerd already ran it.
 * @param {http.ServerResponse | import('node:http2').Http2ServerResponse} res @param {() => void} abort
 * @param {any} err
 */
export function upstreamFailed(res, abort, err) {
  if (res.headersSent) return abort();
  const requestId = randomUUID();
  console.error(`InternalFailure request ${requestId} operation (front, to workerd): ${err?.code ?? ''} ${err?.message ?? err}`);
  const body = '{"__type":"InternalFailure"}';
  res.writeHead(500, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(body.length),
    'x-amzn-requestid': requestId,
    'x-amz-id-2': randomBytes(72).toString('base64'),
  });
  res.end(body);
}

/** @param {Upstream} upstream @param {http.Agent} agent */
function forward(upstream, agent) {
  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  return (req, res) => {
    // Only origin-form targets name a resource here; `*` and absolute-form (a proxy request) are not ours to serve.
    if (req.url?.[0] !== '/') return badRequest(res);
    const out = http.request({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers: endToEnd(req.rawHeaders), agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, endToEnd(up.rawHeaders));
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    // Set when we drop the upstream request because the client went away: its 'socket hang up' is then ours, not a
    // failure of the Worker, and nobody is left to answer.
    let dropped = false;
    const drop = () => {
      dropped = true;
      out.destroy();
    };
    out.on('error', (err) => {
      if (!dropped) upstreamFailed(res, () => res.destroy(), err);
    });
    // A client that goes away mid-answer: drop the upstream request too, so its socket is not reused half-read.
    res.on('close', () => {
      if (!res.writableFinished) drop();
    });
    req.pipe(out);
    req.on('error', drop);
  };
}

/**
 * An HTTP/1.1 server that never listens: the front hands it connections (`emit('connection', socket)`).
 * timeouts: { headersMs, requestMs, keepAliveMs } (see front.mjs).
 * @param {Upstream} upstream @param {http.Agent} agent
 * @param {{ headersMs: number, requestMs: number, keepAliveMs: number }} timeouts
 */
export function createHttp1(upstream, agent, timeouts) {
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // Node checks the two request timeouts on this interval (30 s by default, which would let a 10 s headers
      // timeout run to 40 s); a quarter of the headers timeout keeps the overshoot small at negligible cost.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
    },
    forward(upstream, agent),
  );
  // Node starts the request-timeout checker when a server starts listening; this one never does.
  server.emit('listening');
  return server;
}
