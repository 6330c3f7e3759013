// A DynamoDB-compatible store for the KCL's leases: dynalite (npm, Apache-2.0), in memory, served from this test
// process on 127.0.0.1 and a free port. DynamoDB Local is not used: its licence is not an open-source one.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number; path?: string }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;

export interface Dynamo {
  url: string;
  stop(): Promise<void>;
}

/** Starts an empty in-memory dynalite (no `path`, so nothing is written to disk); tables turn ACTIVE at once. */
export async function startDynamo(): Promise<Dynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Clients that are gone may leave keep-alive sockets: close them so close() does not wait for their timeout.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
