// Requests to the Worker in `verify` mode: the app called with this suite's env (AUTH_MODE=verify, TENANTS), signed
// for real by local/sigv4.mjs with each tenant's key and secret, under the fake clock of test/helpers/kinesis.ts.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { app } from '../../src/app';
import { createSigner } from '../../local/sigv4.mjs';
import { bindings, TARGET_PREFIX, JSON_11, type Reply } from '../helpers/kinesis';
import type { Env } from '../../src/env';

export interface Who {
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  sessionToken?: string;
}

export function verifyEnv(tenants: unknown[], extra: Partial<Env> = {}): Env {
  return { ...bindings, AUTH_MODE: 'verify', TENANTS: JSON.stringify(tenants), ...extra };
}

/** Sends a raw request through the app with `env`, waiting for the work it left (usage reports) to finish. */
export async function fetchApp(env: Env, url: string, init: RequestInit): Promise<Reply> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(url, init), env, ctx);
  const bytes = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  const text = new TextDecoder().decode(bytes);
  let body: any;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, bytes, text, body };
}

/** A Kinesis JSON request signed as `who`; `tamper` may change headers or body after signing. */
export function call(
  env: Env,
  who: Who,
  operation: string,
  input: unknown,
  tamper: (r: { headers: Record<string, string>; body: string }) => void = () => {},
): Promise<Reply> {
  const body = JSON.stringify(input);
  const headers: Record<string, string> = { 'Content-Type': JSON_11, 'X-Amz-Target': `${TARGET_PREFIX}.${operation}` };
  if (who.sessionToken) headers['X-Amz-Security-Token'] = who.sessionToken;
  const signed = createSigner({ accessKeyId: who.accessKeyId, secretAccessKey: who.secretAccessKey, region: who.region ?? 'us-east-1' })({
    host: 'kinesis.test',
    headers,
    body,
    now: new Date(Date.now()),
  });
  const r = { headers: { ...headers, ...signed, Host: 'kinesis.test' }, body };
  tamper(r);
  return fetchApp(env, 'http://kinesis.test/', { method: 'POST', headers: r.headers, body: r.body });
}
