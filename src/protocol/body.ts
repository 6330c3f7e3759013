// Reads a request body as bytes up to a cap. Must not interpret the bytes (workerd rewrites Accept-Encoding, so
// bodies are always read raw).

/**
 * The body, or null when it passes `max` bytes. An over-size body is still read to its end and dropped: answering
 * before the client has sent it all makes workerd reset the connection, and clients then see no 413 at all.
 */
export async function readCappedBody(request: Request, max: number): Promise<Uint8Array | null> {
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
