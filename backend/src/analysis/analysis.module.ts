import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CustomersModule } from '../customers/customers.module';
import { insightsConfig } from '../insights/insights.config';
import { llmConfig } from '../llm/llm.config';
import { LlmModule } from '../llm/llm.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { AnalysisCostsController } from './analysis-costs.controller';
import { analysisConfig } from './analysis.config';
import { AnalysisController } from './analysis.controller';
import { AnalysisModelRouter } from './analysis-model.router';
import { AnalysisRepository } from './analysis.repository';
import { AnalysisService } from './analysis.service';
import { DefaultAnalysisModelRouter } from './default-analysis-model.router';
import { ExperimentAnalysisModelRouter } from '../experiments/experiment-analysis-model.router';
import { DynamoDbAnalysisRepository } from './infrastructure/dynamodb-analysis.repository';

/**
 * AI analyses (consumption prediction, profile, recommendations) over Bedrock with rule-based
 * fallbacks, cache, history and cost aggregates. {@link AnalysisModelRouter} is the seam the
 * experiments module overrides; it is exported because insights answers are routed by it too.
 */
@Module({
  imports: [
    ConfigModule.forFeature(analysisConfig),
    ConfigModule.forFeature(llmConfig),
    ConfigModule.forFeature(insightsConfig),
    LlmModule,
    CustomersModule,
    PurchasesModule,
  ],
  controllers: [AnalysisController, AnalysisCostsController],
  providers: [
    AnalysisService,
    { provide: AnalysisRepository, useClass: DynamoDbAnalysisRepository },
    DefaultAnalysisModelRouter,
    {
      // The experiments module (global) supplies its router when it is loaded; else the default serves.
      provide: AnalysisModelRouter,
      inject: [{ token: ExperimentAnalysisModelRouter, optional: true }, DefaultAnalysisModelRouter],
      useFactory: (experiments: ExperimentAnalysisModelRouter | undefined, fallback: DefaultAnalysisModelRouter) => experiments ?? fallback,
    },
  ],
  exports: [AnalysisService, AnalysisModelRouter],
})
export class AnalysisModule {}
