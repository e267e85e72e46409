import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CustomersModule } from '../customers/customers.module';
import { llmConfig } from '../llm/llm.config';
import { LlmModule } from '../llm/llm.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { AnalysisCostsController } from './analysis-costs.controller';
import { analysisConfig } from './analysis.config';
import { AnalysisController } from './analysis.controller';
import { AnalysisRepository } from './analysis.repository';
import { AnalysisService } from './analysis.service';
import { ModelRoutingModule } from '../model-routing/model-routing.module';
import { DynamoDbAnalysisRepository } from './infrastructure/dynamodb-analysis.repository';

/**
 * AI analyses (consumption prediction, profile, recommendations) over Bedrock with rule-based
 * fallbacks, cache, history and cost aggregates. Models are chosen by the model-routing module's
 * `ModelRouter`; the {@link AnalysisRepository} port is exported for the experiments' outcome accuracy.
 */
@Module({
  imports: [
    ConfigModule.forFeature(analysisConfig),
    ConfigModule.forFeature(llmConfig),
    LlmModule,
    CustomersModule,
    PurchasesModule,
    ModelRoutingModule,
  ],
  controllers: [AnalysisController, AnalysisCostsController],
  providers: [
    AnalysisService,
    { provide: AnalysisRepository, useClass: DynamoDbAnalysisRepository },
  ],
  exports: [AnalysisService, AnalysisRepository],
})
export class AnalysisModule {}
