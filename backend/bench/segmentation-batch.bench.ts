import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { CoreModule } from '../src/core.module';
import { OnlineRetailImporter } from '../src/purchases/import/online-retail.importer';
import { BatchProgressListener, SegmentationBatchService } from '../src/segmentation/batch/segmentation-batch.service';
import { writeBenchmark } from './bench-output';

const DEFAULT_ONLINE_RETAIL_FILE = resolve(__dirname, '..', '..', 'data', 'online_retail.csv.gz');

/** Records when each phase of the batch starts and ends. */
class PhaseTimer implements BatchProgressListener {
  private readonly t0 = process.hrtime.bigint();
  readonly marks: Record<string, number> = {};
  private current = '';

  private now(): number {
    return Number(process.hrtime.bigint() - this.t0) / 1e9;
  }

  phase(name: 'scan' | 'write'): void {
    this.current = name;
    this.marks[`${name}Start`] = this.now();
  }

  update(): void {}

  end(): void {
    if (this.current) this.marks[`${this.current}End`] = this.now();
  }
}

/**
 * The batch segmentation job over every stored customer of the full Online Retail import, in
 * embedded in-memory dynalite, from compiled JS (so the scan runs on worker threads): a first run
 * (trains the K-Means model) and a second run (migrations against the first). Target: ≤ 10 s.
 */
export async function run(): Promise<void> {
  Object.assign(process.env, { DATA_DIR: ':memory:', IMPORT_ON_START: 'false', STORAGE_MODE: 'embedded', LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(CoreModule, { logger: ['error'] });
  try {
    await app.get(OnlineRetailImporter).import(DEFAULT_ONLINE_RETAIL_FILE);
    const batch = app.get(SegmentationBatchService);
    const runs = [];
    const loadAtStart = Number(loadavg()[0].toFixed(2));
    for (const label of ['first run (trains K-Means)', 'second run']) {
      const timer = new PhaseTimer();
      const load = Number(loadavg()[0].toFixed(2));
      const result = await batch.run({}, timer);
      const m = timer.marks;
      runs.push({
        label,
        seconds: Number(result.seconds.toFixed(3)),
        scanSeconds: Number((m.scanEnd - m.scanStart).toFixed(3)),
        scoreAndTrainSeconds: Number((m.writeStart - m.scanEnd).toFixed(3)),
        writeSeconds: Number((m.writeEnd - m.writeStart).toFixed(3)),
        vanishedCheckAndFinalizeSeconds: Number((result.seconds - m.writeEnd).toFixed(3)),
        customers: result.run.customers,
        itemsScanned: result.job.progress.itemsScanned,
        historyItemsWritten: result.job.progress.customersWritten,
        membershipItemsWritten: result.job.progress.membershipsWritten ?? null,
        loadAverage1mAtStart: load,
        scan: result.job.scan,
        chunks: result.run.chunks,
      });
      process.stdout.write(`${label}: ${result.seconds.toFixed(2)} s\n`);
    }
    writeBenchmark('segmentation-batch', {
      description: 'Batch segmentation job over the full Online Retail import (4,338 customers, 18,532 orders), embedded in-memory dynalite',
      targetSeconds: 10,
      writesPerRun:
        '1 compact history item per customer (all schemes and figures; BatchWriteItem, conditional put on a resumed attempt) + 1 membership item per scheme whose segment changed since the stored one (all 4 on a first run, none when nothing changed) + 1 chunk item per 500 customers; then 1 BatchGetItem key per customer to find customers deleted meanwhile',
      loadAverage1m: { atStart: loadAtStart, atEnd: Number(loadavg()[0].toFixed(2)) },
      runs,
    });
  } finally {
    await app.close();
  }
}
