import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AnalysisRepository } from '../analysis/analysis.repository';
import { DefaultAnalysisModelRouter } from '../analysis/default-analysis-model.router';
import { DynamoDbAnalysisRepository } from '../analysis/infrastructure/dynamodb-analysis.repository';
import { insightsConfig } from '../insights/insights.config';
import { llmConfig } from '../llm/llm.config';
import { LlmModule } from '../llm/llm.module';
import { ORDER_CREATED_OBSERVERS, OrderCreatedObserver } from '../purchases/purchases.service';
import { ExperimentAggregatesRecompute } from './experiment-aggregates-recompute.service';
import { ExperimentAnalysisModelRouter } from './experiment-analysis-model.router';
import { ExperimentOutcomeObserver } from './experiment-outcome.observer';
import { ExperimentRecorder } from './experiment-recorder.service';
import { ExperimentsController } from './experiments.controller';
import { ExperimentsRepository } from './experiments.repository';
import { ExperimentsService } from './experiments.service';
import { DynamoDbExperimentsRepository } from './infrastructure/dynamodb-experiments.repository';
import { RunningExperiments } from './running-experiments';

/**
 * A/B experiments on AI models: config and lifecycle, results, recording, and the experiment-aware
 * {@link ExperimentAnalysisModelRouter} that the analysis module binds as its `AnalysisModelRouter`.
 * Global so that `ORDER_CREATED_OBSERVERS` reaches the purchases module without an import cycle.
 * The analysis repository adapter (stateless, same table, for outcome accuracy) and the default
 * router (the route outside experiments) are bound here too, because importing the analysis module
 * would be circular.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(llmConfig), ConfigModule.forFeature(insightsConfig), LlmModule],
  controllers: [ExperimentsController],
  providers: [
    ExperimentsService,
    ExperimentAggregatesRecompute,
    ExperimentRecorder,
    RunningExperiments,
    ExperimentAnalysisModelRouter,
    DefaultAnalysisModelRouter,
    ExperimentOutcomeObserver,
    { provide: ExperimentsRepository, useClass: DynamoDbExperimentsRepository },
    { provide: AnalysisRepository, useClass: DynamoDbAnalysisRepository },
    {
      provide: ORDER_CREATED_OBSERVERS,
      inject: [ExperimentOutcomeObserver],
      useFactory: (outcomes: ExperimentOutcomeObserver): OrderCreatedObserver[] => [outcomes],
    },
  ],
  exports: [ExperimentsService, ExperimentAggregatesRecompute, ExperimentAnalysisModelRouter, ORDER_CREATED_OBSERVERS],
})
export class ExperimentsModule {}
