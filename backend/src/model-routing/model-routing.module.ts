import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { insightsConfig } from '../insights/insights.config';
import { llmConfig } from '../llm/llm.config';
import { DefaultModelRouter } from './default-model.router';
import { ModelRouter } from './model-router.port';
import { ModelRouterRegistry } from './model-router.registry';

/**
 * Which model answers which routed call (analyses and insights answers). Exports the
 * {@link ModelRouter} port for callers, the {@link DefaultModelRouter} (the route outside every
 * experiment) and the {@link ModelRouterRegistry} through which the experiments module plugs in its
 * experiment-aware router. Depends on no feature module, so analysis, insights and experiments can
 * all import it without a cycle.
 */
@Module({
  imports: [ConfigModule.forFeature(llmConfig), ConfigModule.forFeature(insightsConfig)],
  providers: [DefaultModelRouter, ModelRouterRegistry, { provide: ModelRouter, useExisting: ModelRouterRegistry }],
  exports: [ModelRouter, DefaultModelRouter, ModelRouterRegistry],
})
export class ModelRoutingModule {}
