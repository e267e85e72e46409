import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** A running dynalite server bound to 127.0.0.1. */
export interface EmbeddedDynamoDb {
  readonly endpoint: string;
  close(): Promise<void>;
}

type DynaliteFactory = (options: Record<string, unknown>) => Server;

/**
 * Starts dynalite (a DynamoDB API emulator on LevelDB) on 127.0.0.1 with an ephemeral port.
 * With `path` the data persists in that folder; without it, it lives in memory.
 * Table creation is immediate (no simulated CREATING delay).
 */
export async function startEmbeddedDynamoDb(path?: string): Promise<EmbeddedDynamoDb> {
  // dynalite ships no types; its default export is a factory returning an http.Server.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as DynaliteFactory;
  if (path) mkdirSync(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
