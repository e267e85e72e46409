import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { OnlineRetailImporter } from './import/online-retail.importer';
import { ImportRunsRepository } from './import/import-runs.repository';
import { DynamoDbImportRunsRepository } from './infrastructure/dynamodb-import-runs.repository';
import { DynamoDbPurchasesRepository } from './infrastructure/dynamodb-purchases.repository';
import { PurchasesController } from './purchases.controller';
import { PurchasesRepository } from './purchases.repository';
import { PurchasesService } from './purchases.service';

@Module({
  imports: [CustomersModule],
  controllers: [PurchasesController],
  providers: [
    PurchasesService,
    OnlineRetailImporter,
    { provide: PurchasesRepository, useClass: DynamoDbPurchasesRepository },
    { provide: ImportRunsRepository, useClass: DynamoDbImportRunsRepository },
  ],
  exports: [PurchasesService, PurchasesRepository, OnlineRetailImporter],
})
export class PurchasesModule {}
