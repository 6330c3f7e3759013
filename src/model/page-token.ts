// NextToken values for ListStreams, ListShards (and any paged list): opaque base64 of where the next page starts and
// when the token was issued (ListShards tokens live 300 s [DOC ListShards]), authenticated and bound to the tenant
// that received it when a seal is given: another tenant's token, or a forged one, is not a token.
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PAGE_TOKEN_MAC_BYTES as MAC_BYTES } from '../limits';

export interface PageToken {
  /** The stream the token pages over (ListShards), empty for ListStreams. */
  stream: string;
  /** Exclusive start: the last stream name, or the last shard index, of the previous page. */
  after: string;
  issuedAt: number;
}

/** What binds a token: the deployment's iterator key (config.iteratorKey) and the tenant. */
export interface PageSeal {
  key: string;
  account: string;
  region: string;
}

/** The seal of a request's tenant: `pageSeal(ctx)` in an operation. */
export const pageSeal = (ctx: { config: { iteratorKey: string }; tenant: { account: string; region: string } }): PageSeal => ({
  key: ctx.config.iteratorKey,
  account: ctx.tenant.account,
  region: ctx.tenant.region,
});

function mac(seal: PageSeal, body: string): Buffer {
  return createHmac('sha256', seal.key).update(`page-token\n${seal.account}\n${seal.region}\n${body}`).digest().subarray(0, MAC_BYTES);
}

/** Every token is sealed: one issued to another tenant (or made up) does not decode. */
export function encodePageToken(t: PageToken, seal: PageSeal): string {
  const body = JSON.stringify([t.stream, t.after, t.issuedAt]);
  return Buffer.from(JSON.stringify([t.stream, t.after, t.issuedAt, mac(seal, body).toString('base64')]), 'utf8').toString('base64');
}

export function decodePageToken(token: string, seal: PageSeal): PageToken | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 4) return null;
    const [stream, after, issuedAt, tag] = v;
    if (typeof stream !== 'string' || typeof after !== 'string' || typeof issuedAt !== 'number' || typeof tag !== 'string') return null;
    const given = Buffer.from(tag, 'base64');
    const expected = mac(seal, JSON.stringify([stream, after, issuedAt]));
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, expected)) return null;
    return { stream, after, issuedAt };
  } catch {
    return null;
  }
}
