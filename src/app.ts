// Wiring only: CORS for browser clients, the health check, the web console, and every other request into the Kinesis
// pipeline.
import { Hono } from 'hono';
import { handleKinesis, type Defer } from './pipeline';
import { admin } from './admin/routes';
import { consoleRoutes } from './console/routes';
import { requestIds } from './protocol/ids';
import { logInternalFailure } from './protocol/failure-log';
import { parseTarget } from './protocol/target';
import { requestLog, type RequestLogVariables } from './protocol/request-log';
import type { Env } from './env';

// CORS as AWS answers it [KL; aws-behaviour §1.1].
const EXPOSE = 'x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date';

export const app = new Hono<{ Bindings: Env; Variables: RequestLogVariables }>();

// First, so that every answer is logged (when LOG_FORMAT is json), preflights and onError's included.
app.use('*', requestLog);

app.use('*', async (c, next) => {
  const origin = c.req.header('origin');
  if (origin === undefined) return next();
  if (c.req.method === 'OPTIONS') {
    // A request id but no x-amz-id-2 on preflights [KL test/connection.js, recorded from AWS].
    const headers: Record<string, string> = { 'x-amzn-RequestId': crypto.randomUUID(), 'Access-Control-Allow-Origin': '*', 'Access-Control-Max-Age': '172800' };
    const reqHeaders = c.req.header('access-control-request-headers');
    const reqMethod = c.req.header('access-control-request-method');
    if (reqHeaders) headers['Access-Control-Allow-Headers'] = reqHeaders;
    if (reqMethod) headers['Access-Control-Allow-Methods'] = reqMethod;
    return new Response(null, { status: 200, headers });
  }
  await next();
  c.res.headers.set('Access-Control-Allow-Origin', '*');
  c.res.headers.set('Access-Control-Expose-Headers', EXPOSE);
});

app.get('/health', (c) => c.json({ status: 'ok' }));

// The tenant admin API (src/admin/): JSON, bearer token, off (404) unless ADMIN_TOKEN is set.
app.route('/admin', admin);

// The web console (src/console/): GET /console and its two files; before the pipeline, which takes every other path.
app.route('/', consoleRoutes);

app.all('*', (c) => handleKinesis(c.req.raw, c.env, c.get('requestNotes'), deferOf(c)));

/** The request's waitUntil, when the runtime gives one (it always does in workerd). */
function deferOf(c: { executionCtx: ExecutionContext }): Defer | undefined {
  try {
    const ctx = c.executionCtx;
    return (work) => ctx.waitUntil(work);
  } catch {
    return undefined;
  }
}

// The pipeline answers its own errors; this catches anything thrown around it, so no request ever gets Hono's
// plain-text 500: the bare InternalFailure of https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html
// instead, logged as one line under the request id it is sent with.
app.onError((err, c) => {
  const ids = requestIds();
  logInternalFailure(ids.requestId, parseTarget(c.req.header('x-amz-target')).operation, err);
  return new Response(JSON.stringify({ __type: 'InternalFailure' }), {
    status: 500,
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': ids.requestId, 'x-amz-id-2': ids.id2 },
  });
});
