import type { RoutedCallType } from '../analysis/domain/analysis-type';
import { Page } from '../common/http/pagination';
import type { Experiment, ExperimentStatus } from './domain/experiment';
import { addCounters, Counters } from './domain/experiment-aggregates';
import { ExperimentAlreadyExistsError } from './domain/experiment.errors';
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
} from './experiments.repository';

/** In-memory experiments repository with the adapter's conditional writes (spec double of the port). */
export class InMemoryExperimentsRepository extends ExperimentsRepository {
  readonly experiments = new Map<string, Experiment>();
  readonly claims = new Map<RoutedCallType, ClaimSet>();
  readonly events = new Map<string, { event: ExperimentEvent; shard: number }>();
  readonly units = new Map<string, { marker: UnitMarker; shard: number }>();
  /** Key `experiment#generation#variant#shard`. */
  readonly aggregates = new Map<string, Record<string, number>>();
  readonly predictions = new Map<string, ServedPrediction>();
  /** Number of the next `saveClaims` calls that lose to another writer. */
  claimConflicts = 0;

  async create(experiment: Experiment): Promise<void> {
    if (this.experiments.has(experiment.key)) throw new ExperimentAlreadyExistsError(experiment.key);
    this.experiments.set(experiment.key, experiment);
  }

  async get(key: string): Promise<Experiment | undefined> {
    return this.experiments.get(key);
  }

  async save(experiment: Experiment, expectedVersion: number): Promise<boolean> {
    if (this.experiments.get(experiment.key)?.version !== expectedVersion) return false;
    this.experiments.set(experiment.key, experiment);
    return true;
  }

  async list(limit: number, _cursor?: string, status?: ExperimentStatus): Promise<Page<Experiment>> {
    const items = [...this.experiments.values()].filter((e) => (status ? e.status === status : e.status !== 'archived'));
    return { items: items.reverse().slice(0, limit) };
  }

  async getClaims(analysisType: RoutedCallType): Promise<ClaimSet> {
    return this.claims.get(analysisType) ?? { claims: [], version: 0 };
  }

  async saveClaims(analysisType: RoutedCallType, claims: readonly RunningClaim[], expectedVersion: number): Promise<boolean> {
    const current = await this.getClaims(analysisType);
    if (this.claimConflicts > 0) {
      this.claimConflicts--;
      this.claims.set(analysisType, { claims: current.claims, version: current.version + 1 });
      return false;
    }
    if (current.version !== expectedVersion) return false;
    this.claims.set(analysisType, { claims, version: expectedVersion + 1 });
    return true;
  }

  async putEventIfAbsent(event: ExperimentEvent, shard: number): Promise<boolean> {
    const id = `${event.analysisId}#${event.kind}`;
    if (this.events.has(id)) return false;
    this.events.set(id, { event, shard });
    return true;
  }

  async getEvent(analysisId: string, kind: ExperimentEventKind): Promise<ExperimentEvent | undefined> {
    return this.events.get(`${analysisId}#${kind}`)?.event;
  }

  async markUnitExposed(marker: UnitMarker, shard: number): Promise<boolean> {
    const id = `${marker.experimentKey}#${marker.unitId}`;
    if (this.units.has(id)) return false;
    this.units.set(id, { marker, shard });
    return true;
  }

  async addToAggregate(target: AggregateTarget, increment: Counters): Promise<void> {
    const id = aggregateId(target);
    const totals = this.aggregates.get(id) ?? {};
    addCounters(totals, increment);
    this.aggregates.set(id, totals);
  }

  async putAggregate(target: AggregateTarget, counters: Counters): Promise<void> {
    this.aggregates.set(aggregateId(target), { ...counters });
  }

  async readAggregates(experimentKey: string, generation: number): Promise<Map<string, Counters>> {
    const byVariant = new Map<string, Record<string, number>>();
    for (const [id, counters] of this.aggregates) {
      const [key, g, variant] = id.split('#');
      if (key !== experimentKey || Number(g) !== generation || variant === undefined) continue;
      const totals = byVariant.get(variant) ?? {};
      addCounters(totals, counters);
      byVariant.set(variant, totals);
    }
    return byVariant;
  }

  async deleteAggregates(experimentKey: string, matches: (generation: number) => boolean): Promise<number> {
    let deleted = 0;
    for (const id of [...this.aggregates.keys()]) {
      const [key, g] = id.split('#');
      if (key === experimentKey && matches(Number(g))) {
        this.aggregates.delete(id);
        deleted++;
      }
    }
    return deleted;
  }

  async *partitionRecords(experimentKey: string, shard: number): AsyncIterable<readonly PartitionRecord[]> {
    const records: PartitionRecord[] = [];
    for (const { event, shard: s } of this.events.values()) {
      if (event.experimentKey === experimentKey && s === shard) records.push({ type: 'event', event });
    }
    for (const { marker, shard: s } of this.units.values()) {
      if (marker.experimentKey === experimentKey && s === shard) records.push({ type: 'unit', marker });
    }
    // Two pages, so that callers are seen to follow pagination.
    const half = Math.ceil(records.length / 2);
    yield records.slice(0, half);
    yield records.slice(half);
  }

  async putServedPrediction(prediction: ServedPrediction): Promise<void> {
    this.predictions.set(prediction.customerId, prediction);
  }

  async getServedPrediction(customerId: string): Promise<ServedPrediction | undefined> {
    return this.predictions.get(customerId);
  }
}

function aggregateId(target: AggregateTarget): string {
  return `${target.experimentKey}#${target.generation}#${target.variantKey}#${target.shard}`;
}
