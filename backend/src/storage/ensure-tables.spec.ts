import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDynamoDb, startEmbeddedDynamoDb } from './embedded-dynamodb';
import { ensureTables, REBUILD_SUFFIX, TableMigrationError } from './ensure-tables';
import { CUSTOMERS_INDEX, customersTableDefinition } from './table-definitions';

const TABLE = 'old-customers';

function clientOf(db: EmbeddedDynamoDb): DynamoDBClient {
  return new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** The customers table as defined before the `bySegment` index existed. */
function oldDefinition() {
  const current = customersTableDefinition(TABLE);
  return {
    ...current,
    AttributeDefinitions: current.AttributeDefinitions?.filter((a) => a.AttributeName !== 'gsi4pk' && a.AttributeName !== 'gsi4sk'),
    GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter((i) => i.IndexName !== CUSTOMERS_INDEX.bySegment),
  };
}

describe('ensureTables on an existing embedded store', () => {
  let dir: string;
  let db: EmbeddedDynamoDb | undefined;
  let client: DynamoDBClient | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ensure-tables-'));
  });
  afterEach(async () => {
    client?.destroy();
    await db?.close();
    client = undefined;
    db = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<DynamoDBClient> {
    client?.destroy();
    await db?.close();
    db = await startEmbeddedDynamoDb(dir);
    client = clientOf(db);
    return client;
  }

  it('adds a global index missing from a table created from an older definition, keeping every item', async () => {
    let c = await open();
    await c.send(new CreateTableCommand(oldDefinition()));
    while ((await c.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableStatus !== 'ACTIVE') await new Promise((r) => setTimeout(r, 10));
    await c.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'CUSTOMER#1' }, sk: { S: 'PROFILE' }, gsi1pk: { S: 'CUSTOMERS#01' }, gsi1sk: { S: '1' } } }));
    await c.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: 'CUSTOMER#1' }, sk: { S: 'SEGMENT#CURRENT#rfm' }, gsi4pk: { S: 'SEGMENT#rfm#champions' }, gsi4sk: { S: '1' } },
      }),
    );
    c = await open();

    await ensureTables(c, [customersTableDefinition(TABLE)]);

    const { Table } = await c.send(new DescribeTableCommand({ TableName: TABLE }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['byCountry', 'byRegion', 'bySegment', 'byShard']);
    expect(Table?.LocalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byPurchaseDate']);
    const bySegment = await c.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: CUSTOMERS_INDEX.bySegment,
        KeyConditionExpression: 'gsi4pk = :h',
        ExpressionAttributeValues: { ':h': { S: 'SEGMENT#rfm#champions' } },
      }),
    );
    expect(bySegment.Items?.map((i) => i.gsi4sk.S)).toEqual(['1']);
    expect((await c.send(new ScanCommand({ TableName: TABLE }))).Count).toBe(2);
    const byShard = await c.send(
      new QueryCommand({ TableName: TABLE, IndexName: CUSTOMERS_INDEX.byShard, KeyConditionExpression: 'gsi1pk = :h', ExpressionAttributeValues: { ':h': { S: 'CUSTOMERS#01' } } }),
    );
    expect(byShard.Count).toBe(1);
    expect((await c.send(new ListTablesCommand({}))).TableNames).toEqual([TABLE]);

    await ensureTables(c, [customersTableDefinition(TABLE)]);
    expect((await c.send(new ScanCommand({ TableName: TABLE }))).Count).toBe(2);
  });

  it('finishes a rebuild interrupted after the table was deleted, from its backup table', async () => {
    const c = await open();
    await c.send(
      new CreateTableCommand({
        TableName: `${TABLE}${REBUILD_SUFFIX}`,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    while ((await c.send(new DescribeTableCommand({ TableName: `${TABLE}${REBUILD_SUFFIX}` }))).Table?.TableStatus !== 'ACTIVE') {
      await new Promise((r) => setTimeout(r, 10));
    }
    await c.send(
      new PutItemCommand({
        TableName: `${TABLE}${REBUILD_SUFFIX}`,
        Item: { pk: { S: 'CUSTOMER#2' }, sk: { S: 'SEGMENT#CURRENT#lifecycle' }, gsi4pk: { S: 'SEGMENT#lifecycle#lost' }, gsi4sk: { S: '2' } },
      }),
    );

    await ensureTables(c, [customersTableDefinition(TABLE)]);

    expect((await c.send(new ListTablesCommand({}))).TableNames).toEqual([TABLE]);
    const found = await c.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: CUSTOMERS_INDEX.bySegment,
        KeyConditionExpression: 'gsi4pk = :h',
        ExpressionAttributeValues: { ':h': { S: 'SEGMENT#lifecycle#lost' } },
      }),
    );
    expect(found.Count).toBe(1);
  });

  it('stops with a message naming the table when the key schema differs', async () => {
    const c = await open();
    await c.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    const attempt = ensureTables(c, [customersTableDefinition(TABLE)]);
    await expect(attempt).rejects.toBeInstanceOf(TableMigrationError);
    await expect(ensureTables(c, [customersTableDefinition(TABLE)])).rejects.toThrow(/Table old-customers .*key schema.*Delete the local data folder/s);
  });
});
