import { Module } from '@nestjs/common';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { DynamoDbCustomersRepository } from './infrastructure/dynamodb-customers.repository';

@Module({
  controllers: [CustomersController],
  providers: [CustomersService, { provide: CustomersRepository, useClass: DynamoDbCustomersRepository }],
  exports: [CustomersService, CustomersRepository],
})
export class CustomersModule {}
