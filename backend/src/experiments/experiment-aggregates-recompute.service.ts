import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { aggregateGenerationOf, Experiment } from './domain/experiment';
import { ExperimentConcurrentUpdateError, ExperimentNotFoundError, ExperimentRecomputeWhileRunningError } from './domain/experiment.errors';
import {
  addCounters,
  AGGREGATE_SHARDS,
  AggregateOptions,
  Counters,
  exposureEventIncrement,
  ExposureObservation,
  outcomeIncrement,
  ratingIncrement,
  thumbsIncrement,
  unitIncrement,
} from './domain/experiment-aggregates';
import { aggregateOptionsOf } from './experiment-recorder.service';
import { ExperimentsRepository, PartitionRecord } from './experiments.repository';

/** What a recompute found per variant, and the figures it replaced. */
export interface RecomputedVariant {
  readonly key: string;
  readonly units: number;
  readonly requests: number;
  readonly modelCalls: number;
  readonly ratings: number;
  readonly thumbs: number;
  readonly outcomes: number;
  /** The same counters in the generation that was replaced. */
  readonly previous: { readonly units: number; readonly requests: number; readonly modelCalls: number; readonly ratings: number; readonly thumbs: number; readonly outcomes: number };
}

/** The outcome of `POST /v1/ab-tests/{key}/recompute` and `experiments recompute <key>`. */
export interface RecomputeResult {
  readonly experimentKey: string;
  /** The generation results now read. */
  readonly generation: number;
  readonly previousGeneration: number;
  /** Events and unit markers read from the event partitions. */
  readonly recordsRead: number;
  /** Records of variants the config does not have, or past their TTL: not counted. */
  readonly recordsSkipped: number;
  readonly aggregateItemsWritten: number;
  readonly staleItemsDeleted: number;
  readonly variants: readonly RecomputedVariant[];
  readonly computedAt: string;
}

/**
 * Batch job that rebuilds an experiment's sharded aggregates from its raw events and unit markers.
 *
 * 1. Reads the 8 event partitions with paginated Queries on `byExperimentEvents` (never a Scan) and
 *    folds every record into per-(variant, shard) counters in memory, with the same increment
 *    functions the recorder uses, so the rebuilt counters equal what live recording would have added.
 * 2. Writes them as generation g + 1 (one put per shard item; a retry writes the same items), after
 *    deleting leftovers of g + 1 from an interrupted attempt.
 * 3. Switches the config to g + 1 with a version-conditional put: results read either every item of
 *    g or every item of g + 1, never a mix. Then deletes the older generations.
 *
 * Refused while the experiment runs (routers hold its config and add to generation g). Feedback or
 * outcomes recorded during a recompute of a stopped experiment may land in g and be left out of
 * g + 1 (they stay in the raw events); the index is eventually consistent: run it again after a quiet
 * moment when in doubt — reruns converge.
 */
@Injectable()
export class ExperimentAggregatesRecompute {
  private readonly logger = new Logger(ExperimentAggregatesRecompute.name);

  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * @throws ExperimentNotFoundError (404); ExperimentRecomputeWhileRunningError,
   *   ExperimentConcurrentUpdateError (409).
   */
  async recompute(key: string): Promise<RecomputeResult> {
    const experiment = await this.repository.get(key);
    if (!experiment) throw new ExperimentNotFoundError(key);
    if (experiment.status === 'running') throw new ExperimentRecomputeWhileRunningError(key);
    const previousGeneration = aggregateGenerationOf(experiment);
    const generation = previousGeneration + 1;
    const options = aggregateOptionsOf(experiment);
    const variants = new Set(experiment.variants.map((v) => v.key));
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const shardTotals = new Map<string, Record<string, number>>();
    let recordsRead = 0;
    let recordsSkipped = 0;
    for (let shard = 0; shard < AGGREGATE_SHARDS; shard++) {
      for await (const page of this.repository.partitionRecords(key, shard)) {
        for (const record of page) {
          recordsRead++;
          const variantKey = record.type === 'event' ? record.event.variantKey : record.marker.variantKey;
          const expiresAt = record.type === 'event' ? record.event.expiresAt : record.marker.expiresAt;
          const increment = incrementOf(record, options);
          if (!variants.has(variantKey) || expiresAt <= nowSeconds || !increment) {
            recordsSkipped++;
            continue;
          }
          const id = `${variantKey}#${shard}`;
          const totals = shardTotals.get(id) ?? {};
          addCounters(totals, increment);
          shardTotals.set(id, totals);
        }
      }
    }
    await this.repository.deleteAggregates(key, (g) => g === generation);
    for (const variant of experiment.variants) {
      for (let shard = 0; shard < AGGREGATE_SHARDS; shard++) {
        const totals = shardTotals.get(`${variant.key}#${shard}`);
        if (totals) await this.repository.putAggregate({ experimentKey: key, generation, variantKey: variant.key, shard }, totals);
      }
    }
    const previous = await this.repository.readAggregates(key, previousGeneration);
    const now = this.clock.now().toISOString();
    const switched: Experiment = { ...experiment, aggregateGeneration: generation, updatedAt: now, version: experiment.version + 1 };
    if (!(await this.repository.save(switched, experiment.version))) throw new ExperimentConcurrentUpdateError(key);
    const staleItemsDeleted = await this.repository.deleteAggregates(key, (g) => g !== generation);
    const current = await this.repository.readAggregates(key, generation);
    this.logger.log(`recomputed ${key}: generation ${previousGeneration} -> ${generation}, ${recordsRead} records read`);
    return {
      experimentKey: key,
      generation,
      previousGeneration,
      recordsRead,
      recordsSkipped,
      aggregateItemsWritten: shardTotals.size,
      staleItemsDeleted,
      variants: experiment.variants.map((v) => ({
        key: v.key,
        ...countsOf(current.get(v.key) ?? {}),
        previous: countsOf(previous.get(v.key) ?? {}),
      })),
      computedAt: now,
    };
  }
}

function countsOf(c: Counters): Omit<RecomputedVariant, 'key' | 'previous'> {
  return {
    units: c.units ?? 0,
    requests: c.requests ?? 0,
    modelCalls: c.validOutputRate_n ?? 0,
    ratings: c.rating_n ?? 0,
    thumbs: c.thumbsUpRate_n ?? 0,
    outcomes: c.outcomeErrorDays_n ?? 0,
  };
}

/** Counter deltas of one stored record, as the recorder added them; undefined for a malformed one. */
function incrementOf(record: PartitionRecord, options: AggregateOptions): Counters | undefined {
  if (record.type === 'unit') return unitIncrement(record.marker.viaCache === true);
  const { kind, payload } = record.event;
  const number = (name: string) => (typeof payload[name] === 'number' ? (payload[name] as number) : undefined);
  switch (kind) {
    case 'exposure':
      return exposureEventIncrement(payload as unknown as ExposureObservation, options);
    case 'rating': {
      const rating = number('rating');
      return rating === undefined ? undefined : ratingIncrement(rating);
    }
    case 'thumbs':
      return typeof payload.thumbsUp === 'boolean' ? thumbsIncrement(payload.thumbsUp) : undefined;
    case 'outcome': {
      const errorDays = number('errorDays');
      return errorDays === undefined ? undefined : outcomeIncrement(errorDays);
    }
    default:
      return undefined;
  }
}
