import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { storageConfig } from '../../config/app.config';
import { ConversationMemoryRepository, ConversationTurn, SessionKey } from '../conversation-memory.repository';

/** Partition of a session: `INSIGHTS#SESSION#<key name>#<session id>`. */
export const sessionPk = (session: SessionKey) => `INSIGHTS#SESSION#${session.keyName}#${session.sessionId}`;
export const TURN_SK_PREFIX = 'TURN#';
/** `TURN#<sequence, 10 digits>`: sorts by the turn's position in the session. */
export const turnSk = (sequence: number) => `${TURN_SK_PREFIX}${String(sequence).padStart(10, '0')}`;
const APPEND_ATTEMPTS = 5;

/**
 * Conversation memory in the customers table (docs/data-model.md): one partition per (API key name,
 * session id), one item per turn `TURN#<sequence>` (conditional put) with `expiresAt`; read newest first with a
 * Query (`ScanIndexForward=false`) filtering out expired items (TTL deletion is lazy). The turn
 * travels as one JSON attribute.
 */
@Injectable()
export class DynamoDbConversationMemoryRepository extends ConversationMemoryRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  async recent(session: SessionKey, limit: number, nowEpochSeconds: number): Promise<ConversationTurn[]> {
    if (limit <= 0) return [];
    const turns: ConversationTurn[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :turn)',
          FilterExpression: '#expiresAt > :now',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':pk': sessionPk(session), ':turn': TURN_SK_PREFIX, ':now': nowEpochSeconds },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) turns.push(JSON.parse(item.turnJson as string) as ConversationTurn);
      start = out.LastEvaluatedKey;
    } while (start && turns.length < limit);
    return turns.slice(0, limit).reverse();
  }

  async append(session: SessionKey, turn: ConversationTurn, expiresAt: number, nowEpochSeconds: number): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      const sequence = turn.sequence + attempt;
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: sessionPk(session), sk: turnSk(sequence), entity: 'insights-turn', turnJson: JSON.stringify({ ...turn, sequence }), expiresAt },
            ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt <= :now',
            ExpressionAttributeNames: { '#expiresAt': 'expiresAt' },
            ExpressionAttributeValues: { ':now': nowEpochSeconds },
          }),
        );
        return sequence;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException) || attempt + 1 >= APPEND_ATTEMPTS) throw err;
      }
    }
  }
}
