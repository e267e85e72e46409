import { registerAs } from '@nestjs/config';
import { type Env, numberVar, throwIfInvalid } from '../config/config-validation';
import { INSIGHT_SCHEMES, InsightScheme } from './domain/segment-vocabulary';

/** Typed insights configuration (`insights` namespace). */
export interface InsightsConfig {
  /** Scheme of questions that name none. Default `rfm`. */
  readonly defaultScheme: InsightScheme;
  /** Token budget of the model's context (figures, definitions, history), estimated as ⌈chars / 4⌉. Default 2000. */
  readonly contextTokenBudget: number;
  /** Part of the budget conversation history may use. Default 600. */
  readonly historyTokenBudget: number;
  /** Turns remembered per session (0 disables memory). Default 6. */
  readonly memoryTurns: number;
  /** Lifetime of a session's turns after the last one, in seconds (DynamoDB TTL). Default 86,400 (1 day). */
  readonly sessionTtlSeconds: number;
  /** Expected customer lifetime of the predicted CLV, in years. Default 3. */
  readonly clvLifetimeYears: number;
  /** Top customers listed per segment. Default 5. */
  readonly topCustomers: number;
  /** Catalog model id of insights answers; default `LLM_DEFAULT_MODEL_ID`. */
  readonly modelId?: string;
  /** Output token limit of an answer. Default 800. */
  readonly maxOutputTokens: number;
  /** Customer row sets kept in memory (per run and reference date). Default 4. */
  readonly reportCacheSize: number;
}

/**
 * Builds the insights configuration (pure) from `INSIGHTS_DEFAULT_SCHEME` (rfm|lifecycle),
 * `INSIGHTS_CONTEXT_TOKEN_BUDGET` (300..100000), `INSIGHTS_HISTORY_TOKEN_BUDGET` (0..50000, at most
 * the context budget), `INSIGHTS_MEMORY_TURNS` (0..50), `INSIGHTS_SESSION_TTL_SECONDS`
 * (60..2592000), `INSIGHTS_CLV_LIFETIME_YEARS` (0.1..50), `INSIGHTS_TOP_CUSTOMERS` (1..50),
 * `INSIGHTS_MODEL_ID` (a catalog model id; membership is checked at boot in config/feature-environment-checks.ts),
 * `INSIGHTS_MAX_OUTPUT_TOKENS` (100..8192), `INSIGHTS_REPORT_CACHE_SIZE` (1..100).
 *
 * @throws InvalidConfigError naming each bad variable.
 */
export function parseInsightsConfig(env: Env): InsightsConfig {
  const problems: string[] = [];
  const scheme = env.INSIGHTS_DEFAULT_SCHEME?.trim();
  if (scheme && !(INSIGHT_SCHEMES as readonly string[]).includes(scheme)) problems.push(`INSIGHTS_DEFAULT_SCHEME: must be one of ${INSIGHT_SCHEMES.join(', ')}`);
  const contextTokenBudget = numberVar(env, 'INSIGHTS_CONTEXT_TOKEN_BUDGET', 300, 100_000, true, problems) ?? 2000;
  const historyTokenBudget = numberVar(env, 'INSIGHTS_HISTORY_TOKEN_BUDGET', 0, 50_000, true, problems) ?? Math.min(600, contextTokenBudget);
  if (historyTokenBudget > contextTokenBudget) problems.push('INSIGHTS_HISTORY_TOKEN_BUDGET: must not exceed INSIGHTS_CONTEXT_TOKEN_BUDGET');
  const memoryTurns = numberVar(env, 'INSIGHTS_MEMORY_TURNS', 0, 50, true, problems) ?? 6;
  const sessionTtlSeconds = numberVar(env, 'INSIGHTS_SESSION_TTL_SECONDS', 60, 2_592_000, true, problems) ?? 86_400;
  const clvLifetimeYears = numberVar(env, 'INSIGHTS_CLV_LIFETIME_YEARS', 0.1, 50, false, problems) ?? 3;
  const topCustomers = numberVar(env, 'INSIGHTS_TOP_CUSTOMERS', 1, 50, true, problems) ?? 5;
  const maxOutputTokens = numberVar(env, 'INSIGHTS_MAX_OUTPUT_TOKENS', 100, 8192, true, problems) ?? 800;
  const reportCacheSize = numberVar(env, 'INSIGHTS_REPORT_CACHE_SIZE', 1, 100, true, problems) ?? 4;
  const modelId = env.INSIGHTS_MODEL_ID?.trim() || undefined;
  if (modelId !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/.test(modelId)) problems.push('INSIGHTS_MODEL_ID: must be a catalog model id');
  throwIfInvalid('insights', problems);
  return {
    defaultScheme: (scheme as InsightScheme | undefined) || 'rfm',
    contextTokenBudget,
    historyTokenBudget,
    memoryTurns,
    sessionTtlSeconds,
    clvLifetimeYears,
    topCustomers,
    ...(modelId !== undefined && { modelId }),
    maxOutputTokens,
    reportCacheSize,
  };
}

/** The `insights` config namespace. */
export const insightsConfig = registerAs('insights', (): InsightsConfig => parseInsightsConfig(process.env));
