// Reads the R2 bucket a started server's channels deliver into (<path>/r2, local/server.mjs) from the test process,
// through Miniflare's own R2 over the same persisted files: what a user sees when they open the bucket, not what
// the server says it wrote.
import { Miniflare } from 'miniflare';
import path from 'node:path';

export interface StoredObject {
  key: string;
  body: Uint8Array;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  customMetadata: Record<string, string>;
}

/** The binding the server delivers through; Miniflare names a bucket listed by binding after the binding. */
const BINDING = 'CHANNEL_BUCKET';

export interface BucketReader {
  /** Every object under `prefix`, bodies read whole, in key order. */
  objects(prefix: string): Promise<StoredObject[]>;
  close(): Promise<void>;
}

export async function openBucket(dataDir: string): Promise<BucketReader> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null, { status: 404 }); } };',
    r2Buckets: [BINDING],
    r2Persist: path.join(dataDir, 'r2'),
  });
  const bucket = await mf.getR2Bucket(BINDING);
  return {
    async objects(prefix) {
      const out: StoredObject[] = [];
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, cursor, include: ['httpMetadata', 'customMetadata'] });
        for (const o of page.objects) {
          const got = await bucket.get(o.key);
          if (!got) continue; // removed between list and get
          out.push({
            key: o.key,
            body: new Uint8Array(await got.arrayBuffer()),
            contentType: got.httpMetadata?.contentType,
            contentEncoding: got.httpMetadata?.contentEncoding,
            customMetadata: got.customMetadata ?? {},
          });
        }
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    close: () => mf.dispose(),
  };
}
