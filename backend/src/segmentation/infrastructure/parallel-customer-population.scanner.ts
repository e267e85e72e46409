import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { storageConfig } from '../../config/app.config';
import { CustomerPopulationScanner, PopulationScan, PopulationScanOptions, StoredBatchSegments } from '../customer-population.scanner';
import type { CustomerFeatures } from '../domain/customer-features';
import { segmentationConfig } from '../segmentation.config';
import { CustomerSegmentScan, ScanConnection, ScanSummary } from './customer-segment-scan';
import type { ScanWorkerData, ScanWorkerMessage } from './customer-scan.worker';

/** What a lane hands back once the reference date is known. */
interface LaneResult {
  features: CustomerFeatures[];
  memberships: [string, StoredBatchSegments][];
}

/** One scanning lane: a worker thread or an in-process scan over the same segments. */
interface Lane {
  scanned: Promise<ScanSummary>;
  features(asOfMs: number): Promise<LaneResult>;
  stop(): Promise<void>;
}

/**
 * DynamoDB parallel scan of the customers table over worker threads (`worker_threads`): the
 * `TotalSegments` segments are dealt round-robin to the workers; each worker scans its segments
 * with its own SDK client and returns compact per-customer features.
 *
 * The worker is the compiled sibling `customer-scan.worker.js` of this file. Under ts-jest this file
 * is TypeScript and no compiled sibling exists, so the same segments are scanned in-process by the
 * same {@link CustomerSegmentScan} code, concurrently, one lane per would-be worker (`mode:
 * 'in-process'`); from `dist/` (server, CLI, benchmarks) real threads are used (`mode: 'threads'`).
 */
@Injectable()
export class ParallelCustomerPopulationScanner extends CustomerPopulationScanner {
  /** Compiled worker file, or null to scan in-process. Tests and benchmarks may set it. */
  workerFile: string | null;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) private readonly storage: ConfigType<typeof storageConfig>,
    @Inject(segmentationConfig.KEY) private readonly config: ConfigType<typeof segmentationConfig>,
  ) {
    super();
    const sibling = join(__dirname, 'customer-scan.worker.js');
    this.workerFile = __filename.endsWith('.js') && existsSync(sibling) ? sibling : null;
  }

  async scan(options: PopulationScanOptions): Promise<PopulationScan> {
    const workers = this.config.scanWorkers;
    const totalSegments = Math.max(this.config.scanSegments, workers);
    const assignment = Array.from({ length: workers }, (_, w) =>
      Array.from({ length: totalSegments }, (_, s) => s).filter((s) => s % workers === w),
    ).filter((segments) => segments.length > 0);
    const progress = new Array<number>(assignment.length).fill(0);
    const report = (lane: number, items: number) => {
      progress[lane] = items;
      options.onProgress?.(progress.reduce((a, b) => a + b, 0));
    };
    const file = this.workerFile;
    const withMemberships = options.withBatchMemberships === true;
    const connection = file ? await this.connection() : null;
    const lanes = assignment.map((segments, i) =>
      file && connection
        ? this.threadLane(file, { connection, table: this.storage.tables.customers, segments, totalSegments, withMemberships }, (n) => report(i, n))
        : this.inProcessLane(segments, totalSegments, withMemberships, (n) => report(i, n)),
    );
    try {
      const summaries = await Promise.all(lanes.map((l) => l.scanned));
      const latest = summaries.reduce<number | null>(
        (max, s) => (s.latestPurchaseMs !== null && (max === null || s.latestPurchaseMs > max) ? s.latestPurchaseMs : max),
        null,
      );
      const asOfMs = options.resolveAsOf(latest);
      const parts = await Promise.all(lanes.map((l) => l.features(asOfMs)));
      const features = parts.flatMap((p) => p.features);
      const ids = new Set<string>();
      for (const f of features) {
        if (ids.has(f.customerId)) throw new Error(`customer ${f.customerId} was read by two scan segments`);
        ids.add(f.customerId);
      }
      return {
        asOfMs,
        features,
        itemsScanned: summaries.reduce((a, s) => a + s.itemsScanned, 0),
        mode: file ? 'threads' : 'in-process',
        workers: lanes.length,
        segments: totalSegments,
        ...(withMemberships ? { batchMemberships: new Map(parts.flatMap((p) => p.memberships)) } : {}),
      };
    } finally {
      await Promise.all(lanes.map((l) => l.stop()));
    }
  }

  private async connection(): Promise<ScanConnection> {
    if (this.storage.mode === 'aws') return { region: this.storage.region, local: false };
    const endpoint = await this.db.config.endpoint?.();
    if (!endpoint) throw new Error('the DynamoDB client has no endpoint to hand to scan workers');
    const port = endpoint.port ? `:${endpoint.port}` : '';
    return { region: this.storage.region, endpoint: `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path}`, local: true };
  }

  private inProcessLane(segments: number[], totalSegments: number, withMemberships: boolean, onProgress: (items: number) => void): Lane {
    const scan = new CustomerSegmentScan(this.db, this.storage.tables.customers, segments, totalSegments, withMemberships);
    return {
      scanned: scan.scan(onProgress),
      features: async (asOfMs) => ({ features: scan.features(asOfMs), memberships: scan.batchMemberships() }),
      stop: async () => undefined,
    };
  }

  private threadLane(file: string, data: ScanWorkerData, onProgress: (items: number) => void): Lane {
    const worker = new Worker(file, { workerData: data });
    let onFeatures: ((result: LaneResult) => void) | undefined;
    let fail: (err: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    failed.catch(() => undefined);
    const scanned = new Promise<ScanSummary>((resolve, reject) => {
      worker.on('message', (message: ScanWorkerMessage) => {
        if (message.type === 'progress') onProgress(message.itemsScanned);
        else if (message.type === 'scanned') resolve(message);
        else if (message.type === 'features') {
          onFeatures?.({ features: message.features as CustomerFeatures[], memberships: message.memberships as [string, StoredBatchSegments][] });
        }
        else if (message.type === 'error') {
          const err = new Error(`scan worker: ${message.message}`);
          reject(err);
          fail(err);
        }
      });
      worker.on('error', (err) => {
        reject(err);
        fail(err);
      });
    });
    return {
      scanned,
      features: (asOfMs) =>
        Promise.race([
          new Promise<LaneResult>((resolve) => {
            onFeatures = resolve;
            worker.postMessage({ type: 'features', asOfMs });
          }),
          failed,
        ]),
      stop: async () => {
        await worker.terminate();
      },
    };
  }
}
