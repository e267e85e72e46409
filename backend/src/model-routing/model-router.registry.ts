import { Injectable } from '@nestjs/common';
import type { RoutedCallType } from '../analysis/domain/analysis-type';
import { DefaultModelRouter } from './default-model.router';
import { ModelRoute, ModelRouter, RoutedCallOutcome } from './model-router.port';

/**
 * The {@link ModelRouter} that callers get: it forwards every call to the router registered by a
 * feature module (the experiments module registers its experiment-aware router at module init), or
 * to the {@link DefaultModelRouter} when none is registered. This is how experiments plugs into
 * routing without analysis or insights depending on experiments.
 */
@Injectable()
export class ModelRouterRegistry extends ModelRouter {
  private registered: ModelRouter | null = null;

  constructor(private readonly defaults: DefaultModelRouter) {
    super();
  }

  /** Makes `router` answer every routed call. @throws Error when a router is already registered (one owner only). */
  register(router: ModelRouter): void {
    if (this.registered && this.registered !== router) throw new Error('a model router is already registered');
    this.registered = router;
  }

  route(unitId: string, analysisType: RoutedCallType): Promise<ModelRoute> {
    return (this.registered ?? this.defaults).route(unitId, analysisType);
  }

  recordOutcome(outcome: RoutedCallOutcome): Promise<void> {
    return (this.registered ?? this.defaults).recordOutcome(outcome);
  }
}
