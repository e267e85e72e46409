import {
  CreateTableCommand,
  CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TTL_ATTRIBUTE } from './table-definitions';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates each table that does not exist yet and waits until it is ACTIVE; enables TTL on
 * `expiresAt` where the endpoint supports it. Used in embedded and endpoint modes only:
 * in AWS mode the tables belong to infrastructure.
 */
export async function ensureTables(client: DynamoDBClient, definitions: readonly CreateTableCommandInput[]): Promise<void> {
  for (const definition of definitions) {
    const name = definition.TableName as string;
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
      continue;
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    for (let attempt = 0; attempt < 100; attempt++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      if (Table?.TableStatus === 'ACTIVE') break;
      await sleep(100);
    }
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
