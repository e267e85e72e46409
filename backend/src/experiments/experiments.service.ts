import { MS_PER_DAY } from '../common/domain/time';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { RoutedCallType } from '../analysis/domain/analysis-type';
import { PROMPT_VERSIONS } from '../analysis/prompts/prompt-registry';
import { Clock } from '../common/clock';
import { Page } from '../common/http/pagination';
import { ModelCatalog, ModelCatalogEntry } from '../llm/model-catalog';
import { InvalidInputError } from '../common/domain/domain.error';
import { aggregateGenerationOf, Experiment, EXPERIMENT_DEFAULTS, ExperimentStatus, isServing, namespacesOverlap } from './domain/experiment';
import { isNotComputable, sampleSizeForMeans, sampleSizeForProportions } from './stats';
import type { EffectSize } from './stats';
import { buildDraftExperiment, DefinitionContext, ExperimentDefinition, ExperimentPatch, patchDraftExperiment } from './domain/experiment-definition';
import {
  AnalysisTypeClaimedError,
  ExperimentAlreadyRunningError,
  ExperimentConcurrentUpdateError,
  ExperimentNotDraftError,
  ExperimentNotFoundError,
  ExperimentNotRunningError,
  ExperimentNotStartableError,
  ExperimentNotStoppedError,
} from './domain/experiment.errors';
import { analyzeFromCounters, buildExperimentResults, ExperimentResults, overallDecision, OverallDecision, sampleRatioMismatchView, SampleRatioMismatchView } from './domain/experiment-results';
import { ExperimentRecorder, RecordOutcome } from './experiment-recorder.service';
import { ExperimentsRepository, RunningClaim } from './experiments.repository';
import { RunningExperiments } from './running-experiments';

const CLAIM_ATTEMPTS = 5;

/** Counts per variant with SRM and the current decision (`GET .../status`). */
export interface ExperimentStatusView {
  readonly experimentKey: string;
  readonly status: ExperimentStatus;
  readonly serving: boolean;
  readonly startedAt: string | null;
  readonly endsAt: string | null;
  readonly variants: ReadonlyArray<{ key: string; modelId: string; weight: number; units: number; requests: number; decision: string }>;
  readonly sampleRatioMismatch: SampleRatioMismatchView;
  readonly decision: OverallDecision;
  readonly computedAt: string;
}

/** Inputs of the sample-size calculator. */
export interface PowerInput {
  readonly metricKind: 'proportion' | 'mean';
  readonly baseline: number;
  readonly standardDeviation?: number;
  readonly minimumDetectableEffect: number;
  readonly mdeType?: 'relative' | 'absolute';
  readonly alpha?: number;
  readonly power?: number;
  readonly variants?: number;
  readonly dailyUnits?: number;
}

/** Output of the sample-size calculator. */
export interface PowerResult {
  readonly metricKind: 'proportion' | 'mean';
  /** Units per variant, rounded up. */
  readonly perVariant: number;
  readonly total: number;
  readonly exactPerVariant: number;
  /** The effect in the metric's unit (fraction for proportions). */
  readonly absoluteEffect: number;
  readonly estimatedDays: number | null;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly formula: string;
}

/** Options of the Haiku-vs-Sonnet quick test. */
export interface QuickTestOptions {
  readonly analysisType: RoutedCallType;
  /** Share of covered traffic sent to the treatment, (0, 1). */
  readonly trafficSplit: number;
  readonly durationDays: number;
  readonly controlModelId?: string;
  readonly treatmentModelId?: string;
}

/** Defaults of the quick test: Claude 3 Haiku (control) against Claude 3.5 Sonnet v2, 50/50, 14 days. */
export const QUICK_TEST_DEFAULTS = {
  controlModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  treatmentModelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
  trafficSplit: 0.5,
  durationDays: 14,
} as const;

/** Experiment configs and lifecycle, results and status. Writes are single-item and conditional. */
@Injectable()
export class ExperimentsService {
  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly running: RunningExperiments,
    private readonly recorder: ExperimentRecorder,
    private readonly catalog: ModelCatalog,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a draft.
   *
   * @throws InvalidInputError (400) naming every bad field; ExperimentAlreadyExistsError (409).
   */
  async create(definition: ExperimentDefinition): Promise<Experiment> {
    const experiment = buildDraftExperiment(definition, this.definitionContext());
    await this.repository.create(experiment);
    return experiment;
  }

