import { Page } from '../common/http/pagination';
import { Order } from './domain/order';

/** Result of storing one order: the stored order and whether this call created it. */
export interface CreateOrderResult {
  readonly order: Order;
  readonly created: boolean;
}

/** Outcome of a bulk create, as `customerId/orderId` pairs. */
export interface BulkOrderResult {
  readonly created: Order[];
  readonly existing: Order[];
}

/** Optional UTC bounds (inclusive) of an order listing. */
export interface OrderDateRange {
  readonly fromUtc?: string;
  readonly toUtc?: string;
}

/** Port: orders with embedded line items. Adapter: DynamoDB (`infrastructure/`). */
export abstract class PurchasesRepository {
  /** Stores the order unless an order with its id exists; then returns the stored one (`created: false`). */
  abstract create(order: Order): Promise<CreateOrderResult>;

  /** Stores the orders that do not exist yet; never overwrites. */
  abstract createMany(orders: readonly Order[]): Promise<BulkOrderResult>;

  /** The stored orders among `orderIds` of one customer (absent ids are left out). */
  abstract getMany(customerId: string, orderIds: readonly string[]): Promise<Order[]>;

  /** Newest first, cursor-paginated. */
  abstract list(customerId: string, range: OrderDateRange, limit: number, cursor?: string): Promise<Page<Order>>;

  /** Every order of the customer (oldest first), for summaries and analyses. */
  abstract listAll(customerId: string): Promise<Order[]>;
}
