import { SECONDS_PER_DAY } from '../common/domain/time';
import { Injectable } from '@nestjs/common';
import type { RoutedCallType } from '../analysis/domain/analysis-type';
import { Clock } from '../common/clock';
import { fnv1a32 } from '../common/domain/hashing';
import { aggregateGenerationOf, Experiment, winsorizationOf } from './domain/experiment';
import { AnalysisNotInExperimentError } from './domain/experiment.errors';
import {
  AGGREGATE_SHARDS,
  AggregateOptions,
  Counters,
  exposureIncrement,
  outcomeIncrement,
  ratingIncrement,
  thumbsIncrement,
  unitIncrement,
} from './domain/experiment-aggregates';
import { exposureObservationOf, ServedCall } from './domain/exposure-outcome';
import { ExperimentEvent, ExperimentEventKind, ExperimentsRepository } from './experiments.repository';

/** Raw events and unit markers live this long (DynamoDB TTL), in days. */
export const EVENT_TTL_DAYS = 400;
const DAY_S = SECONDS_PER_DAY;

/** Whether a write counted: `recorded` the first time, `duplicate` on a retry of the same event. */
export type RecordOutcome = 'recorded' | 'duplicate';

/** A served call inside an experiment, as the router reports it. */
export interface ExposureReport extends ServedCall {
  readonly analysisId: string;
  readonly customerId: string;
  readonly analysisType: RoutedCallType;
  readonly variantKey: string;
  /** The hashed assignment unit (customer id, or the request id). */
  readonly unitId: string;
}

/**
 * Records exposures, feedback and outcomes idempotently. Every event is first stored with a
 * conditional put on its id (`attribute_not_exists`); only a new event is then added to one of the
 * variant's {@link AGGREGATE_SHARDS} aggregate shards (shard = FNV-1a(event id) mod N) with an atomic
 * `ADD`. At-least-once window: if the process dies between the two writes, the event exists but is
 * missing from the aggregate, and a retry sees a duplicate; the batch recompute (sum of the events
 * of the `byExperimentEvents` index) repairs such gaps. Aggregates never count an event twice.
 */
@Injectable()
export class ExperimentRecorder {
  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Records one served call of `experiment`: unit marker (first exposure of the unit), exposure
   * event, aggregates (of the experiment's current generation, with the per-bucket counters when it
   * winsorizes). The marker goes to the event partition of the shard its `units` increment goes to.
   */
  async recordExposure(experiment: Experiment, report: ExposureReport): Promise<RecordOutcome> {
    const now = this.clock.now();
    const expiresAt = this.expiresAt(now);
    const options = aggregateOptionsOf(experiment);
    const exposureId = eventId({ analysisId: report.analysisId, kind: 'exposure' });
    const unitShard = shardOf(report.cached ? `${report.analysisId}#unit` : exposureId);
    const firstForUnit = await this.repository.markUnitExposed(
      {
        experimentKey: experiment.key,
        unitId: report.unitId,
        variantKey: report.variantKey,
        firstExposedAt: now.toISOString(),
        viaCache: report.cached,
        expiresAt,
      },
      unitShard,
    );
    const observation = exposureObservationOf(report);
    if (report.cached) {
      if (firstForUnit) await this.add(experiment, report.variantKey, unitShard, unitIncrement(true));
      return firstForUnit ? 'recorded' : 'duplicate';
    }
    const event = this.event(report.analysisId, 'exposure', { ...report, experimentKey: experiment.key }, { ...observation }, now);
    const fresh = await this.repository.putEventIfAbsent(event, shardOf(exposureId));
    if (!fresh) {
      if (firstForUnit) await this.add(experiment, report.variantKey, unitShard, unitIncrement(false));
      return 'duplicate';
    }
    await this.add(experiment, report.variantKey, unitShard, exposureIncrement(observation, firstForUnit, options));
    return 'recorded';
  }

