import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Clock } from '../common/clock';
import { FieldError, InvalidInputError } from '../common/domain/domain.error';
import { MS_PER_DAY, parseIsoUtc } from '../common/domain/time';
import { Page } from '../common/http/pagination';
import { flattenValidationErrors } from '../common/http/validation';
import { CustomersService } from '../customers/customers.service';
import { Order, orderTotal, OrderSource, samePurchase } from './domain/order';
import { OrderIdConflictError } from './domain/order.errors';
import { PurchaseSummary, summarizePurchases } from './domain/purchase-summary';
import { CreateOrderDto } from './dto/create-order.dto';
import { ORDER_CREATED, OrderCreatedEvent } from './order-created.event';
import { PurchasesRepository } from './purchases.repository';

/** Per-order outcome of a bulk import. */
export type ImportItemResult =
  | { readonly index: number; readonly orderId: string; readonly status: 'created' | 'duplicate' | 'conflict' }
  | { readonly index: number; readonly orderId?: string; readonly status: 'invalid'; readonly errors: readonly FieldError[] };

/** Orders with line items, their listing, bulk import and the enriched summary. */
@Injectable()
export class PurchasesService {
  private readonly logger = new Logger(PurchasesService.name);

  constructor(
    private readonly repository: PurchasesRepository,
    private readonly customers: CustomersService,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
  ) {}

  /** Builds an order from a validated DTO; `purchasedAt` is kept as given, with its UTC instant beside it. */
  toOrder(customerId: string, dto: CreateOrderDto, source: OrderSource): Order {
    const lines = dto.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      ...(l.description !== undefined ? { description: l.description } : {}),
      ...(l.category !== undefined ? { category: l.category } : {}),
    }));
    return {
      customerId,
      orderId: dto.orderId,
      purchasedAt: dto.purchasedAt,
      purchasedAtUtc: new Date(parseIsoUtc(dto.purchasedAt)).toISOString(),
      ...(dto.currency ? { currency: dto.currency } : {}),
      lines,
      total: orderTotal(lines),
      source,
      createdAt: this.clock.now().toISOString(),
    };
  }

  /**
   * Stores one order, idempotent on `orderId`: a retry with the same content returns the stored
   * order with `created: false`.
   *
   * @throws CustomerNotFoundError (404); OrderIdConflictError (409) when the id holds another purchase.
   */
  async create(customerId: string, dto: CreateOrderDto): Promise<{ order: Order; created: boolean }> {
    await this.customers.assertExists(customerId);
    const order = this.toOrder(customerId, dto, 'api');
    const result = await this.repository.create(order);
    if (!result.created && !samePurchase(result.order, order)) throw new OrderIdConflictError(customerId, order.orderId);
    if (result.created) await this.notifyCreated([result.order]);
    return result;
  }

  /**
   * Stores many orders of one customer; each raw order is validated on its own. An order already
   * stored with the same content (or repeated within the request) is a `duplicate`, one whose id
   * holds a different purchase a `conflict`; neither is written or counted twice.
   *
   * @throws CustomerNotFoundError (404).
   */
  async importMany(customerId: string, rawOrders: readonly unknown[]): Promise<ImportItemResult[]> {
    await this.customers.assertExists(customerId);
    const results: ImportItemResult[] = new Array(rawOrders.length);
    const valid: { index: number; order: Order }[] = [];
    const seen = new Set<string>();
    await Promise.all(
      rawOrders.map(async (raw, index) => {
        const dto = plainToInstance(CreateOrderDto, raw);
        const errors =
          typeof raw === 'object' && raw !== null && !Array.isArray(raw)
            ? flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }))
            : [{ field: '', messages: ['each order must be an object'] }];
        const orderId = typeof dto?.orderId === 'string' ? dto.orderId : undefined;
        if (errors.length > 0) results[index] = { index, orderId, status: 'invalid', errors };
        else valid.push({ index, order: this.toOrder(customerId, dto, 'api') });
      }),
    );
    valid.sort((a, b) => a.index - b.index);
    const unique = valid.filter(({ index, order }) => {
      if (seen.has(order.orderId)) {
        results[index] = { index, orderId: order.orderId, status: 'duplicate' };
        return false;
      }
      seen.add(order.orderId);
      return true;
    });
    const outcome = await this.repository.createMany(unique.map((v) => v.order));
    await this.notifyCreated(outcome.created);
    const created = new Set(outcome.created.map((o) => o.orderId));
    const stored = new Map(
      (await this.repository.getMany(customerId, outcome.existing.map((o) => o.orderId))).map((o) => [o.orderId, o]),
    );
    for (const { index, order } of unique) {
      const previous = stored.get(order.orderId);
      const status = created.has(order.orderId) ? 'created' : previous && !samePurchase(previous, order) ? 'conflict' : 'duplicate';
      results[index] = { index, orderId: order.orderId, status };
    }
    return results;
  }

  /** Emits {@link ORDER_CREATED} and awaits the listeners; their errors are logged (the order is stored either way). */
  private async notifyCreated(orders: readonly Order[]): Promise<void> {
    if (orders.length === 0) return;
    try {
      await this.events.emitAsync(ORDER_CREATED, new OrderCreatedEvent(orders));
    } catch (err) {
      this.logger.warn(`order.created listener failed: ${(err as Error).name}: ${(err as Error).message}`);
    }
  }

  /** Newest first. @throws CustomerNotFoundError (404), InvalidInputError (400) when from > to. */
  async list(customerId: string, from: string | undefined, to: string | undefined, limit: number, cursor?: string): Promise<Page<Order>> {
    const fromUtc = from === undefined ? undefined : new Date(parseIsoUtc(from)).toISOString();
    // A date-only upper bound includes that whole day.
    const toUtc = to === undefined ? undefined : new Date(parseIsoUtc(to) + (to.length === 10 ? MS_PER_DAY - 1 : 0)).toISOString();
    if (fromUtc && toUtc && fromUtc > toUtc) {
      throw new InvalidInputError([{ field: 'from', messages: ['from must not be after to'] }]);
    }
    await this.customers.assertExists(customerId);
    return this.repository.list(customerId, { fromUtc, toUtc }, limit, cursor);
  }

  /** Every order of the customer, oldest first. @throws CustomerNotFoundError (404). */
  async listAll(customerId: string): Promise<Order[]> {
    await this.customers.assertExists(customerId);
    return this.repository.listAll(customerId);
  }

  /** Enriched history as of `asOf` (default: now). @throws CustomerNotFoundError (404). */
  async summary(customerId: string, asOf: string | undefined, productLimit: number): Promise<PurchaseSummary> {
    const asOfMs = asOf === undefined ? this.clock.now().getTime() : parseIsoUtc(asOf);
    return summarizePurchases(await this.listAll(customerId), asOfMs, productLimit);
  }
}
