import { Injectable } from '@nestjs/common';
import type { RoutedCallType } from '../analysis/domain/analysis-type';
import { Clock } from '../common/clock';
import { Experiment, isServing } from './domain/experiment';
import { ExperimentsRepository } from './experiments.repository';

/** How long a process trusts its copy of the running claims, in ms. */
export const RUNNING_CACHE_TTL_MS = 1000;

/**
 * The running experiments of each analysis type as the router sees them: one consistent GetItem of
 * the type's claim item, kept for {@link RUNNING_CACHE_TTL_MS} (another process may serve a stopped
 * experiment for at most that long; this process forgets at once on its own start/stop).
 */
@Injectable()
export class RunningExperiments {
  private readonly cache = new Map<RoutedCallType, { readonly loadedAtMs: number; readonly experiments: readonly Experiment[] }>();

  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly clock: Clock,
  ) {}

  /** Experiments serving `analysisType` now (running, before `endsAt`), claim order. */
  async serving(analysisType: RoutedCallType): Promise<readonly Experiment[]> {
    const nowMs = this.clock.now().getTime();
    const monotonic = performance.now();
    let entry = this.cache.get(analysisType);
    if (!entry || monotonic - entry.loadedAtMs > RUNNING_CACHE_TTL_MS) {
      const { claims } = await this.repository.getClaims(analysisType);
      entry = { loadedAtMs: monotonic, experiments: claims.map((c) => c.experiment) };
      this.cache.set(analysisType, entry);
    }
    return entry.experiments.filter((e) => isServing(e, nowMs));
  }

  /** Drops the cached claims of the types (after a local start/stop). */
  invalidate(analysisTypes: readonly RoutedCallType[]): void {
    for (const type of analysisTypes) this.cache.delete(type);
  }
}
