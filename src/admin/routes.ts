// The tenant admin API under /admin/ (JSON): create, list, show, rotate, delete (with every stream), usage.
// Authorized by `Authorization: Bearer <ADMIN_TOKEN>`; off (404) when ADMIN_TOKEN is not set. A refused request learns
// nothing: the same 401/403 for every path and method. Secrets are returned once, at creation and rotation, and never
// logged. Must not hold tenant state: the tenant object does.
import { Hono, type Context } from 'hono';
import { handleKinesis } from '../pipeline';
import { readConfig } from '../config';
import { readCappedBody } from '../protocol/body';
import { equalStrings, sha256Hex } from '../auth/verify';
import { clearTenantCache, flushUsage, staticTenantsOf } from '../auth/tenants';
import { TENANTS_OBJECT, type TenantInfo } from '../objects/tenant-object';
import { accountObjectName } from '../objects/names';
import { ACCESS_KEY_ID, accountForNewTenant, isAccountId, parseQuotas, type TenantSecret } from '../model/tenant';
import { MAX_ADMIN_BODY_BYTES, MAX_TENANTS } from '../limits';
import { systemClock } from '../model/clock';
import { newAccessKeyId, newSecret, newSessionToken } from './keys';
import type { Env } from '../env';

type C = Context<{ Bindings: Env }>;

export const admin = new Hono<{ Bindings: Env }>();

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });

admin.use('*', async (c, next) => {
  // A Kinesis request is never an admin request, whatever its path (AWS ignores the path, aws-behaviour §1.1).
  if (c.req.header('x-amz-target') !== undefined) return handleKinesis(c.req.raw, c.env);
  const token = c.env.ADMIN_TOKEN;
  if (!token) return json({ error: 'not found' }, 404);
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return json({ error: 'unauthorized' }, 401, { 'WWW-Authenticate': 'Bearer realm="kinesis-edge admin"' });
  // Digests first: equal lengths, so the comparison's time says nothing about the token's length or contents.
  if (!equalStrings(await sha256Hex(utf8(m[1])), await sha256Hex(utf8(token)))) return json({ error: 'forbidden' }, 403);
  await next();
});

const tenants = (env: Env) => env.TENANT.getByName(TENANTS_OBJECT);

admin.post('/tenants', async (c) => {
  const body = await readJson(c);
  if (typeof body === 'string') return json({ error: body }, 400);
  const accessKeyId = body.accessKeyId ?? newAccessKeyId();
  if (typeof accessKeyId !== 'string' || !ACCESS_KEY_ID.test(accessKeyId)) return json({ error: 'accessKeyId must be 1-128 letters, digits or _' }, 400);
  if (staticTenantsOf(c.env).has(accessKeyId)) return json({ error: `tenant ${accessKeyId} already exists` }, 409);
  if (body.account !== undefined && !isAccountId(body.account)) return json({ error: 'account must be 12 digits' }, 400);
  if (body.sessionToken !== undefined && typeof body.sessionToken !== 'boolean') return json({ error: 'sessionToken must be true or false' }, 400);
  const quotas = parseQuotas(body.quotas);
  if (typeof quotas === 'string') return json({ error: quotas }, 400);
  const tenant: TenantSecret = {
    accessKeyId,
    secretAccessKey: newSecret(),
    account: (body.account as string | undefined) ?? accountForNewTenant(accessKeyId),
    ...(body.sessionToken === true ? { sessionToken: newSessionToken() } : {}),
    quotas,
  };
  const created = await tenants(c.env).create(tenant, systemClock.now());
  if (!created.ok) return json({ error: created.error }, created.status);
  return json({ ...view(created.value), secretAccessKey: tenant.secretAccessKey, ...(tenant.sessionToken ? { sessionToken: tenant.sessionToken } : {}) }, 201);
});

admin.get('/tenants', async (c) => json({ tenants: (await tenants(c.env).list()).map(view), max: MAX_TENANTS }));

