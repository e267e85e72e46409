import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AnalysisModule } from './analysis/analysis.module';
import { CommonModule } from './common/common.module';
import { appConfig, importConfig, storageConfig } from './config/app.config';
import { validateEnvironment } from './config/environment';
import { CustomersModule } from './customers/customers.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { InsightsModule } from './insights/insights.module';
import { LlmModule } from './llm/llm.module';
import { MetricsModule } from './metrics/metrics.module';
import { PurchasesModule } from './purchases/purchases.module';
import { SegmentationModule } from './segmentation/segmentation.module';
import { StorageModule } from './storage/storage.module';

/** Everything but HTTP: configuration, storage and the feature modules (shared by API and CLI). */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: validateEnvironment,
      load: [appConfig, storageConfig, importConfig],
    }),
    EventEmitterModule.forRoot(),
    CommonModule,
    StorageModule,
    CustomersModule,
    PurchasesModule,
    MetricsModule,
    LlmModule,
    AnalysisModule,
    ExperimentsModule,
    SegmentationModule,
    InsightsModule,
  ],
  exports: [CustomersModule, PurchasesModule, LlmModule, AnalysisModule, ExperimentsModule, SegmentationModule],
})
export class CoreModule {}