  /**
   * Edits a draft: the patch is merged into the stored definition and the result is checked like a
   * create; written only if nobody changed the draft meanwhile.
   *
   * @throws ExperimentNotFoundError (404); InvalidInputError (400) naming every bad field;
   *   ExperimentNotDraftError, ExperimentConcurrentUpdateError (409).
   */
  async update(key: string, patch: ExperimentPatch): Promise<Experiment> {
    const current = await this.get(key);
    if (current.status !== 'draft') throw new ExperimentNotDraftError(key, current.status);
    const updated = patchDraftExperiment(current, patch, this.definitionContext());
    if (!(await this.repository.save(updated, current.version))) throw new ExperimentConcurrentUpdateError(key);
    return updated;
  }

  /**
   * Archives a stopped experiment: it leaves the default list (`status=archived` lists it); config,
   * results and raw events stay readable.
   *
   * @throws ExperimentNotFoundError (404); ExperimentNotStoppedError, ExperimentConcurrentUpdateError (409).
   */
  async archive(key: string): Promise<Experiment> {
    const current = await this.get(key);
    if (current.status !== 'stopped') throw new ExperimentNotStoppedError(key, current.status);
    const now = this.clock.now().toISOString();
    const archived: Experiment = { ...current, status: 'archived', archivedAt: now, updatedAt: now, version: current.version + 1 };
    if (!(await this.repository.save(archived, current.version))) throw new ExperimentConcurrentUpdateError(key);
    return archived;
  }

  /** @throws ExperimentNotFoundError (404). */
  async get(key: string): Promise<Experiment> {
    const experiment = await this.repository.get(key);
    if (!experiment) throw new ExperimentNotFoundError(key);
    return experiment;
  }

  /** Newest first; without `status`, archived experiments are left out. */
  list(limit: number, cursor?: string, status?: ExperimentStatus): Promise<Page<Experiment>> {
    return this.repository.list(limit, cursor, status);
  }

  /**
   * Starts a draft: claims each analysis type (refused when a serving experiment claims it on
   * overlapping traffic), then marks the config running with `startedAt` and `endsAt`.
   *
   * @throws ExperimentNotFoundError (404); ExperimentAlreadyRunningError, ExperimentNotStartableError,
   *   AnalysisTypeClaimedError, ExperimentConcurrentUpdateError (409).
   */
  async start(key: string): Promise<Experiment> {
    const draft = await this.get(key);
    if (draft.status === 'running') throw new ExperimentAlreadyRunningError(key);
    if (draft.status !== 'draft') throw new ExperimentNotStartableError(key, draft.status);
    const now = this.clock.now();
    const endsAt =
      draft.endsAt ?? (draft.durationDays !== undefined ? new Date(now.getTime() + draft.durationDays * MS_PER_DAY).toISOString() : undefined);
    if (endsAt !== undefined && Date.parse(endsAt) <= now.getTime()) throw new ExperimentNotStartableError(key, 'past its endsAt');
    const started: Experiment = {
      ...draft,
      status: 'running',
      startedAt: now.toISOString(),
      ...(endsAt !== undefined ? { endsAt } : {}),
      updatedAt: now.toISOString(),
      version: draft.version + 1,
    };
    const claimed: RoutedCallType[] = [];
    try {
      for (const type of started.analysisTypes) {
        await this.claim(type, started);
        claimed.push(type);
      }
      if (!(await this.repository.save(started, draft.version))) throw new ExperimentConcurrentUpdateError(key);
    } catch (err) {
      for (const type of claimed) await this.release(type, key);
      throw err;
    } finally {
      this.running.invalidate(started.analysisTypes);
    }
    return started;
  }

  /**
   * Stops a running experiment: releases its claims first (so a retried stop always converges), then
   * marks it stopped. Aggregates are kept; results stay readable.
   *
   * @throws ExperimentNotFoundError (404); ExperimentNotRunningError, ExperimentConcurrentUpdateError (409).
   */
  async stop(key: string): Promise<Experiment> {
    const current = await this.get(key);
    if (current.status !== 'running') throw new ExperimentNotRunningError(key, current.status);
    for (const type of current.analysisTypes) await this.release(type, key);
    this.running.invalidate(current.analysisTypes);
    const now = this.clock.now().toISOString();
    const stopped: Experiment = { ...current, status: 'stopped', stoppedAt: now, updatedAt: now, version: current.version + 1 };
    if (!(await this.repository.save(stopped, current.version))) throw new ExperimentConcurrentUpdateError(key);
    return stopped;
  }

