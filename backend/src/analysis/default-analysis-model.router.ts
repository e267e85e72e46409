import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { llmConfig } from '../llm/llm.config';
import { AnalysisModelRouter, AnalysisRoute } from './analysis-model.router';
import { AnalysisType } from './domain/analysis-type';
import { DEFAULT_PROMPT_VERSION } from './prompts/prompt-registry';

/**
 * {@link AnalysisModelRouter} without experiments: `LLM_DEFAULT_MODEL_ID`, the default prompt version
 * of the type, `LLM_TEMPERATURE` and `LLM_MAX_TOKENS`; outcomes are ignored.
 */
@Injectable()
export class DefaultAnalysisModelRouter extends AnalysisModelRouter {
  constructor(@Inject(llmConfig.KEY) private readonly llm: ConfigType<typeof llmConfig>) {
    super();
  }

  route(_customerId: string, analysisType: AnalysisType): Promise<AnalysisRoute> {
    return Promise.resolve({
      modelId: this.llm.defaultModelId,
      promptVersion: DEFAULT_PROMPT_VERSION[analysisType],
      temperature: this.llm.temperature,
      maxTokens: this.llm.maxTokens,
      experiment: null,
    });
  }

  recordOutcome(): Promise<void> {
    return Promise.resolve();
  }
}
