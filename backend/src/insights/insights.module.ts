import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { llmConfig } from '../llm/llm.config';
import { LlmModule } from '../llm/llm.module';
import { ModelRoutingModule } from '../model-routing/model-routing.module';
import { CustomerPopulationScanner } from '../segmentation/customer-population.scanner';
import { DynamoDbSegmentRunsRepository } from '../segmentation/infrastructure/dynamodb-segmentation.repository';
import { ParallelCustomerPopulationScanner } from '../segmentation/infrastructure/parallel-customer-population.scanner';
import { segmentationConfig } from '../segmentation/segmentation.config';
import { SegmentRunsRepository } from '../segmentation/segmentation.repository';
import { ConversationMemoryRepository } from './conversation-memory.repository';
import { DynamoDbConversationMemoryRepository } from './infrastructure/dynamodb-conversation-memory.repository';
import { insightsConfig } from './insights.config';
import { InsightsController } from './insights.controller';
import { InsightsService } from './insights.service';
import { SegmentAnalyticsService } from './segment-analytics.service';
import { SegmentDataSource } from './segment-data.source';
import { SegmentationSegmentDataSource } from './segmentation-segment-data.source';

/**
 * Natural-language questions over segments and segment analytics. Reads the segmentation module's
 * runs and population through its ports (bound here to the same DynamoDB adapters, since the
 * segmentation module does not export them). Answers are routed by the model-routing module's
 * `ModelRouter` (experiment-aware when the experiments module has registered its router).
 */
@Module({
  imports: [ConfigModule.forFeature(insightsConfig), ConfigModule.forFeature(segmentationConfig), ConfigModule.forFeature(llmConfig), LlmModule, ModelRoutingModule],
  controllers: [InsightsController],
  providers: [
    InsightsService,
    SegmentAnalyticsService,
    { provide: SegmentDataSource, useClass: SegmentationSegmentDataSource },
    { provide: SegmentRunsRepository, useClass: DynamoDbSegmentRunsRepository },
    { provide: CustomerPopulationScanner, useClass: ParallelCustomerPopulationScanner },
    { provide: ConversationMemoryRepository, useClass: DynamoDbConversationMemoryRepository },
  ],
  exports: [SegmentAnalyticsService, InsightsService],
})
export class InsightsModule {}
