import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { AnalysisModelRouter, AnalysisOutcome, AnalysisRoute } from '../analysis/analysis-model.router';
import type { AnalysisType } from '../analysis/domain/analysis-type';
import { DEFAULT_PROMPT_VERSION } from '../analysis/prompts/prompt-registry';
import { Clock } from '../common/clock';
import { llmConfig } from '../llm/llm.config';
import { assignVariant } from './assignment';
import type { Experiment } from './domain/experiment';
import { ExperimentRecorder } from './experiment-recorder.service';
import { ExperimentsRepository } from './experiments.repository';
import { RunningExperiments } from './running-experiments';

/** Served predictions are remembered for outcome accuracy this long, in days. */
const PREDICTION_TTL_DAYS = 400;

/**
 * {@link AnalysisModelRouter} that serves running experiments. For each call it hashes the unit
 * (customer id, or a fresh id per request) with the GrowthBook hash v2 seeded by the experiment key;
 * inside coverage (and the namespace, if any) the variant's model, prompt version and parameters are
 * used, else the defaults with `experiment: null`. Assignment is a pure function of (key, unit), so
 * it is sticky without storing anything. Served calls inside an experiment are recorded as
 * exposures; consumption predictions also leave a pointer for outcome accuracy.
 */
@Injectable()
export class ExperimentAnalysisModelRouter extends AnalysisModelRouter {
  private readonly logger = new Logger(ExperimentAnalysisModelRouter.name);

  constructor(
    @Inject(llmConfig.KEY) private readonly llm: ConfigType<typeof llmConfig>,
    private readonly running: RunningExperiments,
    private readonly recorder: ExperimentRecorder,
    private readonly repository: ExperimentsRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async route(customerId: string, analysisType: AnalysisType): Promise<AnalysisRoute> {
    const defaults: AnalysisRoute = {
      modelId: this.llm.defaultModelId,
      promptVersion: DEFAULT_PROMPT_VERSION[analysisType],
      temperature: this.llm.temperature,
      maxTokens: this.llm.maxTokens,
      experiment: null,
    };
    for (const experiment of await this.running.serving(analysisType)) {
      const unitId = experiment.assignmentUnit === 'customerId' ? customerId : randomUUID();
      const { variantIndex } = assignVariant(unitId, {
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

  async recordOutcome(outcome: AnalysisOutcome): Promise<void> {
    const assignment = outcome.route.experiment;
    if (!assignment) return;
    const experiment = await this.experimentOf(outcome.analysisType, assignment.key);
    if (!experiment || !experiment.variants.some((v) => v.key === assignment.variant)) {
      this.logger.warn(`outcome for unknown experiment variant ${assignment.key}/${assignment.variant} not recorded`);
      return;
    }
    await this.recorder.recordExposure(experiment, {
      analysisId: outcome.analysisId,
      customerId: outcome.customerId,
      analysisType: outcome.analysisType,
      variantKey: assignment.variant,
      unitId: experiment.assignmentUnit === 'customerId' ? outcome.customerId : outcome.analysisId,
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
        customerId: outcome.customerId,
        analysisId: outcome.analysisId,
        experimentKey: assignment.key,
        variantKey: assignment.variant,
        analysisType: outcome.analysisType,
        servedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + PREDICTION_TTL_DAYS * 86_400,
      });
    }
  }

  private async experimentOf(analysisType: AnalysisType, key: string): Promise<Experiment | undefined> {
    const serving = (await this.running.serving(analysisType)).find((e) => e.key === key);
    return serving ?? (await this.repository.get(key));
  }
}
