// NextToken values for ListStreams and ListShards: opaque base64 of where the next page starts and when the token
// was issued (ListShards tokens live 300 s [DOC ListShards]). Must not authenticate: a forged token only pages.

export interface PageToken {
  /** The stream the token pages over (ListShards), empty for ListStreams. */
  stream: string;
  /** Exclusive start: the last stream name, or the last shard index, of the previous page. */
  after: string;
  issuedAt: number;
}

export function encodePageToken(t: PageToken): string {
  return Buffer.from(JSON.stringify([t.stream, t.after, t.issuedAt]), 'utf8').toString('base64');
}

export function decodePageToken(token: string): PageToken | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return null;
    const [stream, after, issuedAt] = v;
    if (typeof stream !== 'string' || typeof after !== 'string' || typeof issuedAt !== 'number') return null;
    return { stream, after, issuedAt };
  } catch {
    return null;
  }
}
