import { Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { DisabledLlmClient } from './disabled-llm.client';
import { BedrockLlmClient, createBedrockRuntimeClient } from './infrastructure/bedrock-llm.client';
import { createOpenAiClient, OpenAiCompatibleLlmClient } from './infrastructure/openai-compatible-llm.client';
import { LlmConfig, llmConfig, OPENAI_COMPATIBLE_PROVIDER } from './llm.config';
import { LlmClient } from './llm-client.port';
import { ModelCatalog } from './model-catalog';
import { ProviderRoutingLlmClient } from './provider-routing-llm.client';

/**
 * The {@link LlmClient} of a configuration: Bedrock when the provider is `bedrock` (else disabled)
 * for catalog models of any provider but `openai-compatible`, whose calls go to the
 * OpenAI-compatible adapter when `OPENAI_BASE_URL` is set.
 */
export function createLlmClient(config: LlmConfig, catalog: ModelCatalog): LlmClient {
  const bedrock = config.provider === 'bedrock' ? new BedrockLlmClient(createBedrockRuntimeClient(config), config, catalog) : new DisabledLlmClient();
  if (!config.openAiCompatible) return bedrock;
  const openAi = new OpenAiCompatibleLlmClient(createOpenAiClient(config.openAiCompatible), config.openAiCompatible, config, catalog);
  return new ProviderRoutingLlmClient(catalog, new Map([[OPENAI_COMPATIBLE_PROVIDER, openAi]]), bedrock);
}

/**
 * Provides {@link LlmClient} (see {@link createLlmClient}: Bedrock Converse, the OpenAI-compatible
 * adapter by catalog provider, or the disabled client) and the {@link ModelCatalog} with prices.
 */
@Module({
  imports: [ConfigModule.forFeature(llmConfig)],
  providers: [
    {
      provide: ModelCatalog,
      inject: [llmConfig.KEY],
      useFactory: (config: ConfigType<typeof llmConfig>) => new ModelCatalog(config.catalog, config.defaultModelId),
    },
    {
      provide: LlmClient,
      inject: [llmConfig.KEY, ModelCatalog],
      useFactory: (config: ConfigType<typeof llmConfig>, catalog: ModelCatalog): LlmClient => createLlmClient(config, catalog),
    },
  ],
  exports: [LlmClient, ModelCatalog],
})
export class LlmModule {}
