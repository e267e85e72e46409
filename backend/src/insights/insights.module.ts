import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { llmConfig } from '../llm/llm.config';
import { LlmModule } from '../llm/llm.module';
import { ModelRoutingModule } from '../model-routing/model-routing.module';
import { segmentationConfig } from '../segmentation/segmentation.config';
import { SegmentationModule } from '../segmentation/segmentation.module';
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
 * runs and population through the ports it exports. Answers are routed by the model-routing module's
 * `ModelRouter` (experiment-aware when the experiments module has registered its router).
 */
@Module({
  imports: [ConfigModule.forFeature(insightsConfig), ConfigModule.forFeature(segmentationConfig), ConfigModule.forFeature(llmConfig), LlmModule, ModelRoutingModule, SegmentationModule],
  controllers: [InsightsController],
  providers: [
    InsightsService,
    SegmentAnalyticsService,
    { provide: SegmentDataSource, useClass: SegmentationSegmentDataSource },
    { provide: ConversationMemoryRepository, useClass: DynamoDbConversationMemoryRepository },
  ],
  exports: [SegmentAnalyticsService, InsightsService],
})
export class InsightsModule {}
