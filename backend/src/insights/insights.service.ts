import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { ModelRouter, ModelRoute } from '../model-routing/model-router.port';
import { Clock } from '../common/clock';
import { LlmError, LlmInvalidOutputError } from '../llm/llm.errors';
import { LlmClient } from '../llm/llm-client.port';
import { OPENAI_COMPATIBLE_PROVIDER } from '../llm/llm.config';
import { ModelCatalog } from '../llm/model-catalog';
import { InsightAnswer, templateAnswer } from './domain/answer-template';
import { resolveFollowUp, TurnReference } from './domain/follow-up';
import { checkGrounding } from './domain/grounding';
import { buildInsightContext, contextTokens, Figure, InsightContext, modelInputOf } from './domain/insight-context';
import { detectIntent, InsightIntent } from './domain/intent-detection';
import type { InsightScheme } from './domain/segment-vocabulary';
import { ConversationMemoryRepository, ConversationTurn, SessionKey } from './conversation-memory.repository';
import { INSIGHT_ANSWER_TOOL, INSIGHTS_INSTRUCTION, INSIGHTS_SYSTEM_PROMPT, validateInsightAnswer } from './insight-answer.schema';
import { insightsConfig } from './insights.config';
import { SegmentAnalyticsService } from './segment-analytics.service';

/** Which engine wrote an answer. */
export type InsightSourceType = 'bedrock' | 'openai-compatible' | 'template';

/** An answered question. */
export interface InsightResult {
  /** Id of this answer; its experiment exposure is keyed by it (the `analysisId` of experiment feedback). */
  readonly answerId: string;
  readonly sessionId: string;
  readonly intent: InsightIntent;
  readonly scheme: InsightScheme;
  readonly segments: readonly string[];
  readonly unknownSegments: readonly string[];
  /** How a follow-up (`the second one`) was resolved against the previous turn; null otherwise. */
  readonly followUp: { readonly reference: string; readonly segment: string } | null;
  readonly answer: InsightAnswer;
  /** The figures given to the model and the template (stored data or computed from it). */
  readonly figures: readonly Figure[];
  readonly ranking: { readonly by: string; readonly segments: readonly string[] } | null;
  readonly source: { readonly type: InsightSourceType; readonly modelId: string | null };
  /** False when a model answer held numbers that are not in the figures (then the template answered). */
  readonly grounded: boolean;
  readonly ungroundedNumbers: readonly string[];
  /**
   * Why the template answered instead of a model (`llm_not_configured`, `ungrounded`,
   * `invalid_output:<reason>`, `llm_error:<class>`); null otherwise.
   */
  readonly fallbackReason: string | null;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly costUsd: number;
  readonly latencyMs: number;
  readonly context: { readonly tokens: number; readonly omittedGroups: readonly string[]; readonly historyTurns: number };
  readonly runId: string;
  /** Reference date of the figures, ISO-8601 UTC. */
  readonly asOf: string;
  readonly experiment: { readonly key: string; readonly variant: string } | null;
}

const HISTORY_ANSWER_CHARS = 600;

type Answered = Pick<InsightResult, 'answer' | 'source' | 'grounded' | 'ungroundedNumbers' | 'fallbackReason' | 'usage' | 'costUsd' | 'experiment'>;

/**
 * Answers plain-language questions about segments: intent detection and follow-up resolution
 * against the session's memory, a budgeted context of the figures the intent needs, the model asked
 * for a three-part answer by a forced tool call validated with ajv, then the grounding check; the
 * templated answer stands in without a model, on any model failure, and when the grounding check
 * fails. The model is chosen by the {@link ModelRouter} shared with the AI analyses (call type
 * `insights`, assignment unit `<apiKeyName>#<sessionId>`, so a conversation keeps its variant) and
 * asked through the {@link LlmClient}; every routed answer is reported back with `recordOutcome`.
 * Questions and answers are never logged.
 */
@Injectable()
export class InsightsService {
  private readonly logger = new Logger(InsightsService.name);

  constructor(
    private readonly analytics: SegmentAnalyticsService,
    private readonly memory: ConversationMemoryRepository,
    private readonly llm: LlmClient,
    private readonly catalog: ModelCatalog,
    private readonly router: ModelRouter,
    private readonly clock: Clock,
    @Inject(insightsConfig.KEY) private readonly config: ConfigType<typeof insightsConfig>,
  ) {}

