import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/domain/domain.error';
import { isoDay, MS_PER_DAY, parseIsoDay, parseIsoUtc, SECONDS_PER_DAY } from '../common/domain/time';
import { Page } from '../common/http/pagination';
import { LlmCircuitOpenError, LlmError, LlmErrorClass, LlmInvalidOutputError, LlmNotConfiguredError } from '../llm/llm.errors';
import { LlmClient } from '../llm/llm-client.port';
import { ANALYSIS_DIMENSION_SETS, DIMENSIONS, ERROR_DIMENSION_SETS, METRICS } from '../metrics/metric-names';
import { MetricDatum, MetricsRecorder } from '../metrics/metrics-recorder';
import { CustomersService } from '../customers/customers.service';
import { Order } from '../purchases/domain/order';
import { PurchasesService } from '../purchases/purchases.service';
import { analysisConfig } from './analysis.config';
import { ModelRouter, ModelRoute } from '../model-routing/model-router.port';
import { AnalysisRepository, StoredAnalysis } from './analysis.repository';
import { analysisInputHash, buildAnalysisInput } from './domain/analysis-input';
import { AnalysisSource, AnalysisType, TokenUsage } from './domain/analysis-type';
import { ConsumptionOptions, ConsumptionResult, ordersAsOf, predictConsumption } from './domain/consumption-analyzer';
import { CostAggregate, daysBetween, groupCosts, sumCosts, toMicroUsd } from './domain/cost-aggregation';
import { GroundedResult, groundConsumption, groundProfile, groundRecommendations, UngroundedOutputError } from './domain/model-output';
import { profileCustomer, ProfileResult } from './domain/profile-analyzer';
import { MAX_RECOMMENDATIONS, recommendProducts, RecommendationsResult } from './domain/recommendation-analyzer';
import { ModelOutputs, validateModelOutput } from './prompts/output-validator';
import { AnalysisPrompt, promptFor } from './prompts/prompt-registry';

/** Result shape of each analysis type (the same whichever source answered). */
export interface AnalysisResults {
  readonly consumption_prediction: ConsumptionResult;
  readonly customer_profile: ProfileResult;
  readonly recommendations: RecommendationsResult;
}

/** An analysis as served: the stored analysis plus what this request did and spent. */
export interface ServedAnalysis<R = unknown> extends StoredAnalysis<R> {
  readonly cached: boolean;
  /** Tokens spent by this request (zero when cached or when no model was asked). */
  readonly requestUsage: TokenUsage;
  /** Cost of this request in USD, unrounded. */
  readonly requestCostUsd: number;
  /** Time to serve this request, in ms. */
  readonly requestLatencyMs: number;
}

/** Options of one analysis request. */
export interface AnalyzeOptions {
  /** Reference instant (ISO-8601); default: the clock's now. */
  readonly asOf?: string;
  /** Skip the cache lookup (the fresh result is cached). */
  readonly fresh?: boolean;
}

/** Token and cost report of `GET /v1/analysis/costs`. */
export interface CostReport {
  readonly from: string;
  readonly to: string;
  readonly totals: ReturnType<typeof sumCosts>;
  readonly byModel: ReturnType<typeof groupCosts<'modelId'>>;
  readonly byAnalysisType: ReturnType<typeof groupCosts<'analysisType'>>;
  readonly byDay: ReturnType<typeof groupCosts<'day'>>;
  readonly items: CostAggregate[];
}

/** Engine name in the cache key when no model is asked; bump when the rule analyzers change. */
export const RULES_ENGINE = 'rules@2';
/** Version of the merge of a model answer with the rules, in the cache key of model answers; bump when it changes. */
export const MODEL_MERGE_VERSION = 2;
/** Longest cost report, in days. */
export const MAX_COST_REPORT_DAYS = 92;
const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0 };

interface Computed {
  readonly source: AnalysisSource;
  readonly reason: string | null;
  readonly errorClass: LlmErrorClass | null;
  readonly usage: TokenUsage;
  readonly costUsd: number;
  readonly llmLatencyMs: number | null;
  readonly droppedProductIds: readonly string[];
  readonly result: unknown;
}

/**
 * Runs the AI analyses of a customer: asks the {@link ModelRouter} for the model, serves a
 * cached analysis of the same input hash, else asks the {@link LlmClient} (structured output checked
 * against the JSON Schema and the customer's history) and falls back to the rule-based analyzers when
 * no model is configured, the call fails or the output is unusable. Fresh analyses are cached (model
 * answers and `llm_not_configured` rule answers; fallbacks are not, so the next request asks the model
 * again), appended to the history and counted in the daily cost aggregates; every served analysis is
 * recorded as metrics and reported to the router.
 */
