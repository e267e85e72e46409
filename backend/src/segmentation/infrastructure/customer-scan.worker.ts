import { parentPort, workerData } from 'node:worker_threads';
import { createScanClient, CustomerSegmentScan, type ScanConnection } from './customer-segment-scan';

/** `workerData` of a scan worker. */
export interface ScanWorkerData {
  readonly connection: ScanConnection;
  readonly table: string;
  readonly segments: number[];
  readonly totalSegments: number;
  readonly withMemberships: boolean;
}

/** Messages from a scan worker to the main thread. */
export type ScanWorkerMessage =
  | { readonly type: 'progress'; readonly itemsScanned: number }
  | { readonly type: 'scanned'; readonly customers: number; readonly itemsScanned: number; readonly latestPurchaseMs: number | null }
  | { readonly type: 'features'; readonly features: unknown[]; readonly memberships: unknown[] }
  | { readonly type: 'error'; readonly message: string };

/*
 * Worker thread entry: scans its segments, reports the latest purchase, waits for the reference
 * date chosen over all workers, then posts the features of its customers as plain data.
 */
if (parentPort) {
  const port = parentPort;
  const data = workerData as ScanWorkerData;
  const client = createScanClient(data.connection);
  const scan = new CustomerSegmentScan(client, data.table, data.segments, data.totalSegments, data.withMemberships);
  const post = (message: ScanWorkerMessage) => port.postMessage(message);
  const fail = (err: unknown) => {
    post({ type: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    client.destroy();
  };
  port.on('message', (message: { type: 'features'; asOfMs: number }) => {
    try {
      post({ type: 'features', features: scan.features(message.asOfMs), memberships: scan.batchMemberships() });
      client.destroy();
      port.close();
    } catch (err) {
      fail(err);
    }
  });
  scan
    .scan((itemsScanned) => post({ type: 'progress', itemsScanned }))
    .then((summary) => post({ type: 'scanned', ...summary }))
    .catch(fail);
}
