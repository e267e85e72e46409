import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InvalidInputError } from '../../common/domain/domain.error';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { storageConfig } from '../../config/app.config';
import { batchGetAll, batchWriteAll } from '../../storage/batch';
import { putIfAbsent } from '../../storage/put-if-absent';
import { queryFromCursor } from '../../storage/query';
import { CUSTOMERS_INDEX } from '../../storage/table-definitions';
import { BulkCreateResult, CustomerListFilter, CustomersRepository } from '../customers.repository';
import { Customer, PROFILE_FIELDS } from '../domain/customer';
import { CustomerAlreadyExistsError } from '../domain/customer.errors';
import { segmentIndexPk } from '../../segmentation/infrastructure/segment-keys';
import {
  countryPk,
  CUSTOMER_LIST_SHARDS,
  customerPk,
  listShardOf,
  listShardPk,
  PROFILE_SK,
  regionPk,
} from './customer-keys';

type Item = Record<string, unknown>;

/** Customers in the single customers table: `CUSTOMER#<id>` / `PROFILE`, listed through GSIs. */
@Injectable()
export class DynamoDbCustomersRepository extends CustomersRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  async create(customer: Customer): Promise<void> {
    if (!(await putIfAbsent(this.db, this.table, toItem(customer)))) throw new CustomerAlreadyExistsError(customer.id);
  }

  async createMany(customers: readonly Customer[]): Promise<BulkCreateResult> {
    const keys = customers.map((c) => ({ pk: customerPk(c.id), sk: PROFILE_SK }));
    const found = await batchGetAll(this.db, this.table, keys, 'pk');
    const stored = new Set(found.map((item) => item.pk as string));
    const fresh = customers.filter((c) => !stored.has(customerPk(c.id)));
    await batchWriteAll(
      this.db,
      this.table,
      fresh.map((c) => ({ PutRequest: { Item: toItem(c) } })),
    );
    return {
      created: fresh.map((c) => c.id),
      existing: customers.filter((c) => stored.has(customerPk(c.id))).map((c) => c.id),
    };
  }

  async get(id: string): Promise<Customer | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: customerPk(id), sk: PROFILE_SK }, ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async replace(customer: Customer, expectedVersion: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(customer),
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async delete(id: string): Promise<boolean> {
    const pk = customerPk(id);
    const keys: { pk: string; sk: string }[] = [];
    let start: Item | undefined;
    do {
      const page: QueryCommandOutput = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) keys.push({ pk, sk: item.sk as string });
      start = page.LastEvaluatedKey;
    } while (start);
    if (!keys.some((k) => k.sk === PROFILE_SK)) return false;
    // Derived items and orders first, the profile last: an interrupted delete leaves a customer
    // that still exists and can be deleted again, never orphans without a profile.
    const others = keys.filter((k) => k.sk !== PROFILE_SK);
    await batchWriteAll(this.db, this.table, others.map((Key) => ({ DeleteRequest: { Key } })));
    await batchWriteAll(this.db, this.table, [{ DeleteRequest: { Key: { pk, sk: PROFILE_SK } } }]);
    return true;
  }

  async list(filter: CustomerListFilter, limit: number, cursor?: string): Promise<Page<Customer>> {
    if (filter.segment) return this.listSegment(filter.segment.scheme, filter.segment.segment, limit, cursor);
    if (filter.country !== undefined || filter.region !== undefined) {
      const [index, hashAttr, hashValue] =
        filter.country !== undefined
          ? [CUSTOMERS_INDEX.byCountry, 'gsi2pk', countryPk(filter.country)]
          : [CUSTOMERS_INDEX.byRegion, 'gsi3pk', regionPk(filter.region as string)];
      const position = decodeCursor(cursor);
      const start = position ? checkStartKey(position.k, ['pk', 'sk', hashAttr, hashAttr.replace('pk', 'sk')]) : undefined;
      const out = await this.queryIndex(index, hashAttr, hashValue, limit, start);
      return {
        items: out.items,
        nextCursor: encodeCursor(out.lastKey ? { k: out.lastKey } : undefined),
      };
    }
    return this.listAllShards(limit, cursor);
  }

  /**
   * Members of a segment through the keys-only GSI `bySegment` over membership items, then their
   * profiles by BatchGetItem (in the index's id order; a member deleted meanwhile is skipped).
   */
  private async listSegment(scheme: string, segment: string, limit: number, cursor?: string): Promise<Page<Customer>> {
    const position = decodeCursor(cursor);
    const start = position ? checkStartKey(position.k, ['pk', 'sk', 'gsi4pk', 'gsi4sk']) : undefined;
    const out = await queryFromCursor(this.db, {
      TableName: this.table,
      IndexName: CUSTOMERS_INDEX.bySegment,
      KeyConditionExpression: 'gsi4pk = :h',
      ExpressionAttributeValues: { ':h': segmentIndexPk(scheme, segment) },
      Limit: limit,
      ExclusiveStartKey: start,
    });
    const ids = (out.Items ?? []).map((item) => item.gsi4sk as string);
    const found = await batchGetAll(this.db, this.table, ids.map((id) => ({ pk: customerPk(id), sk: PROFILE_SK })));
    const byId = new Map(found.map((item) => [item.id as string, fromItem(item)]));
    return {
      items: ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as Customer] : [])),
      nextCursor: encodeCursor(out.LastEvaluatedKey ? { k: out.LastEvaluatedKey } : undefined),
    };
  }

  /** Walks the list shards in order; the cursor holds the shard and the key within it. */
  private async listAllShards(limit: number, cursor?: string): Promise<Page<Customer>> {
    const position = decodeCursor(cursor);
    let shard = 0;
    let start: Item | undefined;
    if (position) {
      if (!Number.isInteger(position.s) || (position.s as number) < 0 || (position.s as number) >= CUSTOMER_LIST_SHARDS) {
        throw badCursor();
      }
      shard = position.s as number;
      start = position.k === undefined ? undefined : checkStartKey(position.k, ['pk', 'sk', 'gsi1pk', 'gsi1sk']);
    }
    const items: Customer[] = [];
    while (shard < CUSTOMER_LIST_SHARDS) {
      const out = await this.queryIndex(CUSTOMERS_INDEX.byShard, 'gsi1pk', listShardPk(shard), limit - items.length, start);
      items.push(...out.items);
      if (out.lastKey) {
        start = out.lastKey;
        if (items.length >= limit) return { items, nextCursor: encodeCursor({ s: shard, k: start }) };
        continue;
      }
      shard++;
      start = undefined;
      if (items.length >= limit) {
        return { items, nextCursor: shard < CUSTOMER_LIST_SHARDS ? encodeCursor({ s: shard }) : undefined };
      }
    }
    return { items };
  }

  private async queryIndex(
    index: string,
    hashAttr: string,
    hashValue: string,
    limit: number,
    start: Item | undefined,
  ): Promise<{ items: Customer[]; lastKey?: Item }> {
    const out = await queryFromCursor(this.db, {
      TableName: this.table,
      IndexName: index,
      KeyConditionExpression: '#h = :h',
      ExpressionAttributeNames: { '#h': hashAttr },
      ExpressionAttributeValues: { ':h': hashValue },
      Limit: limit,
      ExclusiveStartKey: start,
    });
    return { items: (out.Items ?? []).map(fromItem), lastKey: out.LastEvaluatedKey };
  }
}

