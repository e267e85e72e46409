import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { Clock } from '../../common/clock';
import { chunkOf } from '../../common/domain/collections';
import { CustomersRepository } from '../../customers/customers.repository';
import { Customer } from '../../customers/domain/customer';
import { Order } from '../domain/order';
import { ORDER_CREATED, OrderCreatedEvent } from '../order-created.event';
import { PurchasesRepository } from '../purchases.repository';
import { ImportRunsRepository } from './import-runs.repository';
import { parseOnlineRetailFile, RejectedLines } from './online-retail.parser';
import type { ProgressListener } from '../../common/domain/progress';

/** Receives progress of an import: `read` counts bytes, `write` customers and orders (a progress bar in the CLI and on first start). */
export type ImportProgressListener = ProgressListener<'read' | 'write'>;

/** The closing report of an import. */
export interface OnlineRetailImportReport {
  readonly file: string;
  readonly linesRead: number;
  readonly cleanLines: number;
  readonly rejected: RejectedLines;
  readonly customers: { readonly created: number; readonly alreadyPresent: number };
  readonly orders: { readonly created: number; readonly alreadyPresent: number };
  readonly lastInvoiceAt: string | null;
  readonly seconds: number;
}

const WRITE_CHUNK = 2000;

/**
 * Imports the UCI Online Retail transactions: cleans them (segmentation spec §B), creates one
 * customer per CustomerID and one order per invoice. Idempotent: existing customers and orders are
 * counted as already present and never rewritten, so a re-run creates nothing new and an
 * interrupted run can simply be run again.
 */
@Injectable()
export class OnlineRetailImporter {
  private readonly logger = new Logger(OnlineRetailImporter.name);

  constructor(
    private readonly customers: CustomersRepository,
    private readonly purchases: PurchasesRepository,
    private readonly runs: ImportRunsRepository,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
  ) {}

  /** Identity of a file for the import record: name and size. */
  sourceOf(path: string): string {
    return `online-retail:${basename(path)}:${statSync(path).size}`;
  }

  /** The completed import of `path`, if it was imported before. */
  async previousRun(path: string): Promise<OnlineRetailImportReport | undefined> {
    const run = await this.runs.get(this.sourceOf(path));
    return run?.report as OnlineRetailImportReport | undefined;
  }

  /**
   * Reads, cleans and stores the file.
   *
   * @throws Error when the file is missing or not an Online Retail file; storage errors propagate
   * after the SDK's retries (what was written stays written and is skipped on the next run).
   */
  async import(path: string, progress?: ImportProgressListener): Promise<OnlineRetailImportReport> {
    const started = process.hrtime.bigint();
    const total = statSync(path).size;
    progress?.phase('read', total);
    const parsed = await parseOnlineRetailFile(path, (bytes) => progress?.update(bytes));
    progress?.end();

    const now = this.clock.now().toISOString();
    const customers: Customer[] = [...parsed.customers].map(([id, { country }]) => ({
      id,
      ...(country ? { country } : {}),
      createdAt: now,
      updatedAt: now,
      version: 1,
    }));
    const orders: Order[] = parsed.orders.map((draft) => ({
      customerId: draft.customerId,
      orderId: draft.orderId,
      purchasedAt: draft.purchasedAtUtc,
      purchasedAtUtc: draft.purchasedAtUtc,
      currency: 'GBP',
      lines: draft.lines,
      total: draft.total,
      source: 'import',
      createdAt: now,
    }));

    progress?.phase('write', customers.length + orders.length);
    let written = 0;
    let customersCreated = 0;
    for (const part of chunkOf(customers, WRITE_CHUNK)) {
      customersCreated += (await this.customers.createMany(part)).created.length;
      progress?.update((written += part.length));
    }
    let ordersCreated = 0;
    for (const part of chunkOf(orders, WRITE_CHUNK)) {
      const { created } = await this.purchases.createMany(part);
      ordersCreated += created.length;
      if (created.length > 0) await this.emitCreated(created);
      progress?.update((written += part.length));
    }
    progress?.end();

    const report: OnlineRetailImportReport = {
      file: basename(path),
      linesRead: parsed.linesRead,
      cleanLines: parsed.cleanLines,
      rejected: parsed.rejected,
      customers: { created: customersCreated, alreadyPresent: customers.length - customersCreated },
      orders: { created: ordersCreated, alreadyPresent: orders.length - ordersCreated },
      lastInvoiceAt: parsed.lastInvoiceAt,
      seconds: Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100,
    };
    await this.runs.put({ source: this.sourceOf(path), completedAt: this.clock.now().toISOString(), report: { ...report } });
    this.logger.log({ event: 'import.completed', ...report });
    return report;
  }

  /** {@link ORDER_CREATED} per written chunk, listeners awaited; a listener's error is logged, the import goes on. */
  private async emitCreated(orders: readonly Order[]): Promise<void> {
    try {
      await this.events.emitAsync(ORDER_CREATED, new OrderCreatedEvent(orders));
    } catch (err) {
      this.logger.warn(`order.created listener failed: ${(err as Error).name}: ${(err as Error).message}`);
    }
  }
}
