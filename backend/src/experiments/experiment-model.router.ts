import { SECONDS_PER_DAY } from '../common/domain/time';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ModelRouter, RoutedCallOutcome, ModelRoute } from '../model-routing/model-router.port';
import { DefaultModelRouter } from '../model-routing/default-model.router';
import type { RoutedCallType } from '../analysis/domain/analysis-type';
import { Clock } from '../common/clock';
import { assignVariant } from './assignment';
import type { Experiment } from './domain/experiment';
import { ExperimentRecorder } from './experiment-recorder.service';
import { ExperimentsRepository } from './experiments.repository';
import { RunningExperiments } from './running-experiments';

/** Served predictions are remembered for outcome accuracy this long, in days. */
const PREDICTION_TTL_DAYS = 400;

/**
 * {@link ModelRouter} that serves running experiments, for analyses and insights answers
 * alike. For each call it hashes the unit (the caller's unit id — customer id, or API key name and
 * session id for insights — or a fresh id per request) with the GrowthBook hash v2 seeded by the
 * experiment key; inside coverage (and the namespace, if any) the variant's model, prompt version
 * and parameters are used, falling back to the {@link DefaultModelRouter} route of the type
 * for anything the variant leaves unset and for calls outside every experiment. Assignment is a pure
 * function of (key, unit), so it is sticky without storing anything. Served calls inside an
 * experiment are recorded as exposures; consumption predictions also leave a pointer for outcome
 * accuracy.
 */
@Injectable()
export class ExperimentModelRouter extends ModelRouter {
  private readonly logger = new Logger(ExperimentModelRouter.name);

  constructor(
    private readonly defaults: DefaultModelRouter,
    private readonly running: RunningExperiments,
    private readonly recorder: ExperimentRecorder,
    private readonly repository: ExperimentsRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async route(unitId: string, analysisType: RoutedCallType): Promise<ModelRoute> {
    const defaults = await this.defaults.route(unitId, analysisType);
    for (const experiment of await this.running.serving(analysisType)) {
      const hashed = experiment.assignmentUnit === 'customerId' ? unitId : randomUUID();
      const { variantIndex } = assignVariant(hashed, {
        experimentKey: experiment.key,
        weights: experiment.variants.map((v) => v.weight),
        coverage: experiment.coverage,
        ...(experiment.namespace
          ? { namespace: [experiment.namespace.id, experiment.namespace.start, experiment.namespace.end] as const }
          : {}),
      });
      const variant = experiment.variants[variantIndex];
      if (!variant) continue;
      return {
        modelId: variant.modelId,
        promptVersion: variant.promptVersion ?? defaults.promptVersion,
        temperature: variant.parameters.temperature ?? defaults.temperature,
        maxTokens: variant.parameters.maxTokens ?? defaults.maxTokens,
        experiment: { key: experiment.key, variant: variant.key },
      };
    }
    return defaults;
  }

  async recordOutcome(outcome: RoutedCallOutcome): Promise<void> {
    const assignment = outcome.route.experiment;
    if (!assignment) return;
    const experiment = await this.experimentOf(outcome.analysisType, assignment.key);
    if (!experiment || !experiment.variants.some((v) => v.key === assignment.variant)) {
      this.logger.warn(`outcome for unknown experiment variant ${assignment.key}/${assignment.variant} not recorded`);
      return;
    }
    await this.recorder.recordExposure(experiment, {
      analysisId: outcome.analysisId,
      customerId: outcome.unitId,
      analysisType: outcome.analysisType,
      variantKey: assignment.variant,
      unitId: experiment.assignmentUnit === 'customerId' ? outcome.unitId : outcome.analysisId,
      source: outcome.source,
      reason: outcome.reason,
      cached: outcome.cached,
      latencyMs: outcome.latencyMs,
      inputTokens: outcome.usage.inputTokens,
      outputTokens: outcome.usage.outputTokens,
      costUsd: outcome.costUsd,
    });
    if (outcome.analysisType === 'consumption_prediction' && !outcome.cached) {
      const now = this.clock.now();
      await this.repository.putServedPrediction({
        customerId: outcome.unitId,
        analysisId: outcome.analysisId,
        experimentKey: assignment.key,
        variantKey: assignment.variant,
        analysisType: outcome.analysisType,
        servedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + PREDICTION_TTL_DAYS * SECONDS_PER_DAY,
      });
    }
  }

  private async experimentOf(analysisType: RoutedCallType, key: string): Promise<Experiment | undefined> {
    const serving = (await this.running.serving(analysisType)).find((e) => e.key === key);
    return serving ?? (await this.repository.get(key));
  }
}
