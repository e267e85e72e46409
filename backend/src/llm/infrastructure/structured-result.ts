import type { Logger } from '@nestjs/common';
import { InvalidOutputReason, LlmErrorContext, LlmInvalidOutputError, LlmUsage } from '../llm.errors';
import type { StructuredCompletionRequest, StructuredCompletionResult } from '../llm-client.port';
import { computeCostUsd, ModelCatalogEntry } from '../model-catalog';

/** The tool input a provider's answer holds, or why it holds none (each adapter reads its own wire format). */
export type ModelToolOutput =
  | { readonly ok: true; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly reason: InvalidOutputReason; readonly detail: string };

/** What an adapter knows of the answering call. */
export interface AnswerFacts {
  readonly entry: ModelCatalogEntry;
  /** `undefined` when the response carried no usage (logged; tokens recorded as 0). */
  readonly usage: LlmUsage | undefined;
  readonly latencyMs: number;
  readonly attempts: number;
  /** The provider's stop reason, `undefined` when it gave none. */
  readonly stopReason: string | undefined;
}

/**
 * The result of a structured completion from the provider's answer, shared by the adapters: tokens
 * (0 when the response has no usage) priced with the catalog, then the tool input, checked by
 * `request.validate` when given.
 *
 * @throws LlmInvalidOutputError (logged with model id, reason and stop reason only) when the answer
 *   holds no usable tool input (its reason) or `validate` throws (`schema_mismatch`); it carries the
 *   usage, cost and latency of the wasted answer.
 */
export function structuredResult<T>(request: StructuredCompletionRequest<T>, tool: ModelToolOutput, facts: AnswerFacts, logger: Logger): StructuredCompletionResult<T> {
  const { entry, latencyMs, attempts } = facts;
  if (!facts.usage) logger.warn(`LLM response without usage: model=${entry.modelId}; tokens recorded as 0`);
  const usage = facts.usage ?? { inputTokens: 0, outputTokens: 0 };
  const costUsd = computeCostUsd(usage, entry);
  const stopReason = facts.stopReason ?? 'unknown';
  const context: LlmErrorContext = { modelId: entry.modelId, attempts };
  const invalid = (message: string, reason: InvalidOutputReason): LlmInvalidOutputError => {
    logger.warn(`LLM invalid output: model=${entry.modelId} reason=${reason} stopReason=${stopReason}`);
    return new LlmInvalidOutputError(message, context, reason, usage, costUsd, latencyMs, facts.stopReason);
  };
  if (!tool.ok) throw invalid(`Model ${entry.modelId} returned no usable output: ${tool.detail}`, tool.reason);
  let output: T;
  if (request.validate) {
    try {
      output = request.validate(tool.input);
    } catch (err) {
      throw invalid(`Model ${entry.modelId} output failed validation: ${(err as Error).message}`, 'schema_mismatch');
    }
  } else {
    output = tool.input as T;
  }
  return { output, usage, costUsd, latencyMs, modelId: entry.modelId, attempts, stopReason };
}
