import { Module } from '@nestjs/common';
import { CoreModule } from '../core.module';
import { ImportCommand, ImportOnlineRetailCommand } from './import.command';

/** Commands of `npm run cli -- <command>`, over the same core as the API. */
@Module({
  imports: [CoreModule],
  providers: [ImportCommand, ImportOnlineRetailCommand],
})
export class CliModule {}
