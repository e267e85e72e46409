/** One line of an order. Money in the data's currency, unrounded. */
export interface LineItem {
  readonly productId: string;
  readonly description?: string;
  /** Units, > 0. */
  readonly quantity: number;
  /** Price per unit, ≥ 0. */
  readonly unitPrice: number;
  readonly category?: string;
}

/** Where an order came from. */
export type OrderSource = 'api' | 'import';

/** An order (invoice) with its line items embedded. */
export interface Order {
  readonly customerId: string;
  /** Idempotency key within the customer (the invoice number for imported data). */
  readonly orderId: string;
  /** The purchase time exactly as given by the client (ISO-8601, any offset). */
  readonly purchasedAt: string;
  /** The same instant normalised to UTC (`toISOString()`), used for ordering and filters. */
  readonly purchasedAtUtc: string;
  readonly currency?: string;
  readonly lines: readonly LineItem[];
  /** Σ quantity × unitPrice, unrounded. */
  readonly total: number;
  readonly source: OrderSource;
  /** ISO-8601 UTC time the order was stored. */
  readonly createdAt: string;
}

/** Σ quantity × unitPrice over the lines. */
export function orderTotal(lines: readonly LineItem[]): number {
  let total = 0;
  for (const line of lines) total += line.quantity * line.unitPrice;
  return total;
}

/** True when two orders with the same id carry the same purchase (time and lines). */
export function samePurchase(a: Pick<Order, 'purchasedAtUtc' | 'lines' | 'currency'>, b: Pick<Order, 'purchasedAtUtc' | 'lines' | 'currency'>): boolean {
  if (a.purchasedAtUtc !== b.purchasedAtUtc || (a.currency ?? null) !== (b.currency ?? null)) return false;
  if (a.lines.length !== b.lines.length) return false;
  return a.lines.every((line, i) => {
    const other = b.lines[i];
    return (
      line.productId === other.productId &&
      line.quantity === other.quantity &&
      line.unitPrice === other.unitPrice &&
      (line.description ?? null) === (other.description ?? null) &&
      (line.category ?? null) === (other.category ?? null)
    );
  });
}
