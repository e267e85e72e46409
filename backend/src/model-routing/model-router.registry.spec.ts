import type { ConfigType } from '@nestjs/config';
import type { RoutedCallType } from '../analysis/domain/analysis-type';
import type { insightsConfig } from '../insights/insights.config';
import type { llmConfig } from '../llm/llm.config';
import { DefaultModelRouter } from './default-model.router';
import { ModelRoute, ModelRouter, RoutedCallOutcome } from './model-router.port';
import { ModelRouterRegistry } from './model-router.registry';

/** Routes everything to one model and remembers the outcomes it was given. */
class RecordingRouter extends ModelRouter {
  readonly outcomes: RoutedCallOutcome[] = [];
  route(unitId: string, analysisType: RoutedCallType): Promise<ModelRoute> {
    return Promise.resolve({ modelId: `local:${analysisType}:${unitId}`, promptVersion: '1', temperature: 0, maxTokens: 10, experiment: { key: 'e', variant: 'b' } });
  }
  recordOutcome(outcome: RoutedCallOutcome): Promise<void> {
    this.outcomes.push(outcome);
    return Promise.resolve();
  }
}

const defaults = () =>
  new DefaultModelRouter(
    { defaultModelId: 'haiku', temperature: 0.2, maxTokens: 1500 } as ConfigType<typeof llmConfig>,
    { maxOutputTokens: 800 } as ConfigType<typeof insightsConfig>,
  );

const outcome = (route: ModelRoute): RoutedCallOutcome => ({
  analysisId: 'a1',
  unitId: 'c1',
  analysisType: 'recommendations',
  route,
  source: 'bedrock',
  reason: null,
  cached: false,
  usage: { inputTokens: 1, outputTokens: 2 },
  costUsd: 0.001,
  latencyMs: 5,
});

describe('ModelRouterRegistry', () => {
  it('serves the default route while no router is registered', async () => {
    const registry = new ModelRouterRegistry(defaults());
    const route = await registry.route('c1', 'recommendations');
    expect(route).toMatchObject({ modelId: 'haiku', experiment: null });
    await expect(registry.recordOutcome(outcome(route))).resolves.toBeUndefined();
  });

  it('forwards routes and outcomes to the registered router', async () => {
    const registry = new ModelRouterRegistry(defaults());
    const experiments = new RecordingRouter();
    registry.register(experiments);
    registry.register(experiments);
    const route = await registry.route('c1', 'recommendations');
    expect(route.modelId).toBe('local:recommendations:c1');
    await registry.recordOutcome(outcome(route));
    expect(experiments.outcomes.map((o) => [o.unitId, o.route.experiment])).toEqual([['c1', { key: 'e', variant: 'b' }]]);
  });

  it('refuses a second, different router', () => {
    const registry = new ModelRouterRegistry(defaults());
    registry.register(new RecordingRouter());
    expect(() => registry.register(new RecordingRouter())).toThrow('a model router is already registered');
  });
});
