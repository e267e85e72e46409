import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, QueryCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { storageConfig } from '../../config/app.config';
import { PROFILE_SK } from '../../customers/infrastructure/customer-keys';
import { batchGetAll, batchWriteAll, mapWithConcurrency } from '../../storage/batch';
import type { SegmentScheme } from '../domain/segment-schemes';
import {
  RunChunk,
  RunHistoryEntry,
  RunMembership,
  SegmentAssignmentsRepository,
  SegmentationJob,
  SegmentationJobsRepository,
  SegmentHistoryEntry,
  SegmentMembership,
  SegmentRun,
  SegmentRunsRepository,
} from '../segmentation.repository';
import {
  CHUNK_SK_PREFIX,
  chunkSk,
  CUSTOMER_PK_PREFIX,
  customerPk,
  HISTORY_SK_PREFIX,
  historySk,
  JOB_SK,
  jobPk,
  LATEST_RUN_SK,
  MEMBERSHIP_SK_PREFIX,
  membershipSk,
  RUN_SK,
  runPk,
  segmentIndexPk,
  SEGMENTATION_PK,
  SEGMENT_SK_PREFIX,
  SEQUENCE_SK,
} from './segment-keys';

type Item = Record<string, unknown>;

/** Every page of a query. */
async function queryAll(db: DynamoDBDocumentClient, input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out: QueryCommandOutput = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Atomic counter item: `ADD #value :one`, returns the new value. */
export async function nextCounterValue(db: DynamoDBDocumentClient, table: string, key: Item): Promise<number> {
  const out = await db.send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: 'ADD #value :one',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return out.Attributes?.value as number;
}

/**
 * A history item: segments and (batch) figures as JSON strings, customer id and nulls left out
 * (the key holds the id), which keeps the per-customer item of a batch run small.
 */
function historyItem(entry: RunHistoryEntry): Item {
  return {
    pk: customerPk(entry.customerId),
    sk: historySk(entry.sequence, entry.source),
    sequence: entry.sequence,
    source: entry.source,
    ...(entry.runId !== null ? { runId: entry.runId } : {}),
    recordedAt: entry.recordedAt,
    ...(entry.asOf !== null ? { asOf: entry.asOf } : {}),
    segmentsJson: JSON.stringify(entry.segments),
    ...(entry.details ? { detailsJson: JSON.stringify(entry.details) } : {}),
    ...(entry.previous ? { previousJson: JSON.stringify(entry.previous) } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.attempt ? { attempt: entry.attempt } : {}),
  };
}

const customerIdOf = (item: Item) => (item.customerId as string | undefined) ?? (item.pk as string).slice(CUSTOMER_PK_PREFIX.length);
const parsed = <T>(json: unknown, fallback: T): T => (typeof json === 'string' ? (JSON.parse(json) as T) : fallback);

/** Reads both layouts: the compact one and the earlier one (`customerId`, `segments` and `previous` maps). */
function historyOf(item: Item): RunHistoryEntry {
  const previous = parsed(item.previousJson, item.previous as SegmentHistoryEntry['previous']);
  const details = parsed<RunHistoryEntry['details']>(item.detailsJson, undefined);
  return {
    customerId: customerIdOf(item),
    sequence: item.sequence as number,
    source: item.source as SegmentHistoryEntry['source'],
    runId: (item.runId as string | null | undefined) ?? null,
    recordedAt: item.recordedAt as string,
    asOf: (item.asOf as string | null | undefined) ?? null,
    segments: parsed(item.segmentsJson, item.segments as SegmentHistoryEntry['segments']),
    ...(previous ? { previous } : {}),
    ...(item.reason ? { reason: item.reason as string } : {}),
    ...(item.attempt ? { attempt: item.attempt as number } : {}),
    ...(details ? { details } : {}),
  };
}

/** The public history entry (without the batch figures). */
function publicEntry(entry: RunHistoryEntry): SegmentHistoryEntry {
  const { details: _details, ...rest } = entry;
  return rest;
}

/**
 * Memberships `CUSTOMER#<id>` / `SEGMENT#CURRENT#<scheme>` (GSI `bySegment`: `gsi4pk` =
 * `SEGMENT#<scheme>#<segment>`, `gsi4sk` = id) and history `SEGMENT#HIST#<sequence>#<source>`.
 * Batch memberships are compact (segment, source, run and time of assignment); their figures are
 * on the batch history entries.
 */
@Injectable()
export class DynamoDbSegmentAssignmentsRepository extends SegmentAssignmentsRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  async putMemberships(memberships: readonly SegmentMembership[]): Promise<void> {
    await batchWriteAll(
      this.db,
      this.table,
      memberships.map((m) => ({
        PutRequest: {
          Item: {
            pk: customerPk(m.customerId),
            sk: membershipSk(m.scheme),
            segment: m.segment,
            source: m.source,
            runId: m.runId,
            assignedAt: m.assignedAt,
            asOf: m.asOf,
            detailsJson: JSON.stringify(m.details),
            reason: m.reason,
            gsi4pk: segmentIndexPk(m.scheme, m.segment),
            gsi4sk: m.customerId,
          },
        },
      })),
      16,
    );
  }

  async putRunMemberships(runId: string, assignedAt: string, memberships: readonly RunMembership[]): Promise<void> {
    await batchWriteAll(
      this.db,
      this.table,
      memberships.map((m) => ({
        PutRequest: {
          Item: {
            pk: customerPk(m.customerId),
            sk: membershipSk(m.scheme),
            segment: m.segment,
            source: 'batch',
            runId,
            assignedAt,
            gsi4pk: segmentIndexPk(m.scheme, m.segment),
            gsi4sk: m.customerId,
          },
        },
      })),
      16,
    );
  }

  async putRunHistory(entries: readonly RunHistoryEntry[], conditional: boolean): Promise<{ written: string[]; alreadyWritten: string[] }> {
    if (!conditional) {
      await batchWriteAll(this.db, this.table, entries.map((e) => ({ PutRequest: { Item: historyItem(e) } })), 16);
      return { written: entries.map((e) => e.customerId), alreadyWritten: [] };
    }
    const written: string[] = [];
    const alreadyWritten: string[] = [];
    await mapWithConcurrency(entries, 32, async (entry) => {
      try {
        await this.db.send(new PutCommand({ TableName: this.table, Item: historyItem(entry), ConditionExpression: 'attribute_not_exists(pk)' }));
        written.push(entry.customerId);
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        alreadyWritten.push(entry.customerId);
      }
    });
    return { written, alreadyWritten };
  }

  async appendHistory(entry: SegmentHistoryEntry): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: historyItem(entry), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async current(customerId: string): Promise<SegmentMembership[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': MEMBERSHIP_SK_PREFIX },
      ConsistentRead: true,
    });
    const latestRun = items.some((item) => item.source === 'batch') ? await this.latestBatchEntry(customerId) : undefined;
    return items.map((item): SegmentMembership => {
      const scheme = ((item.scheme as string | undefined) ?? (item.sk as string).slice(MEMBERSHIP_SK_PREFIX.length)) as SegmentScheme;
      const segment = item.segment as string;
      const own = parsed<Record<string, unknown>>(item.detailsJson, {});
      const base = {
        customerId: customerIdOf(item),
        scheme,
        segment,
        source: item.source as SegmentMembership['source'],
        ...(item.reason ? { reason: item.reason as string } : {}),
      };
      if (item.source === 'batch' && latestRun && latestRun.segments[scheme] === segment) {
        return {
          ...base,
          runId: latestRun.runId,
          assignedAt: latestRun.recordedAt,
          asOf: latestRun.asOf,
          details: latestRun.details?.[scheme] ?? own,
          since: item.assignedAt as string,
        };
      }
      return {
        ...base,
        runId: (item.runId as string | null | undefined) ?? null,
        assignedAt: item.assignedAt as string,
        asOf: (item.asOf as string | null | undefined) ?? null,
        details: own,
        ...(item.source === 'batch' ? { since: item.assignedAt as string } : {}),
      };
    });
  }

  /** The newest history entry written by a batch run. */
  private async latestBatchEntry(customerId: string): Promise<RunHistoryEntry | undefined> {
    let start: Item | undefined;
    do {
      const out: QueryCommandOutput = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: '#source = :batch',
          ExpressionAttributeNames: { '#source': 'source' },
          ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': HISTORY_SK_PREFIX, ':batch': 'batch' },
          ScanIndexForward: false,
          Limit: 10,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      const found = out.Items?.[0];
      if (found) return historyOf(found);
      start = out.LastEvaluatedKey;
    } while (start);
    return undefined;
  }

  async history(customerId: string, limit: number): Promise<SegmentHistoryEntry[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': HISTORY_SK_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((item) => publicEntry(historyOf(item)));
  }

  async removeVanished(customerIds: readonly string[]): Promise<string[]> {
    const found = await batchGetAll(
      this.db,
      this.table,
      customerIds.map((id) => ({ pk: customerPk(id), sk: PROFILE_SK })),
      'pk',
    );
    const present = new Set(found.map((item) => item.pk as string));
    const vanished = customerIds.filter((id) => !present.has(customerPk(id)));
    await mapWithConcurrency(vanished, 8, async (id) => {
      const keys = await queryAll(this.db, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': customerPk(id), ':prefix': SEGMENT_SK_PREFIX },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      });
      await batchWriteAll(this.db, this.table, keys.map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } })));
    });
    return vanished;
  }
}

