import type { ConfigType } from '@nestjs/config';
import type { insightsConfig } from '../insights/insights.config';
import type { llmConfig } from '../llm/llm.config';
import { DefaultModelRouter } from './default-model.router';

const llm = { defaultModelId: 'haiku', temperature: 0.2, maxTokens: 1500 } as ConfigType<typeof llmConfig>;

describe('DefaultModelRouter', () => {
  it('routes analyses to the default model with LLM_MAX_TOKENS and no experiment', async () => {
    const router = new DefaultModelRouter(llm, { maxOutputTokens: 800 } as ConfigType<typeof insightsConfig>);
    await expect(router.route('c1', 'customer_profile')).resolves.toEqual({
      modelId: 'haiku',
      promptVersion: '1',
      temperature: 0.2,
      maxTokens: 1500,
      experiment: null,
    });
  });

  it('routes insights to INSIGHTS_MODEL_ID when set, else the default model, with the insights token limit', async () => {
    const own = new DefaultModelRouter(llm, { modelId: 'sonnet', maxOutputTokens: 800 } as ConfigType<typeof insightsConfig>);
    const shared = new DefaultModelRouter(llm, { maxOutputTokens: 600 } as ConfigType<typeof insightsConfig>);
    await expect(own.route('key#s1', 'insights')).resolves.toMatchObject({ modelId: 'sonnet', maxTokens: 800, experiment: null });
    await expect(shared.route('key#s1', 'insights')).resolves.toMatchObject({ modelId: 'haiku', maxTokens: 600 });
  });
});