@Injectable()
export class AnalysisService {
  private readonly logger = new Logger(AnalysisService.name);

  constructor(
    private readonly purchases: PurchasesService,
    private readonly customers: CustomersService,
    private readonly repository: AnalysisRepository,
    private readonly router: ModelRouter,
    private readonly llm: LlmClient,
    private readonly metrics: MetricsRecorder,
    private readonly clock: Clock,
    @Inject(analysisConfig.KEY) private readonly config: ConfigType<typeof analysisConfig>,
  ) {}

  /** The reference instant in ms: `asOf` or the clock's now. */
  asOfMs(asOf: string | undefined): number {
    return asOf === undefined ? this.clock.now().getTime() : parseIsoUtc(asOf);
  }

  /** One analysis. @throws CustomerNotFoundError (404). */
  async analyze<T extends AnalysisType>(customerId: string, type: T, options: AnalyzeOptions = {}): Promise<ServedAnalysis<AnalysisResults[T]>> {
    const orders = await this.purchases.listAll(customerId);
    return (await this.serve(customerId, type, orders, this.asOfMs(options.asOf), options.fresh ?? false)) as ServedAnalysis<AnalysisResults[T]>;
  }

  /** Several analyses over one read of the orders, run concurrently. @throws CustomerNotFoundError (404). */
  async analyzeMany(customerId: string, types: readonly AnalysisType[], options: AnalyzeOptions = {}): Promise<Map<AnalysisType, ServedAnalysis>> {
    const orders = await this.purchases.listAll(customerId);
    const asOfMs = this.asOfMs(options.asOf);
    const served = await Promise.all(types.map((type) => this.serve(customerId, type, orders, asOfMs, options.fresh ?? false)));
    return new Map(types.map((type, i) => [type, served[i]]));
  }

  /** Stored analyses newest first. @throws CustomerNotFoundError (404), InvalidInputError (bad cursor). */
  async history(customerId: string, limit: number, cursor?: string): Promise<Page<StoredAnalysis>> {
    await this.customers.assertExists(customerId);
    return this.repository.listHistory(customerId, limit, this.nowSeconds(), cursor);
  }

  /**
   * Tokens and cost by model, analysis type and day over `[from, to]` (UTC days, inclusive; default the
   * last 7 days up to today).
   *
   * @throws InvalidInputError when from > to or the span exceeds 92 days.
   */
  async costs(from?: string, to?: string): Promise<CostReport> {
    const today = isoDay(this.clock.now().getTime());
    const end = to ?? (from && from > today ? from : today);
    const start = from ?? isoDay(parseIsoDay(end) - 6 * MS_PER_DAY);
    if (start > end) throw new InvalidInputError([{ field: 'from', messages: ['from must not be after to'] }]);
    const days = daysBetween(start, end);
    if (days.length > MAX_COST_REPORT_DAYS) {
      throw new InvalidInputError([{ field: 'to', messages: [`the range must not exceed ${MAX_COST_REPORT_DAYS} days`] }]);
    }
    const items = (await this.repository.listCosts(days)).sort(
      (a, b) => a.day.localeCompare(b.day) || a.modelId.localeCompare(b.modelId) || a.analysisType.localeCompare(b.analysisType),
    );
    return {
      from: start,
      to: end,
      totals: sumCosts(items),
      byModel: groupCosts(items, 'modelId'),
      byAnalysisType: groupCosts(items, 'analysisType'),
      byDay: groupCosts(items, 'day'),
      items,
    };
  }

