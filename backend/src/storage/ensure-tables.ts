import {
  AttributeDefinition,
  BatchWriteItemCommand,
  CreateTableCommand,
  CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GlobalSecondaryIndex,
  ResourceInUseException,
  ResourceNotFoundException,
  ScanCommand,
  TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  WriteRequest,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { TTL_ATTRIBUTE } from './table-definitions';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Suffix of the backup table used while an emulator table is rebuilt with new indexes. */
export const REBUILD_SUFFIX = '--rebuild-backup';

/** A stored table that cannot be brought to its definition; start-up stops with this message. */
export class TableMigrationError extends Error {
  constructor(table: string, reason: string) {
    super(
      `Table ${table} does not match its definition (${reason}) and could not be migrated. ` +
        'Delete the local data folder (DATA_DIR, default backend/.data) and start again to recreate the tables.',
    );
    this.name = 'TableMigrationError';
  }
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

async function waitActive(client: DynamoDBClient, name: string, indexName?: string): Promise<TableDescription | undefined> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const table = await describe(client, name);
    const index = indexName ? table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName) : undefined;
    if (table?.TableStatus === 'ACTIVE' && (!indexName || index?.IndexStatus === 'ACTIVE')) return table;
    if (indexName && table?.TableStatus === 'ACTIVE' && !index) return table;
    await sleep(100);
  }
  return describe(client, name);
}

async function createTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await waitActive(client, definition.TableName as string);
}

async function deleteTable(client: DynamoDBClient, name: string): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: name }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  for (let attempt = 0; attempt < 300 && (await describe(client, name)); attempt++) await sleep(100);
}

/** Copies every item of `from` into `to` (idempotent puts). */
async function copyItems(client: DynamoDBClient, from: string, to: string): Promise<void> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: from, ExclusiveStartKey: start }));
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let pending: WriteRequest[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; pending.length > 0; round++) {
        if (round >= 12) throw new Error(`BatchWriteItem: ${pending.length} items unprocessed on ${to}`);
        if (round > 0) await sleep(Math.min(2000, 25 * 2 ** round));
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [to]: pending } }));
        pending = out.UnprocessedItems?.[to] ?? [];
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * Rebuilds an emulator table with its full definition, for emulators that cannot add an index
 * (dynalite ignores `GlobalSecondaryIndexUpdates.Create`): items → backup table → table recreated
 * → items copied back → backup deleted. An interrupted rebuild is finished on the next start.
 */
async function rebuild(client: DynamoDBClient, definition: CreateTableCommandInput, existing: TableDescription | undefined): Promise<void> {
  const name = definition.TableName as string;
  const backup = `${name}${REBUILD_SUFFIX}`;
  if (existing) {
    await deleteTable(client, backup);
    await createTable(client, {
      TableName: backup,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: existing.AttributeDefinitions?.filter((a) => existing.KeySchema?.some((k) => k.AttributeName === a.AttributeName)),
      KeySchema: existing.KeySchema,
    });
    await copyItems(client, name, backup);
    await deleteTable(client, name);
  }
  await createTable(client, definition);
  await copyItems(client, backup, name);
  await deleteTable(client, backup);
}

function missingIndexes(definition: CreateTableCommandInput, table: TableDescription): GlobalSecondaryIndex[] {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  return (definition.GlobalSecondaryIndexes ?? []).filter((i) => !present.has(i.IndexName));
}

