// The tenant admin API under /admin/: off (404) without ADMIN_TOKEN; 401/403 alike for every path without the right
// bearer token; create (secret shown once), list, rotate, usage and delete (with the tenant's streams in every region
// it used), tenants usable at once in `verify` mode; secrets encrypted at rest in the tenant object.
import { runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearRateState, clearTenantCache } from '../../src/auth/tenants';
import { TENANTS_OBJECT } from '../../src/objects/tenant-object';
import { advance, bindings, expectError, freshStart, ok, restoreClock, send, STATUS_DELAY_MS } from '../helpers/kinesis';
import { call, fetchApp, verifyEnv, type Who } from '../auth/verify-helpers';

const TOKEN = 'admin-token-for-tests';
const env = verifyEnv([], { ADMIN_TOKEN: TOKEN });

beforeEach(async () => {
  await freshStart();
  clearRateState();
  clearTenantCache();
});
afterEach(() => restoreClock());

function adminCall(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  return fetchApp(env, `http://kinesis.test/admin${path}`, {
    method,
    headers: token === null ? {} : { Authorization: `Bearer ${token}` },
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function createTenant(body: unknown = {}): Promise<Who & { account: string }> {
  const reply = await adminCall('POST', '/tenants', body);
  expect(reply.status).toBe(201);
  return { accessKeyId: reply.body.accessKeyId, secretAccessKey: reply.body.secretAccessKey, account: reply.body.account, sessionToken: reply.body.sessionToken };
}

describe('authorization', () => {
  it('is off (404) when no ADMIN_TOKEN is set', async () => {
    const reply = await send({ method: 'GET', path: '/admin/tenants', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(reply.status).toBe(404);
  });

  it('answers 401 without a bearer token and 403 with a wrong one, the same for every path and method', async () => {
    for (const [method, path] of [['GET', '/tenants'], ['POST', '/tenants'], ['DELETE', '/tenants/AKIAX'], ['GET', '/no-such-thing']]) {
      const none = await adminCall(method, path, undefined, null);
      expect({ status: none.status, body: none.body, auth: none.headers.get('www-authenticate') }).toEqual({ status: 401, body: { error: 'unauthorized' }, auth: 'Bearer realm="kinesis-edge admin"' });
      for (const wrong of ['x', TOKEN.slice(0, -1), `${TOKEN}x`]) {
        const reply = await adminCall(method, path, undefined, wrong);
        expect({ status: reply.status, body: reply.body }).toEqual({ status: 403, body: { error: 'forbidden' } });
      }
    }
    expect((await adminCall('GET', '/tenants', undefined, null)).text).not.toContain('tenants');
  });

  it('passes a Kinesis request (X-Amz-Target) on to the Kinesis API whatever its path', async () => {
    const reply = await fetchApp(env, 'http://kinesis.test/admin/tenants', { method: 'POST', headers: { 'X-Amz-Target': 'Kinesis_20131202.ListStreams', 'Content-Type': 'application/x-amz-json-1.1' }, body: '{}' });
    expectError(reply, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });
});

describe('tenants', () => {
  it('creates a tenant whose key works at once in verify mode, in its own account, and lists it without its secret', async () => {
    const t = await createTenant({ account: '123456789012' });
    expect(t.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(t.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(t.account).toBe('123456789012');
    expect((await call(env, t, 'CreateStream', { StreamName: 'mine', ShardCount: 1 })).status).toBe(200);
    advance(STATUS_DELAY_MS + 1);
    expect(ok(await call(env, t, 'DescribeStreamSummary', { StreamName: 'mine' })).StreamDescriptionSummary.StreamARN).toBe('arn:aws:kinesis:us-east-1:123456789012:stream/mine');

    const listed = await adminCall('GET', '/tenants');
    expect(listed.status).toBe(200);
    expect(listed.body.tenants).toEqual([
      { accessKeyId: t.accessKeyId, account: '123456789012', quotas: { streams: 100, openShards: 200, requestsPerSecond: 1000, storedBytes: 1073741824 }, hasSessionToken: false, createdAt: expect.any(String), regions: ['us-east-1'] },
    ]);
    expect(listed.text).not.toContain(t.secretAccessKey);
  });

  it('keeps secrets encrypted at rest', async () => {
    const t = await createTenant({ sessionToken: true });
    const stored = await runInDurableObject(bindings.TENANT.getByName(TENANTS_OBJECT), (_o, state) =>
      state.storage.sql.exec<{ secret: ArrayBuffer; session_token: ArrayBuffer }>('SELECT secret, session_token FROM tenants').toArray(),
    );
    expect(stored).toHaveLength(1);
    const bytes = Buffer.concat([Buffer.from(stored[0].secret), Buffer.from(stored[0].session_token)]).toString('latin1');
    expect(bytes).not.toContain(t.secretAccessKey);
    expect(bytes).not.toContain(t.sessionToken!);
    // The session token is required with the key.
    expect((await call(env, t, 'ListStreams', {})).status).toBe(200);
    expectError(await call(env, { ...t, sessionToken: undefined }, 'ListStreams', {}), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });

  it('refuses bad input with 400 and a duplicate key or account with 409', async () => {
    expect((await adminCall('POST', '/tenants', '{')).status).toBe(400);
    expect((await adminCall('POST', '/tenants', '[]')).status).toBe(400);
    expect((await adminCall('POST', '/tenants', { account: '12' })).status).toBe(400);
    expect((await adminCall('POST', '/tenants', { quotas: { streams: -1 } })).status).toBe(400);
    expect((await adminCall('POST', '/tenants', { quotas: { bogus: 1 } })).status).toBe(400);
    expect((await adminCall('POST', '/tenants', 'x'.repeat(20_000))).status).toBe(400);
    await createTenant({ accessKeyId: 'AKIAFIXED00000000001', account: '555555555555' });
    expect((await adminCall('POST', '/tenants', { accessKeyId: 'AKIAFIXED00000000001' })).status).toBe(409);
    expect((await adminCall('POST', '/tenants', { account: '555555555555' })).status).toBe(409);
  });

  it('rotates a secret: the old one is refused, the new one works', async () => {
    const t = await createTenant();
    expect((await call(env, t, 'ListStreams', {})).status).toBe(200);
    const rotated = await adminCall('POST', `/tenants/${t.accessKeyId}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secretAccessKey).not.toBe(t.secretAccessKey);
    expect((await call(env, t, 'ListStreams', {})).body.__type).toBe('InvalidSignatureException');
    expect((await call(env, { ...t, secretAccessKey: rotated.body.secretAccessKey }, 'ListStreams', {})).status).toBe(200);
    expect((await adminCall('POST', '/tenants/AKIANOBODY/rotate')).status).toBe(404);
  });

  it('reports usage: streams and open shards per region, requests in the last hour', async () => {
    const t = await createTenant();
    const west = { ...t, region: 'us-west-2' };
    expect((await call(env, t, 'CreateStream', { StreamName: 'a', ShardCount: 2 })).status).toBe(200);
    expect((await call(env, west, 'CreateStream', { StreamName: 'b', ShardCount: 3 })).status).toBe(200);
    expect((await call(env, west, 'ListStreams', {})).status).toBe(200);
    const usage = await adminCall('GET', `/tenants/${t.accessKeyId}/usage`);
    expect(usage.body).toEqual({
      accessKeyId: t.accessKeyId,
      account: t.account,
      quotas: { streams: 100, openShards: 200, requestsPerSecond: 1000, storedBytes: 1073741824 },
      streams: 2,
      openShards: 5,
      regions: { 'us-east-1': { streams: 1, openShards: 2, storedBytes: 0 }, 'us-west-2': { streams: 1, openShards: 3, storedBytes: 0 } },
      requestsLastHour: 3,
      storedBytes: 0,
    });
    advance(61 * 60_000);
    expect((await adminCall('GET', `/tenants/${t.accessKeyId}/usage`)).body.requestsLastHour).toBe(0);
  });

  it('deletes a tenant with its streams in every region it used; its key is refused at once', async () => {
    const t = await createTenant();
    const other = await createTenant();
    for (const who of [t, { ...t, region: 'eu-west-1' }, other]) {
      expect((await call(env, who, 'CreateStream', { StreamName: 'doomed', ShardCount: 1 })).status).toBe(200);
    }
    advance(STATUS_DELAY_MS + 1);
    const deleted = await adminCall('DELETE', `/tenants/${t.accessKeyId}`);
    expect(deleted.body).toEqual({
      deleted: t.accessKeyId,
      account: t.account,
      streamsDeleted: [
        { region: 'eu-west-1', stream: 'doomed' },
        { region: 'us-east-1', stream: 'doomed' },
      ],
    });
    expectError(await call(env, t, 'ListStreams', {}), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    expect((await adminCall('GET', `/tenants/${t.accessKeyId}`)).status).toBe(404);
    // The other tenant's stream of the same name is untouched.
    expect(ok(await call(env, other, 'DescribeStreamSummary', { StreamName: 'doomed' })).StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
    // A new tenant of the same account would find no stream left once deletion has run its course.
    advance(STATUS_DELAY_MS + 1);
    const again = await createTenant({ account: t.account });
    expect(ok(await call(env, again, 'ListStreams', {})).StreamNames).toEqual([]);
    expect(ok(await call(env, { ...again, region: 'eu-west-1' }, 'ListStreams', {})).StreamNames).toEqual([]);
  });
});