  /**
   * Records a rating (1..5) and/or thumbs for an analysis served by `experimentKey`; each kind is
   * counted once per analysis (a repeat is a `duplicate` and changes nothing).
   *
   * @throws AnalysisNotInExperimentError (404) when the analysis was not served by the experiment.
   */
  async recordFeedback(
    experiment: Experiment,
    analysisId: string,
    feedback: { rating?: number; thumbsUp?: boolean },
  ): Promise<{ rating?: RecordOutcome; thumbs?: RecordOutcome; variantKey: string }> {
    const exposure = await this.repository.getEvent(analysisId, 'exposure');
    if (!exposure || exposure.experimentKey !== experiment.key) throw new AnalysisNotInExperimentError(experiment.key, analysisId);
    const now = this.clock.now();
    const result: { rating?: RecordOutcome; thumbs?: RecordOutcome; variantKey: string } = { variantKey: exposure.variantKey };
    if (feedback.rating !== undefined) {
      result.rating = await this.recordDerived(experiment, exposure, 'rating', { rating: feedback.rating }, ratingIncrement(feedback.rating), now);
    }
    if (feedback.thumbsUp !== undefined) {
      result.thumbs = await this.recordDerived(experiment, exposure, 'thumbs', { thumbsUp: feedback.thumbsUp }, thumbsIncrement(feedback.thumbsUp), now);
    }
    return result;
  }

  /** Records the prediction error of a served analysis once (the first order after it). */
  async recordOutcomeError(analysisId: string, errorDays: number, orderId: string): Promise<RecordOutcome | 'not_exposed'> {
    const exposure = await this.repository.getEvent(analysisId, 'exposure');
    if (!exposure) return 'not_exposed';
    const experiment = await this.repository.get(exposure.experimentKey);
    if (!experiment) return 'not_exposed';
    return this.recordDerived(experiment, exposure, 'outcome', { errorDays, orderId }, outcomeIncrement(errorDays), this.clock.now());
  }

  private async recordDerived(
    experiment: Experiment,
    exposure: ExperimentEvent,
    kind: ExperimentEventKind,
    payload: ExperimentEvent['payload'],
    increment: Counters,
    now: Date,
  ): Promise<RecordOutcome> {
    const event = this.event(exposure.analysisId, kind, exposure, payload, now);
    const id = eventId(event);
    if (!(await this.repository.putEventIfAbsent(event, shardOf(id)))) return 'duplicate';
    await this.add(experiment, exposure.variantKey, shardOf(id), increment);
    return 'recorded';
  }

  private event(
    analysisId: string,
    kind: ExperimentEventKind,
    source: Pick<ExperimentEvent, 'experimentKey' | 'variantKey' | 'customerId' | 'analysisType'>,
    payload: ExperimentEvent['payload'],
    now: Date,
  ): ExperimentEvent {
    return {
      analysisId,
      kind,
      experimentKey: source.experimentKey,
      variantKey: source.variantKey,
      customerId: source.customerId,
      analysisType: source.analysisType,
      occurredAt: now.toISOString(),
      payload,
      expiresAt: this.expiresAt(now),
    };
  }

  private add(experiment: Experiment, variantKey: string, shard: number, increment: Counters): Promise<void> {
    return this.repository.addToAggregate(
      { experimentKey: experiment.key, generation: aggregateGenerationOf(experiment), variantKey, shard },
      increment,
    );
  }

  private expiresAt(now: Date): number {
    return Math.floor(now.getTime() / 1000) + EVENT_TTL_DAYS * DAY_S;
  }
}

function eventId(event: Pick<ExperimentEvent, 'analysisId' | 'kind'>): string {
  return `${event.analysisId}#${event.kind}`;
}

/** Aggregate shard of an event: FNV-1a 32-bit of its id, mod {@link AGGREGATE_SHARDS}. */
export function shardOf(id: string): number {
  return fnv1a32(id) % AGGREGATE_SHARDS;
}

/** What an experiment's aggregates keep beyond the sufficient statistics. */
export function aggregateOptionsOf(experiment: Experiment): AggregateOptions {
  return { winsorization: winsorizationOf(experiment).enabled };
}
