import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, QueryCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InvalidInputError } from '../../common/domain/domain.error';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { storageConfig } from '../../config/app.config';
import { customerPk } from '../../customers/infrastructure/customer-keys';
import { mapWithConcurrency } from '../../storage/batch';
import { queryFromCursor } from '../../storage/query';
import { AnalysisRepository, CostIncrement, StoredAnalysis } from '../analysis.repository';
import { AnalysisType } from '../domain/analysis-type';
import { CostAggregate } from '../domain/cost-aggregation';

type Item = Record<string, unknown>;

export const ANALYSIS_CACHE_SK_PREFIX = 'ANALYSIS#CACHE#';
export const ANALYSIS_HISTORY_SK_PREFIX = 'ANALYSIS#HIST#';
export const cacheSk = (type: AnalysisType, inputHash: string) => `${ANALYSIS_CACHE_SK_PREFIX}${type}#${inputHash}`;
/** Digits of the history sequence in the sort key (zero-padded so that string order is numeric order). */
export const HISTORY_SEQUENCE_DIGITS = 12;
/**
 * History sort key `ANALYSIS#HIST#<generatedAt ISO>#<sequence>#<analysisId>`: the ISO instant orders by
 * time, the per-process sequence orders analyses of the same millisecond (concurrent parts of one
 * request, or a fixed clock) by the order they were appended, and the id keeps keys unique across
 * processes.
 */
export const historySk = (generatedAt: string, sequence: number, analysisId: string) =>
  `${ANALYSIS_HISTORY_SK_PREFIX}${generatedAt}#${String(sequence).padStart(HISTORY_SEQUENCE_DIGITS, '0')}#${analysisId}`;

/** Strictly increasing integers from 1, shared by every repository instance of the process. */
export class MonotonicSequence {
  private last = 0;

  next(): number {
    this.last += 1;
    return this.last;
  }
}

const historySequence = new MonotonicSequence();
export const costsPk = (day: string) => `COSTS#${day}`;
export const costsSk = (modelId: string, analysisType: string) => `${modelId}#${analysisType}`;

/**
 * Analyses in the customers table (docs/data-model.md): cache `CUSTOMER#<id>` /
 * `ANALYSIS#CACHE#<type>#<inputHash>` and history {@link historySk} in the
 * customer's partition (so deleting the customer deletes them), each with `expiresAt`; cost aggregates
 * `COSTS#<day>` / `<modelId>#<analysisType>` updated with atomic `ADD`. The analysis travels as one
 * JSON attribute (`analysisJson`): nothing filters inside it.
 */
@Injectable()
export class DynamoDbAnalysisRepository extends AnalysisRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  async findCached(customerId: string, type: AnalysisType, inputHash: string, nowEpochSeconds: number): Promise<StoredAnalysis | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: customerPk(customerId), sk: cacheSk(type, inputHash) } }));
    const item = out.Item;
    if (!item || typeof item.expiresAt !== 'number' || item.expiresAt <= nowEpochSeconds) return undefined;
    return fromItem(item);
  }

  async putCached(analysis: StoredAnalysis, expiresAt: number): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: toItem(analysis, cacheSk(analysis.analysisType, analysis.inputHash), expiresAt) }),
    );
  }

  async appendHistory(analysis: StoredAnalysis, expiresAt: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: toItem(analysis, historySk(analysis.generatedAt, historySequence.next(), analysis.analysisId), expiresAt),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async listHistory(customerId: string, limit: number, nowEpochSeconds: number, cursor?: string): Promise<Page<StoredAnalysis>> {
    const pk = customerPk(customerId);
    const position = decodeCursor(cursor);
    const start = position ? checkStartKey(position.k, pk) : undefined;
    const out = await queryFromCursor(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': ANALYSIS_HISTORY_SK_PREFIX, ':now': nowEpochSeconds },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    });
    return {
      items: (out.Items ?? []).map(fromItem),
      nextCursor: encodeCursor(out.LastEvaluatedKey ? { k: out.LastEvaluatedKey } : undefined),
    };
  }

  async addCost(increment: CostIncrement): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: costsPk(increment.day), sk: costsSk(increment.modelId, increment.analysisType) },
        UpdateExpression:
          'ADD calls :calls, inputTokens :in, outputTokens :out, costMicroUsd :cost, fallbacks :fallbacks SET #day = :day, modelId = :model, analysisType = :type',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: {
          ':calls': increment.calls,
          ':in': increment.inputTokens,
          ':out': increment.outputTokens,
          ':cost': increment.costMicroUsd,
          ':fallbacks': increment.fallbacks,
          ':day': increment.day,
          ':model': increment.modelId,
          ':type': increment.analysisType,
        },
      }),
    );
  }

  async listCosts(days: readonly string[]): Promise<CostAggregate[]> {
    const perDay = await mapWithConcurrency(days, 8, async (day) => {
      const rows: CostAggregate[] = [];
      let start: Item | undefined;
      do {
        const out: QueryCommandOutput = await this.db.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': costsPk(day) },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) rows.push(costFromItem(item, day));
        start = out.LastEvaluatedKey;
      } while (start);
      return rows;
    });
    return perDay.flat();
  }
}

function toItem(analysis: StoredAnalysis, sk: string, expiresAt: number): Item {
  return {
    pk: customerPk(analysis.customerId),
    sk,
    analysisId: analysis.analysisId,
    analysisType: analysis.analysisType,
    inputHash: analysis.inputHash,
    generatedAt: analysis.generatedAt,
    expiresAt,
    analysisJson: JSON.stringify(analysis),
  };
}

function fromItem(item: Item): StoredAnalysis {
  return JSON.parse(item.analysisJson as string) as StoredAnalysis;
}

const num = (value: unknown) => (typeof value === 'number' ? value : 0);

function costFromItem(item: Item, day: string): CostAggregate {
  return {
    day,
    modelId: item.modelId as string,
    analysisType: item.analysisType as string,
    calls: num(item.calls),
    inputTokens: num(item.inputTokens),
    outputTokens: num(item.outputTokens),
    costMicroUsd: num(item.costMicroUsd),
    fallbacks: num(item.fallbacks),
  };
}

/** A cursor must be a key of this customer's history. */
function checkStartKey(value: unknown, pk: string): Item {
  const key = value as Item | null;
  if (
    typeof key === 'object' &&
    key !== null &&
    key.pk === pk &&
    typeof key.sk === 'string' &&
    key.sk.startsWith(ANALYSIS_HISTORY_SK_PREFIX) &&
    Object.keys(key).length === 2
  ) {
    return key;
  }
  throw new InvalidInputError([{ field: 'cursor', messages: ['cursor is not valid for this list'] }]);
}
