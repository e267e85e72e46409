import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * Index names of the customers table. The table layout is documented in docs/data-model.md and
 * created from these definitions by the embedded launcher and (later) by infrastructure.
 */
export const CUSTOMERS_INDEX = {
  /** LSI: a customer's orders by UTC purchase time (`purchasedSk` = `<iso>#<orderId>`). */
  byPurchaseDate: 'byPurchaseDate',
  /** GSI: every customer, spread over `CUSTOMER_LIST_SHARDS` partitions (`gsi1pk`, `gsi1sk`). */
  byShard: 'byShard',
  /** GSI: customers by country (`gsi2pk` = `COUNTRY#<country>`, `gsi2sk` = id). */
  byCountry: 'byCountry',
  /** GSI: customers by region (`gsi3pk` = `REGION#<region>`, `gsi3sk` = id). */
  byRegion: 'byRegion',
  /** GSI (keys only): current segment memberships (`gsi4pk` = `SEGMENT#<scheme>#<segment>`, `gsi4sk` = id). */
  bySegment: 'bySegment',
} as const;

/** Name of the TTL attribute (epoch seconds) on every table. */
export const TTL_ATTRIBUTE = 'expiresAt';

const allProjected = { ProjectionType: 'ALL' as const };

/** The customers table: profiles, orders and derived items of a customer in one partition. */
export function customersTableDefinition(tableName: string): CreateTableCommandInput {
  const s = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const key = (hash: string, range: string) => [
    { AttributeName: hash, KeyType: 'HASH' as const },
    { AttributeName: range, KeyType: 'RANGE' as const },
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      s('pk'),
      s('sk'),
      s('purchasedSk'),
      s('gsi1pk'),
      s('gsi1sk'),
      s('gsi2pk'),
      s('gsi2sk'),
      s('gsi3pk'),
      s('gsi3sk'),
      s('gsi4pk'),
      s('gsi4sk'),
    ],
    KeySchema: key('pk', 'sk'),
    LocalSecondaryIndexes: [
      { IndexName: CUSTOMERS_INDEX.byPurchaseDate, KeySchema: key('pk', 'purchasedSk'), Projection: allProjected },
    ],
    GlobalSecondaryIndexes: [
      { IndexName: CUSTOMERS_INDEX.byShard, KeySchema: key('gsi1pk', 'gsi1sk'), Projection: allProjected },
      { IndexName: CUSTOMERS_INDEX.byCountry, KeySchema: key('gsi2pk', 'gsi2sk'), Projection: allProjected },
      { IndexName: CUSTOMERS_INDEX.byRegion, KeySchema: key('gsi3pk', 'gsi3sk'), Projection: allProjected },
      { IndexName: CUSTOMERS_INDEX.bySegment, KeySchema: key('gsi4pk', 'gsi4sk'), Projection: { ProjectionType: 'KEYS_ONLY' } },
    ],
  };
}

/** Index names of the experiments table (layout in docs/data-model.md). */
export const EXPERIMENTS_INDEX = {
  /** GSI: every experiment config newest first (`gsi1pk` = `EXPERIMENTS`, `gsi1sk` = `<createdAt>#<key>`). */
  byList: 'byList',
  /** GSI: raw events of an experiment for batch recomputes (`gsi2pk` = `EVENTS#<key>#<shard>`, `gsi2sk` = `<occurredAt>#<eventId>`). */
  byExperimentEvents: 'byExperimentEvents',
} as const;

/** The experiments table: configs, sharded aggregates, running claims, raw events (TTL) and prediction pointers. */
export function experimentsTableDefinition(tableName: string): CreateTableCommandInput {
  const s = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const key = (hash: string, range: string) => [
    { AttributeName: hash, KeyType: 'HASH' as const },
    { AttributeName: range, KeyType: 'RANGE' as const },
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [s('pk'), s('sk'), s('gsi1pk'), s('gsi1sk'), s('gsi2pk'), s('gsi2sk')],
    KeySchema: key('pk', 'sk'),
    GlobalSecondaryIndexes: [
      { IndexName: EXPERIMENTS_INDEX.byList, KeySchema: key('gsi1pk', 'gsi1sk'), Projection: allProjected },
      { IndexName: EXPERIMENTS_INDEX.byExperimentEvents, KeySchema: key('gsi2pk', 'gsi2sk'), Projection: allProjected },
    ],
  };
}

/** Experiments table name when a caller gives only the customers one: `...-customers` → `...-experiments`. */
export function defaultExperimentsTableName(customersTable: string): string {
  return customersTable.endsWith('customers') ? `${customersTable.slice(0, -'customers'.length)}experiments` : `${customersTable}-experiments`;
}

/** Every table of the product, keyed by its configuration name. */
export function allTableDefinitions(tables: { customers: string; experiments?: string }): CreateTableCommandInput[] {
  return [
    customersTableDefinition(tables.customers),
    experimentsTableDefinition(tables.experiments ?? defaultExperimentsTableName(tables.customers)),
  ];
}