  private ruleOptions(): ConsumptionOptions {
    return { lapsedHorizonDays: this.config.lapsedHorizonDays };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  private async serve(customerId: string, type: AnalysisType, orders: readonly Order[], asOfMs: number, fresh: boolean): Promise<ServedAnalysis> {
    const started = performance.now();
    const route = await this.router.route(customerId, type);
    const prompt = promptFor(type, route.promptVersion);
    const visible = ordersAsOf(orders, asOfMs);
    const useModel = this.llm.isAvailable();
    const inputHash = analysisInputHash({
      analysisType: type,
      orders: visible,
      asOfDay: isoDay(asOfMs),
      promptId: prompt.promptId,
      promptVersion: prompt.version,
      engine: useModel ? route.modelId : RULES_ENGINE,
      parameters: {
        lapsedHorizonDays: this.config.lapsedHorizonDays,
        ...(useModel && { temperature: route.temperature, maxTokens: route.maxTokens, maxInputOrders: this.config.maxInputOrders, merge: MODEL_MERGE_VERSION }),
      },
    });
    const nowSeconds = this.nowSeconds();
    if (!fresh) {
      const hit = await this.repository.findCached(customerId, type, inputHash, nowSeconds);
      if (hit) {
        const served: ServedAnalysis = { ...hit, cached: true, requestUsage: NO_USAGE, requestCostUsd: 0, requestLatencyMs: performance.now() - started };
        await this.report(served, route, useModel, null, null);
        return served;
      }
    }
    const computed = useModel ? await this.askModel(type, route, prompt, visible, asOfMs) : this.rules(type, visible, asOfMs, 'llm_not_configured', null);
    const analysis: StoredAnalysis = {
      analysisId: randomUUID(),
      customerId,
      analysisType: type,
      asOf: new Date(asOfMs).toISOString(),
      generatedAt: this.clock.now().toISOString(),
      source: computed.source,
      modelId: useModel ? route.modelId : null,
      reason: computed.reason,
      promptId: prompt.promptId,
      promptVersion: prompt.version,
      experiment: route.experiment,
      inputHash,
      usage: computed.usage,
      costUsd: computed.costUsd,
      latencyMs: performance.now() - started,
      droppedProductIds: computed.droppedProductIds,
      result: computed.result,
    };
    const cacheable = computed.source === 'bedrock' || computed.reason === 'llm_not_configured';
    await Promise.all([
      cacheable ? this.repository.putCached(analysis, nowSeconds + this.config.cacheTtlSeconds[type]) : undefined,
      this.repository.appendHistory(analysis, nowSeconds + this.config.historyTtlDays * SECONDS_PER_DAY),
      useModel ? this.addCost(analysis, computed) : undefined,
    ]);
    const served: ServedAnalysis = {
      ...analysis,
      cached: false,
      requestUsage: computed.usage,
      requestCostUsd: computed.costUsd,
      requestLatencyMs: performance.now() - started,
    };
    await this.report(served, route, useModel, computed.llmLatencyMs, computed.errorClass);
    return served;
  }

  private async askModel(type: AnalysisType, route: ModelRoute, prompt: AnalysisPrompt, visible: readonly Order[], asOfMs: number): Promise<Computed> {
    let response;
    try {
      response = await this.llm.complete<ModelOutputs[typeof type]>({
        modelId: route.modelId,
        system: prompt.system,
        instruction: prompt.instruction,
        input: buildAnalysisInput(type, visible, asOfMs, this.config.maxInputOrders, this.ruleOptions()),
        tool: prompt.tool,
        temperature: route.temperature,
        maxTokens: route.maxTokens,
        validate: (output) => validateModelOutput(type, output),
      });
    } catch (err) {
      if (err instanceof LlmInvalidOutputError) {
        return this.rules(type, visible, asOfMs, `invalid_output:${err.reason}`, 'invalid_output', err.usage, err.costUsd, err.latencyMs);
      }
      if (err instanceof LlmCircuitOpenError) return this.rules(type, visible, asOfMs, 'circuit_open', 'circuit_open');
      if (err instanceof LlmNotConfiguredError) return this.rules(type, visible, asOfMs, 'llm_not_configured', null);
      if (err instanceof LlmError) return this.rules(type, visible, asOfMs, `llm_error:${err.errorClass}`, err.errorClass);
      this.logger.error(`analysis model call failed unexpectedly: type=${type} error=${(err as Error).name}`);
      return this.rules(type, visible, asOfMs, 'llm_error:unexpected', 'server_error');
    }
    let grounded: GroundedResult<unknown>;
    try {
      grounded = this.ground(type, response.output, visible, asOfMs);
    } catch (err) {
      if (!(err instanceof UngroundedOutputError)) throw err;
      this.logger.warn(`analysis output ungrounded: type=${type} model=${route.modelId} dropped=${err.droppedProductIds.length}`);
      return this.rules(type, visible, asOfMs, `invalid_output:${err.reason}`, 'invalid_output', response.usage, response.costUsd, response.latencyMs);
    }
    return {
      source: 'bedrock',
      reason: null,
      errorClass: null,
      usage: response.usage,
      costUsd: response.costUsd,
      llmLatencyMs: response.latencyMs,
      droppedProductIds: grounded.droppedProductIds,
      result: grounded.result,
    };
  }

  private ground(type: AnalysisType, output: unknown, visible: readonly Order[], asOfMs: number): GroundedResult<unknown> {
    switch (type) {
      case 'consumption_prediction':
        return groundConsumption(output as ModelOutputs['consumption_prediction'], visible, asOfMs, this.ruleOptions());
      case 'customer_profile':
        return groundProfile(output as ModelOutputs['customer_profile'], visible, asOfMs);
      case 'recommendations':
        return groundRecommendations(output as ModelOutputs['recommendations'], visible, asOfMs, this.ruleOptions());
    }
  }

  private rules(
    type: AnalysisType,
    visible: readonly Order[],
    asOfMs: number,
    reason: string,
    errorClass: LlmErrorClass | null,
    usage: TokenUsage = NO_USAGE,
    costUsd = 0,
    llmLatencyMs: number | null = null,
  ): Computed {
    const result =
      type === 'consumption_prediction'
        ? predictConsumption(visible, asOfMs, this.ruleOptions())
        : type === 'customer_profile'
          ? profileCustomer(visible, asOfMs)
          : recommendProducts(visible, asOfMs, MAX_RECOMMENDATIONS, this.ruleOptions());
    return { source: 'rules', reason, errorClass, usage, costUsd, llmLatencyMs, droppedProductIds: [], result };
  }

  private async addCost(analysis: StoredAnalysis, computed: Computed): Promise<void> {
    try {
      await this.repository.addCost({
        day: analysis.generatedAt.slice(0, 10),
        modelId: analysis.modelId as string,
        analysisType: analysis.analysisType,
        calls: 1,
        inputTokens: computed.usage.inputTokens,
        outputTokens: computed.usage.outputTokens,
        costMicroUsd: toMicroUsd(computed.costUsd),
        fallbacks: computed.source === 'rules' ? 1 : 0,
      });
    } catch (err) {
      this.logger.warn(`cost aggregate not updated: ${(err as Error).name}`);
    }
  }

  private async report(served: ServedAnalysis, route: ModelRoute, useModel: boolean, llmLatencyMs: number | null, errorClass: LlmErrorClass | null): Promise<void> {
    const modelId = useModel ? route.modelId : 'none';
    const data: MetricDatum[] = [
      { name: METRICS.analysisRequests, unit: 'Count', value: 1 },
      { name: METRICS.analysisLatency, unit: 'Milliseconds', value: served.requestLatencyMs },
      { name: METRICS.cacheHit, unit: 'Count', value: served.cached ? 1 : 0 },
      { name: METRICS.fallback, unit: 'Count', value: useModel && !served.cached && served.source === 'rules' ? 1 : 0 },
    ];
    if (useModel && !served.cached) {
      data.push(
        { name: METRICS.llmCalls, unit: 'Count', value: 1 },
        { name: METRICS.llmInputTokens, unit: 'Count', value: served.requestUsage.inputTokens },
        { name: METRICS.llmOutputTokens, unit: 'Count', value: served.requestUsage.outputTokens },
        { name: METRICS.llmCost, unit: 'Count', value: served.requestCostUsd },
      );
      if (llmLatencyMs !== null) data.push({ name: METRICS.llmLatency, unit: 'Milliseconds', value: llmLatencyMs });
    }
    const dimensions = { [DIMENSIONS.analysisType]: served.analysisType, [DIMENSIONS.source]: served.source, [DIMENSIONS.modelId]: modelId };
    this.metrics.record({ dimensions, dimensionSets: ANALYSIS_DIMENSION_SETS, data });
    if (errorClass) {
      this.metrics.record({
        dimensions: { [DIMENSIONS.errorClass]: errorClass, [DIMENSIONS.modelId]: modelId },
        dimensionSets: ERROR_DIMENSION_SETS,
        data: [{ name: METRICS.llmErrors, unit: 'Count', value: 1 }],
      });
    }
    this.logger.log(
      `analysis served: type=${served.analysisType} source=${served.source} reason=${served.reason ?? '-'} cached=${served.cached} model=${modelId} latencyMs=${Math.round(served.requestLatencyMs)}`,
    );
    try {
      await this.router.recordOutcome({
        analysisId: served.analysisId,
        unitId: served.customerId,
        analysisType: served.analysisType,
        route,
        source: served.source,
        reason: served.reason,
        cached: served.cached,
        usage: served.requestUsage,
        costUsd: served.requestCostUsd,
        latencyMs: served.requestLatencyMs,
      });
    } catch (err) {
      this.logger.warn(`analysis outcome not recorded by the router: ${(err as Error).name}`);
    }
  }
}