  /** Full statistics. O(variants × shards) items read in one Query. @throws ExperimentNotFoundError (404). */
  async results(key: string): Promise<ExperimentResults> {
    const experiment = await this.get(key);
    const counters = await this.repository.readAggregates(key, aggregateGenerationOf(experiment));
    return buildExperimentResults(experiment, counters, this.clock.now());
  }

  /** Counts per variant, SRM and the current decision. @throws ExperimentNotFoundError (404). */
  async status(key: string): Promise<ExperimentStatusView> {
    const experiment = await this.get(key);
    const counters = await this.repository.readAggregates(key, aggregateGenerationOf(experiment));
    const analysis = analyzeFromCounters(experiment, counters);
    const decisions = new Map(analysis.variants.map((v) => [v.variantKey, v.decision.status as string]));
    const units = experiment.variants.map((v) => counters.get(v.key)?.units ?? 0);
    return {
      experimentKey: key,
      status: experiment.status,
      serving: isServing(experiment, this.clock.now().getTime()),
      startedAt: experiment.startedAt ?? null,
      endsAt: experiment.endsAt ?? null,
      variants: experiment.variants.map((v, i) => ({
        key: v.key,
        modelId: v.modelId,
        weight: v.weight,
        units: units[i] ?? 0,
        requests: counters.get(v.key)?.requests ?? 0,
        decision: i === 0 ? 'control' : (decisions.get(v.key) ?? 'inconclusive'),
      })),
      sampleRatioMismatch: sampleRatioMismatchView(analysis, units),
      decision: overallDecision(analysis),
      computedAt: this.clock.now().toISOString(),
    };
  }

  /**
   * Creates and starts a two-variant experiment: Haiku (control) against Sonnet, validOutputRate as
   * primary, guardrails successRate (−2 points absolute) and latencyMs (+50 % relative), sequential.
   */
  async quickTest(options: QuickTestOptions): Promise<Experiment> {
    const now = this.clock.now();
    const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const key = `quick-${options.analysisType.replace(/_/g, '-')}-${stamp}-${randomBytes(2).toString('hex')}`;
    const control = options.controlModelId ?? QUICK_TEST_DEFAULTS.controlModelId;
    const treatment = options.treatmentModelId ?? this.defaultTreatmentModel();
    await this.create({
      key,
      name: `Quick test ${options.analysisType}: ${this.displayName(control)} vs ${this.displayName(treatment)}`,
      hypothesis: `${this.displayName(treatment)} produces valid ${options.analysisType} output more often than ${this.displayName(control)} without hurting success rate or latency beyond the margins`,
      analysisTypes: [options.analysisType],
      variants: [
        { key: 'control', modelId: control, weight: 1 - options.trafficSplit },
        { key: 'treatment', modelId: treatment, weight: options.trafficSplit },
      ],
      primaryMetric: 'validOutputRate',
      guardrails: [
        { metric: 'successRate', margin: { type: 'absolute', value: 0.02 } },
        { metric: 'latencyMs', margin: { type: 'relative', value: 0.5 } },
      ],
      sequential: true,
      durationDays: options.durationDays,
    });
    return this.start(key);
  }

  /** The model catalog with prices and which model is the default. */
  models(): { models: Array<ModelCatalogEntry & { isDefault: boolean }>; defaultModelId: string } {
    return {
      models: this.catalog.list().map((m) => ({ ...m, isDefault: m.modelId === this.catalog.defaultModelId })),
      defaultModelId: this.catalog.defaultModelId,
    };
  }

  /**
   * Feedback on an analysis served by the experiment.
   *
   * @throws ExperimentNotFoundError, AnalysisNotInExperimentError (404).
   */
  async feedback(
    key: string,
    analysisId: string,
    feedback: { rating?: number; thumbsUp?: boolean },
  ): Promise<{ rating?: RecordOutcome; thumbs?: RecordOutcome; variantKey: string }> {
    return this.recorder.recordFeedback(await this.get(key), analysisId, feedback);
  }

