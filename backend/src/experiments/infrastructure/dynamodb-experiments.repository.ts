import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { RoutedCallType } from '../../analysis/domain/analysis-type';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { storageConfig } from '../../config/app.config';
import { putIfAbsent } from '../../storage/put-if-absent';
import { queryFromCursor } from '../../storage/query';
import { EXPERIMENTS_INDEX } from '../../storage/table-definitions';
import type { Experiment, ExperimentStatus } from '../domain/experiment';
import { ExperimentAlreadyExistsError } from '../domain/experiment.errors';
import { Counters, sumCounters } from '../domain/experiment-aggregates';
import {
  AggregateTarget,
  ClaimSet,
  ExperimentEvent,
  ExperimentEventKind,
  ExperimentsRepository,
  PartitionRecord,
  RunningClaim,
  ServedPrediction,
  UnitMarker,
} from '../experiments.repository';

type Item = Record<string, unknown>;

const experimentPk = (key: string) => `EXPERIMENT#${key}`;
const CONFIG_SK = 'CONFIG';
const AGGREGATE_PREFIX = 'AGG#';
const pad2 = (shard: number) => String(shard).padStart(2, '0');
/** Generation 0 keeps the original key; later generations get a `#G<n>` suffix. */
const aggregateSk = (t: AggregateTarget) => `${AGGREGATE_PREFIX}${t.variantKey}#${pad2(t.shard)}${t.generation > 0 ? `#G${t.generation}` : ''}`;
const eventsGsiPk = (experimentKey: string, shard: number) => `EVENTS#${experimentKey}#${pad2(shard)}`;
const LIST_PK = 'EXPERIMENTS';
const claimPk = (analysisType: RoutedCallType) => `CLAIM#${analysisType}`;
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

  async getClaims(analysisType: RoutedCallType): Promise<ClaimSet> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: claimPk(analysisType), sk: CLAIM_SK }, ConsistentRead: true }),
    );
    if (!out.Item) return { claims: [], version: 0 };
    return { claims: JSON.parse(out.Item.claims as string) as RunningClaim[], version: out.Item.version as number };
  }

  async saveClaims(analysisType: RoutedCallType, claims: readonly RunningClaim[], expectedVersion: number): Promise<boolean> {
    const item = { pk: claimPk(analysisType), sk: CLAIM_SK, claims: JSON.stringify(claims), version: expectedVersion + 1 };
    return expectedVersion === 0
      ? this.putIfAbsent(item)
      : this.conditionalPut(item, 'attribute_exists(pk) AND #version = :expected', expectedVersion);
  }

  async putEventIfAbsent(event: ExperimentEvent, shard: number): Promise<boolean> {
    return this.putIfAbsent({
      pk: eventPk(event.analysisId),
      sk: eventSk(event.kind),
      gsi2pk: eventsGsiPk(event.experimentKey, shard),
      gsi2sk: `${event.occurredAt}#${event.analysisId}#${event.kind}`,
      ...event,
      payload: JSON.stringify(event.payload),
    });
  }

  async getEvent(analysisId: string, kind: ExperimentEventKind): Promise<ExperimentEvent | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: eventPk(analysisId), sk: eventSk(kind) }, ConsistentRead: true }),
    );
    return out.Item ? eventOf(out.Item) : undefined;
  }

  async markUnitExposed(marker: UnitMarker, shard: number): Promise<boolean> {
    return this.putIfAbsent({
      pk: unitPk(marker.experimentKey, marker.unitId),
      sk: UNIT_SK,
      kind: 'unit',
      gsi2pk: eventsGsiPk(marker.experimentKey, shard),
      gsi2sk: `${marker.firstExposedAt}#${marker.unitId}#unit`,
      ...marker,
    });
  }

  async addToAggregate(target: AggregateTarget, increment: Counters): Promise<void> {
    const entries = Object.entries(increment).filter(([name, value]) => COUNTER_NAME.test(name) && value !== 0);
    if (entries.length === 0) return;
    const names: Record<string, string> = { '#variant': 'variantKey', '#generation': 'generation' };
    const values: Record<string, unknown> = { ':variant': target.variantKey, ':generation': target.generation };
    const adds = entries.map(([name, value], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = value;
      return `#c${i} :c${i}`;
    });
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: experimentPk(target.experimentKey), sk: aggregateSk(target) },
        UpdateExpression: `SET #variant = :variant, #generation = :generation ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async putAggregate(target: AggregateTarget, counters: Counters): Promise<void> {
    const item: Item = { pk: experimentPk(target.experimentKey), sk: aggregateSk(target), variantKey: target.variantKey, generation: target.generation };
    for (const [name, value] of Object.entries(counters)) if (COUNTER_NAME.test(name) && value !== 0) item[name] = value;
    await this.db.send(new PutCommand({ TableName: this.table, Item: item }));
  }

  async readAggregates(experimentKey: string, generation: number): Promise<Map<string, Counters>> {
    const byVariant = new Map<string, Counters[]>();
    for (const item of await this.aggregateItems(experimentKey)) {
      const { pk: _pk, sk: _sk, variantKey, generation: itemGeneration, ...counters } = item;
      if (((itemGeneration as number | undefined) ?? 0) !== generation) continue;
      const list = byVariant.get(variantKey as string) ?? [];
      list.push(counters as Counters);
      byVariant.set(variantKey as string, list);
    }
    return new Map([...byVariant].map(([key, shards]) => [key, sumCounters(shards)]));
  }

  async deleteAggregates(experimentKey: string, matches: (generation: number) => boolean): Promise<number> {
    const doomed = (await this.aggregateItems(experimentKey)).filter((item) => matches((item.generation as number | undefined) ?? 0));
    for (const item of doomed) {
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: item.pk, sk: item.sk } }));
    }
    return doomed.length;
  }

  async *partitionRecords(experimentKey: string, shard: number): AsyncIterable<readonly PartitionRecord[]> {
    let start: Item | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: EXPERIMENTS_INDEX.byExperimentEvents,
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': eventsGsiPk(experimentKey, shard) },
          ExclusiveStartKey: start,
        }),
      );
      yield (out.Items ?? []).map(partitionRecordOf);
      start = out.LastEvaluatedKey;
    } while (start);
  }

  private async aggregateItems(experimentKey: string): Promise<Item[]> {
    const items: Item[] = [];
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
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
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

function eventOf(item: Item): ExperimentEvent {
  const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, payload, ...rest } = item;
  return { ...(rest as Omit<ExperimentEvent, 'payload'>), payload: JSON.parse(payload as string) as ExperimentEvent['payload'] };
}

function partitionRecordOf(item: Item): PartitionRecord {
  if (item.kind !== 'unit') return { type: 'event', event: eventOf(item) };
  const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, kind: _k, ...marker } = item;
  return { type: 'unit', marker: marker as unknown as UnitMarker };
}
