import { MS_PER_DAY } from '../../common/domain/time';
import type { AnalysisSource, FallbackReason } from '../../analysis/domain/analysis-type';
import type { ExposureObservation } from './experiment-aggregates';

/** Reasons that mean the model call itself failed (no answer at all). */
const CALL_FAILURE_PREFIXES = ['llm_error', 'circuit_open', 'llm_not_configured'];

/** What the analysis service reports about one served call. */
export interface ServedCall {
  readonly source: AnalysisSource;
  readonly reason: FallbackReason | null;
  readonly cached: boolean;
  readonly latencyMs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/**
 * The exposure figures of a served call: `success` = the model returned without error (an answer
 * rejected by validation is still a success); `fallback` = the rules answered; `validOutput` = the
 * model's answer was used (`source = bedrock`).
 */
export function exposureObservationOf(call: ServedCall): ExposureObservation {
  const failed = call.reason !== null && CALL_FAILURE_PREFIXES.some((p) => (call.reason as string).startsWith(p));
  return {
    cached: call.cached,
    latencyMs: Math.max(0, call.latencyMs),
    inputTokens: Math.max(0, call.inputTokens),
    outputTokens: Math.max(0, call.outputTokens),
    costUsd: Math.max(0, call.costUsd),
    success: !failed,
    fallback: call.source === 'rules',
    validOutput: call.source === 'bedrock',
  };
}

/** Milliseconds per day. */

/**
 * Absolute error of a next-purchase prediction in days: |order instant − predicted instant| / 1 day,
 * where the prediction is the earliest `predictedNextPurchaseAt` among the served product
 * predictions (the customer's next purchase of anything). Null without a valid prediction.
 */
export function predictionErrorDays(predictedInstants: readonly string[], orderInstant: string): number | null {
  const predicted = predictedInstants.map((p) => Date.parse(p)).filter((ms) => Number.isFinite(ms));
  const order = Date.parse(orderInstant);
  if (predicted.length === 0 || !Number.isFinite(order)) return null;
  return Math.abs(order - Math.min(...predicted)) / MS_PER_DAY;
}