  /**
   * Sample size per variant for a two-sided test (formulas in `stats/sample-size.ts`), the total for
   * `variants` arms and, given `dailyUnits`, the days needed.
   *
   * @throws InvalidInputError (400) when the inputs make the calculation impossible.
   */
  power(input: PowerInput): PowerResult {
    const alpha = input.alpha ?? EXPERIMENT_DEFAULTS.alpha;
    const power = input.power ?? EXPERIMENT_DEFAULTS.power;
    const mde: EffectSize = { type: input.mdeType ?? 'relative', value: input.minimumDetectableEffect };
    const variants = input.variants ?? 2;
    let result;
    if (input.metricKind === 'proportion') {
      result = sampleSizeForProportions({ baselineRate: input.baseline, minimumDetectableEffect: mde, alpha, power });
    } else {
      if (input.standardDeviation === undefined) {
        throw new InvalidInputError([{ field: 'standardDeviation', messages: ['standardDeviation is required for means'] }]);
      }
      result = sampleSizeForMeans({ baselineMean: input.baseline, standardDeviation: input.standardDeviation, minimumDetectableEffect: mde, alpha, power });
    }
    if (isNotComputable(result)) throw new InvalidInputError([{ field: 'minimumDetectableEffect', messages: [result.reason] }]);
    const total = result.perVariant * variants;
    return {
      metricKind: input.metricKind,
      perVariant: result.perVariant,
      total,
      exactPerVariant: result.exact,
      absoluteEffect: result.absoluteEffect,
      estimatedDays: input.dailyUnits !== undefined ? Math.ceil(total / input.dailyUnits) : null,
      settings: { alpha, power, minimumDetectableEffect: mde, variants, baseline: input.baseline, standardDeviation: input.standardDeviation ?? null },
      formula:
        input.metricKind === 'proportion'
          ? 'n = (z(1-α/2)·√(2p̄(1−p̄)) + z(1−β)·√(p1(1−p1)+p2(1−p2)))² / (p2−p1)²'
          : 'n = (z(1−α/2) + z(1−β))²·(σ1²+σ2²) / δ²',
    };
  }

  private definitionContext(): DefinitionContext {
    return {
      modelIds: new Set(this.catalog.list().map((m) => m.modelId)),
      promptVersions: PROMPT_VERSIONS,
      now: this.clock.now(),
    };
  }

  private defaultTreatmentModel(): string {
    if (this.catalog.find(QUICK_TEST_DEFAULTS.treatmentModelId)) return QUICK_TEST_DEFAULTS.treatmentModelId;
    return this.catalog.list().find((m) => m.modelId.includes('sonnet'))?.modelId ?? QUICK_TEST_DEFAULTS.treatmentModelId;
  }

  private displayName(modelId: string): string {
    return this.catalog.find(modelId)?.displayName ?? modelId;
  }

  private async claim(type: RoutedCallType, experiment: Experiment): Promise<void> {
    const nowMs = this.clock.now().getTime();
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const { claims, version } = await this.repository.getClaims(type);
      const live = claims.filter((c) => isServing(c.experiment, nowMs));
      if (live.some((c) => c.experimentKey === experiment.key)) throw new ExperimentAlreadyRunningError(experiment.key);
      const conflict = live.find((c) => namespacesOverlap(c.namespace, experiment.namespace));
      if (conflict) throw new AnalysisTypeClaimedError(type, conflict.experimentKey);
      const claim: RunningClaim = {
        experimentKey: experiment.key,
        ...(experiment.namespace ? { namespace: experiment.namespace } : {}),
        experiment,
      };
      if (await this.repository.saveClaims(type, [...live, claim], version)) return;
    }
    throw new ExperimentConcurrentUpdateError(experiment.key);
  }

  private async release(type: RoutedCallType, key: string): Promise<void> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const { claims, version } = await this.repository.getClaims(type);
      if (!claims.some((c) => c.experimentKey === key)) return;
      if (await this.repository.saveClaims(type, claims.filter((c) => c.experimentKey !== key), version)) return;
    }
    throw new ExperimentConcurrentUpdateError(key);
  }
}