function badCursor(): InvalidInputError {
  return new InvalidInputError([{ field: 'cursor', messages: ['cursor is not valid for this list'] }]);
}

/** A cursor's key must have exactly the index's key attributes, all strings. */
function checkStartKey(value: unknown, attributes: readonly string[]): Item {
  if (typeof value !== 'object' || value === null) throw badCursor();
  const key = value as Item;
  const names = Object.keys(key);
  if (names.length !== attributes.length || !attributes.every((a) => typeof key[a] === 'string')) throw badCursor();
  return key;
}

function toItem(customer: Customer): Item {
  const shard = listShardOf(customer.id);
  return {
    pk: customerPk(customer.id),
    sk: PROFILE_SK,
    entity: 'customer',
    ...customer,
    gsi1pk: listShardPk(shard),
    gsi1sk: customer.id,
    ...(customer.country ? { gsi2pk: countryPk(customer.country), gsi2sk: customer.id } : {}),
    ...(customer.region ? { gsi3pk: regionPk(customer.region), gsi3sk: customer.id } : {}),
  };
}

function fromItem(item: Item): Customer {
  const out: Record<string, unknown> = {
    id: item.id,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
  for (const field of PROFILE_FIELDS) if (item[field] !== undefined) out[field] = item[field];
  return out as unknown as Customer;
}
