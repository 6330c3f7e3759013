// Reads a request body as bytes up to a cap. Must not interpret the bytes (workerd rewrites Accept-Encoding, so
// bodies are always read raw).

/** The body; or why there is none: over the cap, or the client stopped sending it (disconnected mid-body, or
 *  framed it so it cannot be read). The latter is the client's doing, never an internal failure. */
export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large' | 'unreadable' };

/**
 * An over-size body is still read to its end and dropped: answering before the client has sent it all makes
 * workerd reset the connection, and clients then see no 413 at all.
 */
export async function readCappedBody(request: Request, max: number): Promise<BodyRead> {
  try {
    const bytes = await readBody(request, max);
    return bytes === null ? { ok: false, reason: 'too-large' } : { ok: true, bytes };
  } catch {
    // Only the request's own stream is read here: whatever it throws ("Network connection lost.") is the client.
    return { ok: false, reason: 'unreadable' };
  }
}

async function readBody(request: Request, max: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const declared = Number(request.headers.get('content-length') ?? NaN);
  // The common case: a declared length within the cap is read natively in one go.
  if (declared <= max) return new Uint8Array(await request.arrayBuffer());
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = declared > max;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) over = true;
    if (!over) chunks.push(value);
  }
  if (over) return null;
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}
