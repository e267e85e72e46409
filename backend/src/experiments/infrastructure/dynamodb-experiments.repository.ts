import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { AnalysisType } from '../../analysis/domain/analysis-type';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { storageConfig } from '../../config/app.config';
import { putIfAbsent } from '../../storage/put-if-absent';
import { queryFromCursor } from '../../storage/query';
import { EXPERIMENTS_INDEX } from '../../storage/table-definitions';
import type { Experiment, ExperimentStatus } from '../domain/experiment';
import { ExperimentAlreadyExistsError } from '../domain/experiment.errors';
import { Counters, sumCounters } from '../domain/experiment-aggregates';
import {
  ClaimSet,
  ExperimentEvent,
  ExperimentEventKind,
  ExperimentsRepository,
  RunningClaim,
  ServedPrediction,
} from '../experiments.repository';

type Item = Record<string, unknown>;

const experimentPk = (key: string) => `EXPERIMENT#${key}`;
const CONFIG_SK = 'CONFIG';
const AGGREGATE_PREFIX = 'AGG#';
const aggregateSk = (variantKey: string, shard: number) => `${AGGREGATE_PREFIX}${variantKey}#${String(shard).padStart(2, '0')}`;
const LIST_PK = 'EXPERIMENTS';
const claimPk = (analysisType: AnalysisType) => `CLAIM#${analysisType}`;
const CLAIM_SK = 'RUNNING';
const eventPk = (analysisId: string) => `EVENT#${analysisId}`;
const eventSk = (kind: ExperimentEventKind) => kind.toUpperCase();
const unitPk = (experimentKey: string, unitId: string) => `UNIT#${experimentKey}#${unitId}`;
const UNIT_SK = 'EXPOSED';
const predictionPk = (customerId: string) => `PREDICTION#${customerId}`;
const PREDICTION_SK = 'LATEST';
/** Counter attribute names are `[A-Za-z]+_[a-z]+` or `lh_<n>`, `units`, `requests`. */
const COUNTER_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** Experiments in their own table; layout in docs/data-model.md ("Table experiments"). */
@Injectable()
export class DynamoDbExperimentsRepository extends ExperimentsRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.experiments;
  }

  async create(experiment: Experiment): Promise<void> {
    if (!(await this.putIfAbsent(configItem(experiment)))) throw new ExperimentAlreadyExistsError(experiment.key);
  }

  async get(key: string): Promise<Experiment | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: experimentPk(key), sk: CONFIG_SK }, ConsistentRead: true }),
    );
    return out.Item ? (JSON.parse(out.Item.config as string) as Experiment) : undefined;
  }

  async save(experiment: Experiment, expectedVersion: number): Promise<boolean> {
    return this.conditionalPut(configItem(experiment), 'attribute_exists(pk) AND #version = :expected', expectedVersion);
  }

  async list(limit: number, cursor?: string, status?: ExperimentStatus): Promise<Page<Experiment>> {
    const out = await queryFromCursor(this.db, {
      TableName: this.table,
      IndexName: EXPERIMENTS_INDEX.byList,
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: status ? '#status = :status' : '#status <> :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': LIST_PK, ':status': status ?? 'archived' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor),
    });
    return {
      items: (out.Items ?? []).map((item) => JSON.parse(item.config as string) as Experiment),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  }

  async getClaims(analysisType: AnalysisType): Promise<ClaimSet> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: claimPk(analysisType), sk: CLAIM_SK }, ConsistentRead: true }),
    );
    if (!out.Item) return { claims: [], version: 0 };
    return { claims: JSON.parse(out.Item.claims as string) as RunningClaim[], version: out.Item.version as number };
  }

  async saveClaims(analysisType: AnalysisType, claims: readonly RunningClaim[], expectedVersion: number): Promise<boolean> {
    const item = { pk: claimPk(analysisType), sk: CLAIM_SK, claims: JSON.stringify(claims), version: expectedVersion + 1 };
    return expectedVersion === 0
      ? this.putIfAbsent(item)
      : this.conditionalPut(item, 'attribute_exists(pk) AND #version = :expected', expectedVersion);
  }

  async putEventIfAbsent(event: ExperimentEvent, shard: number): Promise<boolean> {
    return this.putIfAbsent({
      pk: eventPk(event.analysisId),
      sk: eventSk(event.kind),
      gsi2pk: `EVENTS#${event.experimentKey}#${String(shard).padStart(2, '0')}`,
      gsi2sk: `${event.occurredAt}#${event.analysisId}#${event.kind}`,
      ...event,
      payload: JSON.stringify(event.payload),
    });
  }

  async getEvent(analysisId: string, kind: ExperimentEventKind): Promise<ExperimentEvent | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: eventPk(analysisId), sk: eventSk(kind) }, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, payload, ...rest } = out.Item;
    return { ...(rest as Omit<ExperimentEvent, 'payload'>), payload: JSON.parse(payload as string) as ExperimentEvent['payload'] };
  }

  async markUnitExposed(experimentKey: string, unitId: string, variantKey: string, at: string, expiresAt: number): Promise<boolean> {
    return this.putIfAbsent({ pk: unitPk(experimentKey, unitId), sk: UNIT_SK, variantKey, firstExposedAt: at, expiresAt });
  }

  async addToAggregate(experimentKey: string, variantKey: string, shard: number, increment: Counters): Promise<void> {
    const entries = Object.entries(increment).filter(([name, value]) => COUNTER_NAME.test(name) && value !== 0);
    if (entries.length === 0) return;
    const names: Record<string, string> = { '#variant': 'variantKey' };
    const values: Record<string, unknown> = { ':variant': variantKey };
    const adds = entries.map(([name, value], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = value;
      return `#c${i} :c${i}`;
    });
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: experimentPk(experimentKey), sk: aggregateSk(variantKey, shard) },
        UpdateExpression: `SET #variant = :variant ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async readAggregates(experimentKey: string): Promise<Map<string, Counters>> {
    const byVariant = new Map<string, Counters[]>();
    let start: Item | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': experimentPk(experimentKey), ':prefix': AGGREGATE_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const { pk: _pk, sk: _sk, variantKey, ...counters } = item;
        const list = byVariant.get(variantKey as string) ?? [];
        list.push(counters as Counters);
        byVariant.set(variantKey as string, list);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return new Map([...byVariant].map(([key, shards]) => [key, sumCounters(shards)]));
  }

  async putServedPrediction(prediction: ServedPrediction): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { pk: predictionPk(prediction.customerId), sk: PREDICTION_SK, ...prediction } }),
    );
  }

  async getServedPrediction(customerId: string): Promise<ServedPrediction | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: predictionPk(customerId), sk: PREDICTION_SK }, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...prediction } = out.Item;
    return prediction as ServedPrediction;
  }

  private putIfAbsent(item: Item): Promise<boolean> {
    return putIfAbsent(this.db, this.table, item);
  }

  private async conditionalPut(item: Item, condition: string, expectedVersion: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
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
}

function configItem(experiment: Experiment): Item {
  return {
    pk: experimentPk(experiment.key),
    sk: CONFIG_SK,
    gsi1pk: LIST_PK,
    gsi1sk: `${experiment.createdAt}#${experiment.key}`,
    status: experiment.status,
    version: experiment.version,
    config: JSON.stringify(experiment),
  };
}
