// TenantObject: the tenants of a `verify` deployment (one object, named TENANTS_OBJECT): access keys, their account,
// quotas and encrypted secrets, the regions each has used, its request counts per minute, and the deployment's
// generated iterator key. Must not touch streams: the admin API deletes a tenant's streams through the account objects.
//
// Secrets at rest: the verifier needs each secret in clear (SigV4 keys its HMACs with it, per day and region, so no
// one-way hash or pre-derived key could serve tomorrow's requests), so they are encrypted with AES-256-GCM under a
// key HKDF-derived from the TENANT_KEY secret, which lives in the Worker's environment, never in this storage: a copy
// of the storage alone gives no secret. Without TENANT_KEY, tenants cannot be created (the admin API says so).
import { DurableObject } from 'cloudflare:workers';
import { migrate, sqlOf, type Sql } from './sql';
import { HOUR_MS, MAX_TENANTS } from '../limits';
import { storedQuotas, type Quotas, type TenantSecret } from '../model/tenant';

export const TENANTS_OBJECT = 'tenants';

const migrations = [
  `CREATE TABLE tenants (access_key_id TEXT PRIMARY KEY, account TEXT NOT NULL, secret BLOB NOT NULL, session_token BLOB,
     quotas TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  `CREATE TABLE regions (access_key_id TEXT NOT NULL, region TEXT NOT NULL, PRIMARY KEY (access_key_id, region)) WITHOUT ROWID`,
  `CREATE TABLE requests (access_key_id TEXT NOT NULL, minute INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (access_key_id, minute)) WITHOUT ROWID`,
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
] as const;

type TenantRow = { access_key_id: string; account: string; secret: ArrayBuffer; session_token: ArrayBuffer | null; quotas: string; created_at: number };

export interface TenantEnv {
  TENANT_KEY?: string;
}

/** A tenant as listed (no secret). */
export interface TenantInfo {
  accessKeyId: string;
  account: string;
  quotas: Quotas;
  hasSessionToken: boolean;
  createdAt: number;
  regions: string[];
}

export type TenantResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string };

export class TenantObject extends DurableObject<TenantEnv> {
  private readonly sql: Sql;

  constructor(ctx: DurableObjectState, env: TenantEnv) {
    super(ctx, env);
    this.sql = sqlOf(ctx.storage);
    migrate(ctx.storage, migrations);
  }

  /** Stores a new tenant (the caller generated key, secret and token). */
  async create(t: TenantSecret, now: number): Promise<TenantResult<TenantInfo>> {
    const key = await this.key();
    if (!key) return { ok: false, status: 500, error: 'TENANT_KEY is not set: set it with `wrangler secret put TENANT_KEY` (a long random string) to store tenants' };
    const count = this.sql<{ n: number }>`SELECT COUNT(*) AS n FROM tenants`.one().n;
    if (count >= MAX_TENANTS) return { ok: false, status: 409, error: `at most ${MAX_TENANTS} tenants` };
    if (this.sql`SELECT 1 FROM tenants WHERE access_key_id = ${t.accessKeyId}`.toArray().length > 0) {
      return { ok: false, status: 409, error: `tenant ${t.accessKeyId} already exists` };
    }
    // One tenant per account: an account's streams are its tenant's alone, and deleting a tenant deletes them.
    if (this.sql`SELECT 1 FROM tenants WHERE account = ${t.account}`.toArray().length > 0) {
      return { ok: false, status: 409, error: `account ${t.account} already belongs to a tenant` };
    }
    const secret = await seal(key, t.secretAccessKey);
    const token = t.sessionToken === undefined ? null : await seal(key, t.sessionToken);
    this.sql`INSERT INTO tenants (access_key_id, account, secret, session_token, quotas, created_at)
      VALUES (${t.accessKeyId}, ${t.account}, ${secret}, ${token}, ${JSON.stringify(t.quotas)}, ${now})`;
    return { ok: true, value: this.info(this.row(t.accessKeyId)!) };
  }

  /** The tenant of an access key with its secret in clear, for the verifier; null when unknown. */
  async lookup(accessKeyId: string): Promise<TenantSecret | null> {
    const row = this.row(accessKeyId);
    if (!row) return null;
    const key = await this.key();
    if (!key) return null;
    return {
      accessKeyId: row.access_key_id,
      account: row.account,
      secretAccessKey: await open(key, row.secret),
      ...(row.session_token ? { sessionToken: await open(key, row.session_token) } : {}),
      quotas: storedQuotas(row.quotas),
    };
  }

  async list(): Promise<TenantInfo[]> {
    return this.sql<TenantRow>`SELECT * FROM tenants ORDER BY created_at, access_key_id`.toArray().map((r) => this.info(r));
  }

  async get(accessKeyId: string): Promise<TenantInfo | null> {
    const row = this.row(accessKeyId);
    return row ? this.info(row) : null;
  }

  /** Replaces the secret (and the session token, when the tenant has one). */
  async rotate(accessKeyId: string, secretAccessKey: string, sessionToken: string | undefined): Promise<TenantResult<{ hasSessionToken: boolean }>> {
    const row = this.row(accessKeyId);
    if (!row) return { ok: false, status: 404, error: `no tenant ${accessKeyId}` };
    const key = await this.key();
    if (!key) return { ok: false, status: 500, error: 'TENANT_KEY is not set' };
    const secret = await seal(key, secretAccessKey);
    const token = row.session_token && sessionToken !== undefined ? await seal(key, sessionToken) : null;
    this.sql`UPDATE tenants SET secret = ${secret}, session_token = ${token} WHERE access_key_id = ${accessKeyId}`;
    return { ok: true, value: { hasSessionToken: token !== null } };
  }

  /** Forgets a tenant; answers what it was, so the caller can delete its streams in each region it used. */
  async remove(accessKeyId: string): Promise<TenantInfo | null> {
    const row = this.row(accessKeyId);
    if (!row) return null;
    const info = this.info(row);
    this.ctx.storage.transactionSync(() => {
      this.sql`DELETE FROM tenants WHERE access_key_id = ${accessKeyId}`;
      this.sql`DELETE FROM regions WHERE access_key_id = ${accessKeyId}`;
      this.sql`DELETE FROM requests WHERE access_key_id = ${accessKeyId}`;
    });
    return info;
  }

  /** Regions an access key has made requests in (each isolate reports a pair once). */
  async noteRegion(accessKeyId: string, region: string): Promise<void> {
    this.sql`INSERT OR IGNORE INTO regions (access_key_id, region) VALUES (${accessKeyId}, ${region})`;
  }

  /** Adds request counts per minute (minute = floor(ms / 60000)) and drops counts older than an hour. */
  async addRequests(counts: { accessKeyId: string; minute: number; count: number }[], now: number): Promise<void> {
    this.ctx.storage.transactionSync(() => {
      for (const c of counts) {
        this.sql`INSERT INTO requests (access_key_id, minute, count) VALUES (${c.accessKeyId}, ${c.minute}, ${c.count})
          ON CONFLICT (access_key_id, minute) DO UPDATE SET count = count + excluded.count`;
      }
      this.sql`DELETE FROM requests WHERE minute < ${Math.floor((now - HOUR_MS) / 60_000)}`;
    });
  }

  /** Requests counted in the last 60 minutes (the current one included). */
  async requestsLastHour(accessKeyId: string, now: number): Promise<number> {
    const since = Math.floor((now - HOUR_MS) / 60_000) + 1;
    return this.sql<{ n: number | null }>`SELECT SUM(count) AS n FROM requests WHERE access_key_id = ${accessKeyId} AND minute >= ${since}`.one().n ?? 0;
  }

  /** The deployment's iterator key when no ITERATOR_KEY secret is set: 32 random bytes made once and kept here. */
  async iteratorKey(): Promise<string> {
    const row = this.sql<{ value: string }>`SELECT value FROM meta WHERE key = 'iterator_key'`.toArray()[0];
    if (row) return row.value;
    const value = hex(crypto.getRandomValues(new Uint8Array(32)));
    this.sql`INSERT INTO meta (key, value) VALUES ('iterator_key', ${value})`;
    return value;
  }

  private row(accessKeyId: string): TenantRow | undefined {
    return this.sql<TenantRow>`SELECT * FROM tenants WHERE access_key_id = ${accessKeyId}`.toArray()[0];
  }

  private info(r: TenantRow): TenantInfo {
    const regions = this.sql<{ region: string }>`SELECT region FROM regions WHERE access_key_id = ${r.access_key_id} ORDER BY region`.toArray().map((x) => x.region);
    return { accessKeyId: r.access_key_id, account: r.account, quotas: storedQuotas(r.quotas), hasSessionToken: r.session_token !== null, createdAt: r.created_at, regions };
  }

  private cachedKey: Promise<CryptoKey> | undefined;
  private key(): Promise<CryptoKey | undefined> {
    if (!this.env.TENANT_KEY) return Promise.resolve(undefined);
    this.cachedKey ??= deriveKey(this.env.TENANT_KEY);
    return this.cachedKey;
  }
}

const encoder = new TextEncoder();

async function deriveKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('kinesis-edge'), info: encoder.encode('tenant secrets v1') },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** 12-byte random IV | AES-GCM ciphertext and tag. */
async function seal(key: CryptoKey, plain: string): Promise<ArrayBuffer> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(plain)));
  const out = new Uint8Array(12 + ct.length);
  out.set(iv);
  out.set(ct, 12);
  return out.buffer;
}

async function open(key: CryptoKey, sealed: ArrayBuffer): Promise<string> {
  const bytes = new Uint8Array(sealed);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, key, bytes.subarray(12));
  return new TextDecoder().decode(plain);
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