admin.get('/tenants/:id', async (c) => {
  const info = await tenants(c.env).get(c.req.param('id'));
  return info ? json(view(info)) : notFound(c);
});

admin.post('/tenants/:id/rotate', async (c) => {
  const id = c.req.param('id');
  const secretAccessKey = newSecret();
  const sessionToken = newSessionToken();
  const rotated = await tenants(c.env).rotate(id, secretAccessKey, sessionToken);
  if (!rotated.ok) return json({ error: rotated.error }, rotated.status);
  clearTenantCache(id);
  return json({ accessKeyId: id, secretAccessKey, ...(rotated.value.hasSessionToken ? { sessionToken } : {}) });
});

admin.delete('/tenants/:id', async (c) => {
  const id = c.req.param('id');
  const info = await tenants(c.env).remove(id);
  if (!info) return notFound(c);
  clearTenantCache(id);
  // The key is refused from now on (other isolates within TENANT_CACHE_TTL_MS); then every stream of the account in
  // every region it used is deleted as DeleteStream deletes it, so its shards' storage is purged the same way.
  const config = readConfig(c.env);
  const now = systemClock.now();
  const deleted: { region: string; stream: string }[] = [];
  for (const region of info.regions) {
    const tenant = { account: info.account, region };
    const account = c.env.ACCOUNT.getByName(accountObjectName(tenant));
    let after: string | undefined;
    for (;;) {
      const page = await account.listStreams(after, 100);
      for (const s of page.streams) {
        if (s.status === 'DELETING') continue;
        const r = await account.deleteStream(tenant, s.name, now, config.deleteStreamMs);
        if (r.ok) deleted.push({ region, stream: s.name });
      }
      if (!page.hasMore || page.streams.length === 0) break;
      after = page.streams[page.streams.length - 1].name;
    }
  }
  return json({ deleted: id, account: info.account, streamsDeleted: deleted });
});

admin.get('/tenants/:id/usage', async (c) => {
  const id = c.req.param('id');
  const info = await tenants(c.env).get(id);
  if (!info) return notFound(c);
  const now = systemClock.now();
  await flushUsage(c.env, now);
  const regions: Record<string, { streams: number; openShards: number; storedBytes: number }> = {};
  let streams = 0;
  let openShards = 0;
  let storedBytes = 0;
  for (const region of info.regions) {
    const u = await c.env.ACCOUNT.getByName(accountObjectName({ account: info.account, region })).usage();
    regions[region] = { streams: u.streams, openShards: u.openShards, storedBytes: u.storedBytes };
    streams += u.streams;
    openShards += u.openShards;
    storedBytes += u.storedBytes;
  }
  return json({
    accessKeyId: id,
    account: info.account,
    quotas: info.quotas,
    streams,
    openShards,
    regions,
    requestsLastHour: await tenants(c.env).requestsLastHour(id, now),
    // As the shards last reported it (each at most STORED_BYTES_REPORT_MS behind).
    storedBytes,
  });
});

admin.all('*', (c) => notFound(c));

function notFound(_c: C): Response {
  return json({ error: 'not found' }, 404);
}

function view(t: TenantInfo) {
  return { accessKeyId: t.accessKeyId, account: t.account, quotas: t.quotas, hasSessionToken: t.hasSessionToken, createdAt: new Date(t.createdAt).toISOString(), regions: t.regions };
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The request's JSON object (an empty body is {}), or a message. */
async function readJson(c: C): Promise<Record<string, unknown> | string> {
  const body = await readCappedBody(c.req.raw, MAX_ADMIN_BODY_BYTES);
  if (!body.ok) return body.reason === 'too-large' ? `the body must be at most ${MAX_ADMIN_BODY_BYTES} bytes` : 'the body could not be read';
  if (body.bytes.byteLength === 0) return {};
  try {
    const v: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body.bytes));
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'the body must be a JSON object';
    return v as Record<string, unknown>;
  } catch {
    return 'the body must be JSON';
  }
}