/** Runs `SEGRUN#<runId>` / `RUN` and `CHUNK#<n>`; pointer and sequence under `SEGRUN`. */
@Injectable()
export class DynamoDbSegmentRunsRepository extends SegmentRunsRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  nextSequence(): Promise<number> {
    return nextCounterValue(this.db, this.table, { pk: SEGMENTATION_PK, sk: SEQUENCE_SK });
  }

  async putChunk(runId: string, chunk: RunChunk): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: runPk(runId), sk: chunkSk(chunk.index), entity: 'segment-run-chunk', index: chunk.index, dataJson: JSON.stringify(chunk) },
      }),
    );
  }

  async chunks(runId: string): Promise<RunChunk[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': runPk(runId), ':prefix': CHUNK_SK_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => JSON.parse(item.dataJson as string) as RunChunk);
  }

  async putRun(run: SegmentRun): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: runPk(run.runId),
          sk: RUN_SK,
          entity: 'segment-run',
          runId: run.runId,
          sequence: run.sequence,
          scope: run.scope,
          asOf: run.asOf,
          finishedAt: run.finishedAt,
          customers: run.customers,
          dataJson: JSON.stringify(run),
        },
      }),
    );
  }

  async getRun(runId: string): Promise<SegmentRun | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: runPk(runId), sk: RUN_SK }, ConsistentRead: true }));
    return out.Item ? (JSON.parse(out.Item.dataJson as string) as SegmentRun) : undefined;
  }

  async latestRun(): Promise<SegmentRun | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: SEGMENTATION_PK, sk: LATEST_RUN_SK }, ConsistentRead: true }),
    );
    return out.Item ? this.getRun(out.Item.runId as string) : undefined;
  }

  async markLatest(run: SegmentRun): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: SEGMENTATION_PK, sk: LATEST_RUN_SK, runId: run.runId, sequence: run.sequence },
          ConditionExpression: 'attribute_not_exists(pk) OR #sequence < :sequence',
          ExpressionAttributeNames: { '#sequence': 'sequence' },
          ExpressionAttributeValues: { ':sequence': run.sequence },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
}

/** Jobs `SEGJOB#<jobId>` / `JOB`. */
@Injectable()
export class DynamoDbSegmentationJobsRepository extends SegmentationJobsRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  async save(job: SegmentationJob): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: jobItem(job) }));
  }

  async saveIfUnchanged(job: SegmentationJob, previous: Pick<SegmentationJob, 'status' | 'updatedAt'>): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: jobItem(job),
          ConditionExpression: '#status = :status AND updatedAt = :updatedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': previous.status, ':updatedAt': previous.updatedAt },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async get(jobId: string): Promise<SegmentationJob | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: jobPk(jobId), sk: JOB_SK }, ConsistentRead: true }));
    return out.Item ? (JSON.parse(out.Item.dataJson as string) as SegmentationJob) : undefined;
  }
}

function jobItem(job: SegmentationJob): Record<string, unknown> {
  return {
    pk: jobPk(job.jobId),
    sk: JOB_SK,
    entity: 'segmentation-job',
    jobId: job.jobId,
    status: job.status,
    phase: job.phase,
    updatedAt: job.updatedAt,
    dataJson: JSON.stringify(job),
  };
}
