import { Module, OnModuleInit } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { LlmModule } from '../llm/llm.module';
import { ModelRouterRegistry } from '../model-routing/model-router.registry';
import { ModelRoutingModule } from '../model-routing/model-routing.module';
import { ExperimentAggregatesRecompute } from './experiment-aggregates-recompute.service';
import { ExperimentModelRouter } from './experiment-model.router';
import { ExperimentOutcomeObserver } from './experiment-outcome.observer';
import { ExperimentRecorder } from './experiment-recorder.service';
import { ExperimentsController } from './experiments.controller';
import { ExperimentsRepository } from './experiments.repository';
import { ExperimentsService } from './experiments.service';
import { DynamoDbExperimentsRepository } from './infrastructure/dynamodb-experiments.repository';
import { RunningExperiments } from './running-experiments';

/**
 * A/B experiments on AI models: config and lifecycle, results, recording, and the experiment-aware
 * {@link ExperimentModelRouter}, registered with the model-routing module at init. Reads served
 * analyses through the analysis module's exported `AnalysisRepository` port; outcome accuracy listens
 * to the `order.created` event.
 */
@Module({
  imports: [LlmModule, ModelRoutingModule, AnalysisModule],
  controllers: [ExperimentsController],
  providers: [
    ExperimentsService,
    ExperimentAggregatesRecompute,
    ExperimentRecorder,
    RunningExperiments,
    ExperimentModelRouter,
    ExperimentOutcomeObserver,
    { provide: ExperimentsRepository, useClass: DynamoDbExperimentsRepository },
  ],
  exports: [ExperimentsService, ExperimentAggregatesRecompute, ExperimentModelRouter],
})
export class ExperimentsModule implements OnModuleInit {
  constructor(
    private readonly registry: ModelRouterRegistry,
    private readonly router: ExperimentModelRouter,
  ) {}

  /** Plugs the experiment-aware router into model routing before the first call is served. */
  onModuleInit(): void {
    this.registry.register(this.router);
  }
}
