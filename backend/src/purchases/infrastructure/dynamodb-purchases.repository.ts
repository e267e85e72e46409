import { DynamoDBDocumentClient, GetCommand, QueryCommand, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InvalidInputError } from '../../common/domain/domain.error';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { storageConfig } from '../../config/app.config';
import { customerPk, orderSk, purchasedSk } from '../../customers/infrastructure/customer-keys';
import { batchGetAll, batchWriteAll } from '../../storage/batch';
import { putIfAbsent } from '../../storage/put-if-absent';
import { queryFromCursor } from '../../storage/query';
import { CUSTOMERS_INDEX } from '../../storage/table-definitions';
import { Order } from '../domain/order';
import { BulkOrderResult, CreateOrderResult, OrderDateRange, PurchasesRepository } from '../purchases.repository';

type Item = Record<string, unknown>;
const ORDER_FIELDS = ['customerId', 'orderId', 'purchasedAt', 'purchasedAtUtc', 'currency', 'total', 'source', 'createdAt'] as const;

/**
 * Orders as items `CUSTOMER#<id>` / `ORDER#<orderId>` (the sort key makes `orderId` the idempotency
 * key), listed by time through the LSI `byPurchaseDate` (`purchasedSk` = `<utc iso>#<orderId>`).
 * Line items are stored as one JSON string attribute (`linesJson`): no access pattern filters on
 * them, and it halves item size (write units) and write time against per-line maps.
 */
@Injectable()
export class DynamoDbPurchasesRepository extends PurchasesRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  async create(order: Order): Promise<CreateOrderResult> {
    if (await putIfAbsent(this.db, this.table, toItem(order))) return { order, created: true };
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: customerPk(order.customerId), sk: orderSk(order.orderId) },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) throw new Error(`order ${order.orderId} vanished after a conditional check failure`);
    return { order: fromItem(out.Item), created: false };
  }

  async createMany(orders: readonly Order[]): Promise<BulkOrderResult> {
    const keys = orders.map((o) => ({ pk: customerPk(o.customerId), sk: orderSk(o.orderId) }));
    const found = await batchGetAll(this.db, this.table, keys, 'pk, sk');
    const stored = new Set(found.map((item) => `${item.pk as string}|${item.sk as string}`));
    const isStored = (o: Order) => stored.has(`${customerPk(o.customerId)}|${orderSk(o.orderId)}`);
    const fresh = orders.filter((o) => !isStored(o));
    await batchWriteAll(this.db, this.table, fresh.map((o) => ({ PutRequest: { Item: toItem(o) } })));
    return { created: fresh, existing: orders.filter(isStored) };
  }

  async getMany(customerId: string, orderIds: readonly string[]): Promise<Order[]> {
    const keys = orderIds.map((orderId) => ({ pk: customerPk(customerId), sk: orderSk(orderId) }));
    return (await batchGetAll(this.db, this.table, keys)).map(fromItem);
  }

  async list(customerId: string, range: OrderDateRange, limit: number, cursor?: string): Promise<Page<Order>> {
    const position = decodeCursor(cursor);
    const start = position ? checkStartKey(position.k, customerId) : undefined;
    const { expression, values } = rangeCondition(range);
    const out = await queryFromCursor(this.db, {
      TableName: this.table,
      IndexName: CUSTOMERS_INDEX.byPurchaseDate,
      KeyConditionExpression: expression,
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ...values },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    });
    return {
      items: (out.Items ?? []).map(fromItem),
      nextCursor: encodeCursor(out.LastEvaluatedKey ? { k: out.LastEvaluatedKey } : undefined),
    };
  }

  async listAll(customerId: string): Promise<Order[]> {
    const orders: Order[] = [];
    let start: Item | undefined;
    do {
      const out: QueryCommandOutput = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: CUSTOMERS_INDEX.byPurchaseDate,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': customerPk(customerId) },
          ExclusiveStartKey: start,
        }),
      );
      orders.push(...(out.Items ?? []).map(fromItem));
      start = out.LastEvaluatedKey;
    } while (start);
    return orders;
  }
}

/** Key condition on the LSI; `toUtc` is inclusive, so it is extended past any `#orderId` suffix. */
function rangeCondition(range: OrderDateRange): { expression: string; values: Item } {
  const { fromUtc, toUtc } = range;
  if (fromUtc && toUtc) {
    return { expression: 'pk = :pk AND purchasedSk BETWEEN :from AND :to', values: { ':from': fromUtc, ':to': `${toUtc}#\uffff` } };
  }
  if (fromUtc) return { expression: 'pk = :pk AND purchasedSk >= :from', values: { ':from': fromUtc } };
  if (toUtc) return { expression: 'pk = :pk AND purchasedSk <= :to', values: { ':to': `${toUtc}#\uffff` } };
  return { expression: 'pk = :pk', values: {} };
}

/** A cursor must be an LSI key of this customer's partition. */
function checkStartKey(value: unknown, customerId: string): Item {
  const key = value as Item | null;
  const ok =
    typeof key === 'object' &&
    key !== null &&
    Object.keys(key).length === 3 &&
    key.pk === customerPk(customerId) &&
    typeof key.sk === 'string' &&
    typeof key.purchasedSk === 'string';
  if (!ok) throw new InvalidInputError([{ field: 'cursor', messages: ['cursor is not valid for this list'] }]);
  return key as Item;
}

function toItem(order: Order): Item {
  return {
    pk: customerPk(order.customerId),
    sk: orderSk(order.orderId),
    entity: 'order',
    purchasedSk: purchasedSk(order.purchasedAtUtc, order.orderId),
    customerId: order.customerId,
    orderId: order.orderId,
    purchasedAt: order.purchasedAt,
    purchasedAtUtc: order.purchasedAtUtc,
    currency: order.currency,
    total: order.total,
    source: order.source,
    createdAt: order.createdAt,
    itemCount: order.lines.length,
    linesJson: JSON.stringify(order.lines),
  };
}

function fromItem(item: Item): Order {
  const out: Record<string, unknown> = {};
  for (const field of ORDER_FIELDS) if (item[field] !== undefined) out[field] = item[field];
  out.lines = JSON.parse(item.linesJson as string) as unknown;
  return out as unknown as Order;
}
