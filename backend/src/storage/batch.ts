import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunkOf as chunk } from '../common/domain/collections';

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

const BATCH_WRITE_MAX = 25;
const BATCH_GET_MAX = 100;
const MAX_ROUNDS = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoffMs = (round: number) => Math.min(2000, 25 * 2 ** round);


/** Runs `worker` over `items` with at most `concurrency` calls in flight, in input order of start. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * BatchWriteItem over any number of requests: chunks of 25, unprocessed items re-sent with
 * exponential backoff. Each put/delete is idempotent, so a retried chunk is safe.
 *
 * @throws Error when items are still unprocessed after the retry budget.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
  concurrency = 8,
): Promise<void> {
  await mapWithConcurrency(chunk(requests, BATCH_WRITE_MAX), concurrency, async (batch) => {
    let pending: WriteRequest[] = batch;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchWriteItem: ${pending.length} items unprocessed on ${table}`);
      if (round > 0) await sleep(backoffMs(round));
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  });
}

/**
 * BatchGetItem over any number of keys (chunks of 100, unprocessed keys retried with backoff),
 * projecting `projection` attributes. Returns the items found, in no particular order.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Key[],
  projection?: string,
  concurrency = 8,
): Promise<Item[]> {
  const found: Item[] = [];
  await mapWithConcurrency(chunk(keys, BATCH_GET_MAX), concurrency, async (batch) => {
    let pending: Key[] = batch;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem: ${pending.length} keys unprocessed on ${table}`);
      if (round > 0) await sleep(backoffMs(round));
      const out = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ...(projection ? { ProjectionExpression: projection } : {}),
            },
          },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  });
  return found;
}