/** What cannot be fixed by adding global indexes: a changed key, an attribute type or a missing local index. */
function unfixableDifference(definition: CreateTableCommandInput, table: TableDescription): string | null {
  const keyOf = (k: { AttributeName?: string; KeyType?: string }[] | undefined) => (k ?? []).map((x) => `${x.AttributeName}:${x.KeyType}`).join(',');
  if (keyOf(definition.KeySchema) !== keyOf(table.KeySchema)) return 'its key schema differs';
  const types = new Map((table.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
  for (const a of definition.AttributeDefinitions ?? []) {
    const stored = types.get(a.AttributeName);
    if (stored !== undefined && stored !== a.AttributeType) return `attribute ${a.AttributeName} is ${stored}, expected ${a.AttributeType}`;
  }
  const lsis = new Set((table.LocalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = (definition.LocalSecondaryIndexes ?? []).filter((i) => !lsis.has(i.IndexName));
  return missing.length > 0 ? `local index ${missing.map((i) => i.IndexName).join(', ')} is missing` : null;
}

/** Adds one global index with UpdateTable; true when the endpoint created it (ACTIVE). */
async function addIndex(client: DynamoDBClient, definition: CreateTableCommandInput, index: GlobalSecondaryIndex): Promise<boolean> {
  const name = definition.TableName as string;
  const keyNames = new Set((index.KeySchema ?? []).map((k) => k.AttributeName));
  const attributes: AttributeDefinition[] = (definition.AttributeDefinitions ?? []).filter((a) => keyNames.has(a.AttributeName));
  const send = (throughput: boolean) =>
    client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributes,
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.IndexName,
              KeySchema: index.KeySchema,
              Projection: index.Projection,
              ...(throughput ? { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } : {}),
            },
          },
        ],
      }),
    );
  try {
    await send(false);
  } catch (err) {
    // Some emulators (dynalite) insist on a throughput even for on-demand tables.
    if (!(err instanceof Error) || !/provisionedThroughput/i.test(err.message)) return false;
    try {
      await send(true);
    } catch {
      return false;
    }
  }
  const table = await waitActive(client, name, index.IndexName);
  return table?.GlobalSecondaryIndexes?.some((i) => i.IndexName === index.IndexName && i.IndexStatus === 'ACTIVE') ?? false;
}

/**
 * Brings an existing table to its definition: adds each missing global index with UpdateTable
 * (one at a time, waiting for ACTIVE); when the endpoint ignores or refuses that (dynalite does),
 * rebuilds the table through a backup table. Tables whose key, attribute types or local indexes
 * differ cannot be migrated.
 *
 * @throws TableMigrationError naming the table and telling to delete the data folder.
 */
async function migrate(client: DynamoDBClient, definition: CreateTableCommandInput, table: TableDescription): Promise<void> {
  const name = definition.TableName as string;
  const unfixable = unfixableDifference(definition, table);
  if (unfixable) throw new TableMigrationError(name, unfixable);
  const missing = missingIndexes(definition, table);
  for (const index of missing) {
    if (await addIndex(client, definition, index)) continue;
    try {
      await rebuild(client, definition, await describe(client, name));
    } catch (err) {
      throw new TableMigrationError(name, `global index ${index.IndexName} is missing; ${(err as Error).message}`);
    }
    return;
  }
}

/**
 * Creates each table that does not exist yet and waits until it is ACTIVE; brings existing tables
 * created from an older definition up to date (missing global indexes added, see `migrate`);
 * enables TTL on `expiresAt` where the endpoint supports it. Used in embedded and endpoint modes
 * only: in AWS mode the tables belong to infrastructure and this is never called.
 *
 * @throws TableMigrationError when a stored table cannot be brought to its definition.
 */
export async function ensureTables(client: DynamoDBClient, definitions: readonly CreateTableCommandInput[]): Promise<void> {
  for (const definition of definitions) {
    const name = definition.TableName as string;
    const existing = await describe(client, name);
    const interrupted = await describe(client, `${name}${REBUILD_SUFFIX}`);
    if (interrupted) {
      try {
        await rebuild(client, definition, existing && missingIndexes(definition, existing).length === 0 ? undefined : existing);
      } catch (err) {
        throw new TableMigrationError(name, `an interrupted rebuild could not be finished: ${(err as Error).message}`);
      }
      continue;
    }
    if (existing) {
      await migrate(client, definition, existing);
      continue;
    }
    await createTable(client, definition);
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        }),
      );
    } catch {
      // dynalite has no TTL API; reads filter expired items anyway (docs/data-model.md).
    }
  }
}
