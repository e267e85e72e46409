import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
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
import { InsightsModelRouter } from './insights-model.router';
import { SegmentAnalyticsService } from './segment-analytics.service';

/** Which engine wrote an answer. */
export type InsightSourceType = 'bedrock' | 'openai-compatible' | 'template';

/** An answered question. */
export interface InsightResult {
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
  /** Why the template answered instead of a model (`llm_not_configured`, `ungrounded`, `llm_error:<class>`); null otherwise. */
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

/**
 * Answers plain-language questions about segments: intent detection and follow-up resolution
 * against the session's memory, a budgeted context of the figures the intent needs, the model
 * (chosen by {@link InsightsModelRouter}, through the {@link LlmClient}) asked for a three-part answer
 * by a forced tool call validated with ajv, then the grounding check; the templated answer stands in
 * without a model, on any model failure, and when the grounding check fails. Questions and answers
 * are never logged.
 */
@Injectable()
export class InsightsService {
  private readonly logger = new Logger(InsightsService.name);

  constructor(
    private readonly analytics: SegmentAnalyticsService,
    private readonly memory: ConversationMemoryRepository,
    private readonly llm: LlmClient,
    private readonly catalog: ModelCatalog,
    private readonly router: InsightsModelRouter,
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
    const answered = await this.answer(context, `${keyName}#${session.sessionId}`);
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

  private async answer(
    context: InsightContext,
    unitId: string,
  ): Promise<Pick<InsightResult, 'answer' | 'source' | 'grounded' | 'ungroundedNumbers' | 'fallbackReason' | 'usage' | 'costUsd' | 'experiment'>> {
    const template = (fallbackReason: string, extra: Partial<Pick<InsightResult, 'grounded' | 'ungroundedNumbers' | 'usage' | 'costUsd' | 'experiment'>> = {}) => ({
      answer: templateAnswer(context),
      source: { type: 'template' as const, modelId: null },
      grounded: true,
      ungroundedNumbers: [],
      fallbackReason,
      usage: { inputTokens: 0, outputTokens: 0 },
      costUsd: 0,
      experiment: null,
      ...extra,
    });
    if (!this.llm.isAvailable()) return template('llm_not_configured');
    const route = await this.router.route(unitId);
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
        return template('ungrounded', { ...spent, grounded: false, ungroundedNumbers: grounding.ungroundedNumbers });
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
      const reason = err.errorClass === 'not_configured' ? 'llm_not_configured' : `llm_error:${err.errorClass}`;
      const spent = err instanceof LlmInvalidOutputError ? { usage: err.usage, costUsd: err.costUsd } : {};
      return template(reason, { ...spent, experiment: route.experiment });
    }
  }
}
