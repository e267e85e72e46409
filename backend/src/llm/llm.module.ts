import { Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { DisabledLlmClient } from './disabled-llm.client';
import { BedrockLlmClient, createBedrockRuntimeClient } from './infrastructure/bedrock-llm.client';
import { llmConfig } from './llm.config';
import { LlmClient } from './llm-client.port';
import { ModelCatalog } from './model-catalog';

/**
 * Provides {@link LlmClient} (Bedrock Converse when `llm.provider` is `bedrock`, else the disabled
 * client) and the {@link ModelCatalog} with prices.
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
      useFactory: (config: ConfigType<typeof llmConfig>, catalog: ModelCatalog): LlmClient =>
        config.provider === 'bedrock'
          ? new BedrockLlmClient(createBedrockRuntimeClient(config), config, catalog)
          : new DisabledLlmClient(),
    },
  ],
  exports: [LlmClient, ModelCatalog],
})
export class LlmModule {}
