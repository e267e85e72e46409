import { DynamoDBDocumentClient, QueryCommand, QueryCommandInput, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../common/domain/domain.error';

/**
 * Query that starts from a client cursor: DynamoDB rejects a start key outside the key condition
 * (another partition, outside a date range) with ValidationException, which is the client's bad
 * cursor (400), not a server fault.
 */
export async function queryFromCursor(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<QueryCommandOutput> {
  try {
    return await db.send(new QueryCommand(input));
  } catch (err) {
    if (input.ExclusiveStartKey && (err as Error).name === 'ValidationException') {
      throw new InvalidInputError([{ field: 'cursor', messages: ['cursor does not belong to this list or filter'] }]);
    }
    throw err;
  }
}
