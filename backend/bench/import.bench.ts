import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreModule } from '../src/core.module';
import { CustomersRepository } from '../src/customers/customers.repository';
import { mapWithConcurrency } from '../src/storage/batch';
import { parseOnlineRetailFile } from '../src/purchases/import/online-retail.parser';
import { OnlineRetailImporter } from '../src/purchases/import/online-retail.importer';
import { PurchasesRepository } from '../src/purchases/purchases.repository';
import { computeRfmFeatures } from '../src/segmentation/rfm/rfm-features';
import { writeBenchmark } from './bench-output';

/** The bundled file, from `dist-bench/bench/`. */
const DEFAULT_ONLINE_RETAIL_FILE = resolve(__dirname, '..', '..', 'data', 'online_retail.csv.gz');
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * Full Online Retail import into embedded dynalite persisted on disk (as `npm start` does), then
 * RFM for every customer: reading each customer's orders from the store and computing the features.
 * Target (issue 2): the whole import under 15 s on a 2-core machine.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  Object.assign(process.env, { DATA_DIR: dataDir, IMPORT_ON_START: 'false', STORAGE_MODE: 'embedded', LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(CoreModule, { logger: ['error'] });
  try {
    let start = process.hrtime.bigint();
    const parsed = await parseOnlineRetailFile(DEFAULT_ONLINE_RETAIL_FILE);
    const parseSeconds = seconds(start);

    start = process.hrtime.bigint();
    const report = await app.get(OnlineRetailImporter).import(DEFAULT_ONLINE_RETAIL_FILE);
    const importSeconds = seconds(start);

    start = process.hrtime.bigint();
    const rerun = await app.get(OnlineRetailImporter).import(DEFAULT_ONLINE_RETAIL_FILE);
    const rerunSeconds = seconds(start);

    const customers = app.get(CustomersRepository);
    const purchases = app.get(PurchasesRepository);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await customers.list({}, 100, cursor);
      ids.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);

    const asOfMs = Date.parse(parsed.lastInvoiceAt as string) + 86_400_000;
    start = process.hrtime.bigint();
    const histories = await mapWithConcurrency(ids, 16, (id) => purchases.listAll(id));
    const readSeconds = seconds(start);
    start = process.hrtime.bigint();
    const rfm = histories.map((orders) =>
      computeRfmFeatures(
        orders.map((o) => ({ orderId: o.orderId, purchasedAtMs: Date.parse(o.purchasedAtUtc), total: o.total })),
        asOfMs,
      ),
    );
    const computeSeconds = seconds(start);

    writeBenchmark('import', {
      description: 'Online Retail import into embedded dynalite (persisted on disk), then RFM for all customers',
      target: { importSeconds: 15 },
      import: {
        seconds: importSeconds,
        parseOnlySeconds: parseSeconds,
        linesRead: report.linesRead,
        cleanLines: report.cleanLines,
        rejected: report.rejected,
        customersCreated: report.customers.created,
        ordersCreated: report.orders.created,
        meetsTarget: importSeconds < 15,
      },
      rerun: { seconds: rerunSeconds, customersCreated: rerun.customers.created, ordersCreated: rerun.orders.created },
      listing: { pages: Math.ceil(ids.length / 100), ids: ids.length, distinctIds: new Set(ids).size },
      rfmAllCustomers: {
        customers: ids.length,
        computed: rfm.filter((r) => r !== null).length,
        readOrdersSeconds: readSeconds,
        computeSeconds,
        totalSeconds: readSeconds + computeSeconds,
      },
    });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
