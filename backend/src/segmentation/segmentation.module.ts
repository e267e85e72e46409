import { Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { CustomersModule } from '../customers/customers.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { SegmentationBatchService } from './batch/segmentation-batch.service';
import { batchJobLauncherConfig } from './batch-job-launcher.config';
import { BatchJobLauncher, InProcessBatchJobLauncher } from './batch-job.launcher';
import { CustomerPopulationScanner } from './customer-population.scanner';
import { CustomerSegmentsController } from './customer-segments.controller';
import { LambdaBatchJobLauncher } from './infrastructure/lambda-batch-job.launcher';
import { DynamoDbKMeansModelsRepository } from './infrastructure/dynamodb-kmeans-models.repository';
import {
  DynamoDbSegmentAssignmentsRepository,
  DynamoDbSegmentationJobsRepository,
  DynamoDbSegmentRunsRepository,
} from './infrastructure/dynamodb-segmentation.repository';
import { ParallelCustomerPopulationScanner } from './infrastructure/parallel-customer-population.scanner';
import { KMeansModelsRepository } from './kmeans-models.repository';
import { KMeansModelsService } from './kmeans-models.service';
import { segmentationConfig } from './segmentation.config';
import { SegmentAssignmentsRepository, SegmentationJobsRepository, SegmentRunsRepository } from './segmentation.repository';
import { SegmentationService } from './segmentation.service';
import { SegmentsController } from './segments.controller';

/** Segmentation service layer over the pure engines: routes, storage, the batch job, K-Means models. */
@Module({
  imports: [ConfigModule.forFeature(segmentationConfig), ConfigModule.forFeature(batchJobLauncherConfig), CustomersModule, PurchasesModule],
  controllers: [CustomerSegmentsController, SegmentsController],
  providers: [
    SegmentationService,
    SegmentationBatchService,
    KMeansModelsService,
    {
      provide: BatchJobLauncher,
      inject: [batchJobLauncherConfig.KEY, SegmentationBatchService],
      useFactory: (config: ConfigType<typeof batchJobLauncherConfig>, batch: SegmentationBatchService): BatchJobLauncher =>
        config.functionName === undefined
          ? new InProcessBatchJobLauncher(batch)
          : new LambdaBatchJobLauncher(batch, { ...config, functionName: config.functionName }),
    },
    { provide: CustomerPopulationScanner, useClass: ParallelCustomerPopulationScanner },
    { provide: SegmentAssignmentsRepository, useClass: DynamoDbSegmentAssignmentsRepository },
    { provide: SegmentRunsRepository, useClass: DynamoDbSegmentRunsRepository },
    { provide: SegmentationJobsRepository, useClass: DynamoDbSegmentationJobsRepository },
    { provide: KMeansModelsRepository, useClass: DynamoDbKMeansModelsRepository },
  ],
  exports: [SegmentationBatchService, SegmentationService, KMeansModelsService, SegmentRunsRepository, CustomerPopulationScanner],
})
export class SegmentationModule {}
