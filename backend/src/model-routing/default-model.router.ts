import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { insightsConfig } from '../insights/insights.config';
import { llmConfig } from '../llm/llm.config';
import { ModelRouter, ModelRoute } from './model-router.port';
import { RoutedCallType } from '../analysis/domain/analysis-type';
import { DEFAULT_PROMPT_VERSION } from '../analysis/prompts/prompt-registry';

/**
 * {@link ModelRouter} without experiments, also the route of every call outside an
 * experiment: the default prompt version of the type, `LLM_TEMPERATURE`, and `LLM_DEFAULT_MODEL_ID`
 * with `LLM_MAX_TOKENS` for analyses, `INSIGHTS_MODEL_ID` (else `LLM_DEFAULT_MODEL_ID`) with
 * `INSIGHTS_MAX_OUTPUT_TOKENS` for insights. Outcomes are ignored.
 */
@Injectable()
export class DefaultModelRouter extends ModelRouter {
  constructor(
    @Inject(llmConfig.KEY) private readonly llm: ConfigType<typeof llmConfig>,
    @Inject(insightsConfig.KEY) private readonly insights: ConfigType<typeof insightsConfig>,
  ) {
    super();
  }

  route(_unitId: string, analysisType: RoutedCallType): Promise<ModelRoute> {
    const insights = analysisType === 'insights';
    return Promise.resolve({
      modelId: (insights ? this.insights.modelId : undefined) ?? this.llm.defaultModelId,
      promptVersion: DEFAULT_PROMPT_VERSION[analysisType],
      temperature: this.llm.temperature,
      maxTokens: insights ? this.insights.maxOutputTokens : this.llm.maxTokens,
      experiment: null,
    });
  }

  recordOutcome(): Promise<void> {
    return Promise.resolve();
  }
}
