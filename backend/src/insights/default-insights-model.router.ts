import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { llmConfig } from '../llm/llm.config';
import { insightsConfig } from './insights.config';
import { InsightsModelRouter, InsightsRoute } from './insights-model.router';

/**
 * {@link InsightsModelRouter} without experiments: `INSIGHTS_MODEL_ID` (else `LLM_DEFAULT_MODEL_ID`),
 * `LLM_TEMPERATURE` and `INSIGHTS_MAX_OUTPUT_TOKENS`.
 */
@Injectable()
export class DefaultInsightsModelRouter extends InsightsModelRouter {
  constructor(
    @Inject(llmConfig.KEY) private readonly llm: ConfigType<typeof llmConfig>,
    @Inject(insightsConfig.KEY) private readonly config: ConfigType<typeof insightsConfig>,
  ) {
    super();
  }

  route(): Promise<InsightsRoute> {
    return Promise.resolve({
      modelId: this.config.modelId ?? this.llm.defaultModelId,
      temperature: this.llm.temperature,
      maxTokens: this.config.maxOutputTokens,
      experiment: null,
    });
  }
}
