import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InvalidInputError } from '../../common/domain/domain.error';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { storageConfig } from '../../config/app.config';
import { queryFromCursor } from '../../storage/query';
import type { RfmKMeansModel } from '../kmeans/rfm-kmeans';
import { KMeansModelsRepository, StoredKMeansModel } from '../kmeans-models.repository';
import { nextCounterValue } from './dynamodb-segmentation.repository';
import { KMEANS_ACTIVE_SK, KMEANS_MODEL_SK_PREFIX, KMEANS_PK, kmeansModelSk, SEQUENCE_SK } from './segment-keys';

type Item = Record<string, unknown>;

/** Model versions `KMEANS` / `MODEL#<version>` (one small partition), pointer `KMEANS` / `ACTIVE`. */
@Injectable()
export class DynamoDbKMeansModelsRepository extends KMeansModelsRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  nextVersion(): Promise<number> {
    return nextCounterValue(this.db, this.table, { pk: KMEANS_PK, sk: SEQUENCE_SK });
  }

  async put(stored: StoredKMeansModel): Promise<void> {
    const m = stored.model;
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: KMEANS_PK,
          sk: kmeansModelSk(stored.version),
          entity: 'kmeans-model',
          version: stored.version,
          createdAt: stored.createdAt,
          asOf: stored.asOf,
          k: m.k,
          seed: m.seed,
          nInit: m.nInit,
          trainedOn: m.trainedOn,
          modelJson: JSON.stringify(m),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(version: number): Promise<StoredKMeansModel | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: KMEANS_PK, sk: kmeansModelSk(version) }, ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async list(limit: number, cursor?: string): Promise<Page<StoredKMeansModel>> {
    const position = decodeCursor(cursor);
    let start: Item | undefined;
    if (position) {
      const k = position.k as Item | undefined;
      if (!k || k.pk !== KMEANS_PK || typeof k.sk !== 'string' || !k.sk.startsWith(KMEANS_MODEL_SK_PREFIX) || Object.keys(k).length !== 2) {
        throw new InvalidInputError([{ field: 'cursor', messages: ['cursor is not valid for this list'] }]);
      }
      start = k;
    }
    const out = await queryFromCursor(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': KMEANS_PK, ':prefix': KMEANS_MODEL_SK_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    });
    return {
      items: (out.Items ?? []).map(fromItem),
      nextCursor: encodeCursor(out.LastEvaluatedKey ? { k: out.LastEvaluatedKey } : undefined),
    };
  }

  async activeVersion(): Promise<number | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: KMEANS_PK, sk: KMEANS_ACTIVE_SK }, ConsistentRead: true }));
    return out.Item ? (out.Item.version as number) : undefined;
  }

  async activate(version: number): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: KMEANS_PK, sk: KMEANS_ACTIVE_SK, version } }));
  }
}

function fromItem(item: Item): StoredKMeansModel {
  return {
    version: item.version as number,
    createdAt: item.createdAt as string,
    asOf: item.asOf as string,
    model: JSON.parse(item.modelJson as string) as RfmKMeansModel,
  };
}
