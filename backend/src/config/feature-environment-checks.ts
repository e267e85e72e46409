import { InvalidConfigError } from './config-validation';
import { parseAnalysisConfig } from '../analysis/analysis.config';
import { parseInsightsConfig } from '../insights/insights.config';
import { parseLlmConfig } from '../llm/llm.config';
import { parseMetricsConfig } from '../metrics/metrics.config';
import { parseBatchJobLauncherConfig } from '../segmentation/batch-job-launcher.config';
import { parseSegmentationConfig } from '../segmentation/segmentation.config';

/** Validates one feature's variables; returns `VARIABLE: problem` lines (empty when valid). */
export type FeatureEnvironmentCheck = (env: Readonly<Record<string, string | undefined>>) => string[];

function problemsOf(parse: (env: Readonly<Record<string, string | undefined>>) => unknown): FeatureEnvironmentCheck {
  return (env) => {
    try {
      parse(env);
      return [];
    } catch (err) {
      if (err instanceof InvalidConfigError) return [...err.problems];
      throw err;
    }
  };
}

/** `INSIGHTS_MODEL_ID` must name a model of the (possibly overridden) catalog. */
const insightsModelInCatalog: FeatureEnvironmentCheck = (env) => {
  const modelId = env.INSIGHTS_MODEL_ID?.trim();
  if (!modelId || problemsOf(parseLlmConfig)(env).length > 0) return [];
  const catalog = parseLlmConfig(env).catalog;
  return catalog.some((m) => m.modelId === modelId) ? [] : [`INSIGHTS_MODEL_ID: ${modelId} is not in the model catalog`];
};

/** Feature modules whose variables are validated at boot with the core ones. */
export const FEATURE_ENVIRONMENT_CHECKS: readonly FeatureEnvironmentCheck[] = [
  problemsOf(parseLlmConfig),
  problemsOf(parseInsightsConfig),
  problemsOf(parseSegmentationConfig),
  problemsOf(parseBatchJobLauncherConfig),
  problemsOf(parseAnalysisConfig),
  problemsOf(parseMetricsConfig),
  insightsModelInCatalog,
];