  /**
   * @param keyName configured name of the caller's API key (sessions are isolated per key).
   * @param sessionId client session id; a new one is created when absent.
   * @throws NoSegmentationRunError when no segmentation run exists yet.
   */
  async ask(question: string, keyName: string, sessionId?: string): Promise<InsightResult> {
    const started = performance.now();
    const session: SessionKey = { keyName, sessionId: sessionId ?? randomUUID() };
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const turns = await this.memory.recent(session, this.config.memoryTurns, nowSeconds);
    const previous = turns[turns.length - 1];
    const reference: TurnReference | undefined = previous && {
      intent: previous.intent,
      scheme: previous.scheme,
      segments: previous.segments,
      rankedSegments: previous.rankedSegments,
    };
    const resolved = resolveFollowUp(detectIntent(question, this.config.defaultScheme), reference);
    const { run, report } = await this.analytics.report(resolved.scheme);
    const carried = resolved.resolution && previous?.rankingBy ? { by: previous.rankingBy, segments: previous.rankedSegments } : undefined;
    const context = buildInsightContext(
      {
        question,
        intent: resolved.intent,
        scheme: resolved.scheme,
        segments: resolved.segments,
        unknownSegments: resolved.unknownSegments,
        report,
        history: turns.map((t) => ({ question: t.question, answer: t.answer })),
        ...(carried && { carriedRanking: carried }),
      },
      { maxTokens: this.config.contextTokenBudget, historyMaxTokens: this.config.historyTokenBudget },
    );
    const answerId = randomUUID();
    const answered = await this.answer(context, answerId, `${keyName}#${session.sessionId}`);
    const turn: ConversationTurn = {
      sequence: (previous?.sequence ?? 0) + 1,
      at: this.clock.now().toISOString(),
      question,
      answer: `${answered.answer.data} ${answered.answer.insight}`.slice(0, HISTORY_ANSWER_CHARS),
      intent: resolved.intent,
      scheme: resolved.scheme,
      segments: resolved.segments,
      rankedSegments: context.ranking?.segments ?? [],
      rankingBy: context.ranking?.by ?? null,
    };
    if (this.config.memoryTurns > 0) await this.memory.append(session, turn, nowSeconds + this.config.sessionTtlSeconds, nowSeconds);
    return {
      answerId,
      sessionId: session.sessionId,
      intent: resolved.intent,
      scheme: resolved.scheme,
      segments: resolved.segments,
      unknownSegments: resolved.unknownSegments,
      followUp: resolved.resolution,
      answer: answered.answer,
      figures: context.figures,
      ranking: context.ranking,
      source: answered.source,
      grounded: answered.grounded,
      ungroundedNumbers: answered.ungroundedNumbers,
      fallbackReason: answered.fallbackReason,
      usage: answered.usage,
      costUsd: answered.costUsd,
      latencyMs: Math.round(performance.now() - started),
      context: { tokens: contextTokens(context), omittedGroups: context.omittedGroups, historyTurns: context.history.length },
      runId: run.runId,
      asOf: new Date(report.asOfMs).toISOString(),
      experiment: answered.experiment,
    };
  }

  private async answer(context: InsightContext, answerId: string, unitId: string): Promise<Answered> {
    if (!this.llm.isAvailable()) return this.template(context, 'llm_not_configured');
    const started = performance.now();
    const route = await this.router.route(unitId, 'insights');
    const answered = await this.askModel(context, route);
    await this.report(answerId, unitId, route, answered, performance.now() - started);
    return answered;
  }

  private template(context: InsightContext, fallbackReason: string, extra: Partial<Answered> = {}): Answered {
    return {
      answer: templateAnswer(context),
      source: { type: 'template', modelId: null },
      grounded: true,
      ungroundedNumbers: [],
      fallbackReason,
      usage: { inputTokens: 0, outputTokens: 0 },
      costUsd: 0,
      experiment: null,
      ...extra,
    };
  }

  private async askModel(context: InsightContext, route: ModelRoute): Promise<Answered> {
    const input = modelInputOf(context);
    try {
      const result = await this.llm.complete({
        modelId: route.modelId,
        system: INSIGHTS_SYSTEM_PROMPT,
        instruction: INSIGHTS_INSTRUCTION,
        input,
        tool: INSIGHT_ANSWER_TOOL,
        temperature: route.temperature,
        maxTokens: route.maxTokens,
        validate: validateInsightAnswer,
      });
      const spent = { usage: result.usage, costUsd: result.costUsd, experiment: route.experiment };
      const grounding = checkGrounding([result.output.data, result.output.insight, result.output.recommendation], input);
      if (!grounding.grounded) {
        this.logger.warn(`insights answer not grounded: model=${result.modelId} ungrounded=${grounding.ungroundedNumbers.length}`);
        return this.template(context, 'ungrounded', { ...spent, grounded: false, ungroundedNumbers: grounding.ungroundedNumbers });
      }
      const provider = this.catalog.find(result.modelId)?.provider;
      return {
        answer: result.output,
        source: { type: provider === OPENAI_COMPATIBLE_PROVIDER ? 'openai-compatible' : 'bedrock', modelId: result.modelId },
        grounded: true,
        ungroundedNumbers: [],
        fallbackReason: null,
        ...spent,
      };
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      if (err instanceof LlmInvalidOutputError) {
        return this.template(context, `invalid_output:${err.reason}`, { usage: err.usage, costUsd: err.costUsd, experiment: route.experiment });
      }
      const reason = err.errorClass === 'not_configured' ? 'llm_not_configured' : `llm_error:${err.errorClass}`;
      return this.template(context, reason, { experiment: route.experiment });
    }
  }

  /**
   * Reports a routed answer to the router: model answer used = `bedrock` (valid output: schema valid
   * and grounded), template = `rules` (fallback); latency covers routing, the model call and the checks.
   */
  private async report(answerId: string, unitId: string, route: ModelRoute, answered: Answered, latencyMs: number): Promise<void> {
    try {
      await this.router.recordOutcome({
        analysisId: answerId,
        unitId,
        analysisType: 'insights',
        route,
        source: answered.source.type === 'template' ? 'rules' : 'bedrock',
        reason: answered.fallbackReason,
        cached: false,
        usage: answered.usage,
        costUsd: answered.costUsd,
        latencyMs,
      });
    } catch (err) {
      this.logger.warn(`insights outcome not recorded by the router: ${(err as Error).name}`);
    }
  }
}
