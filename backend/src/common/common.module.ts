import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { ApiKeyRegistry } from './auth/api-key.registry';
import { Clock, SystemClock } from './clock';

/** Process-wide providers: the clock and the API key registry. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(appConfig)],
  providers: [{ provide: Clock, useClass: SystemClock }, ApiKeyRegistry],
  exports: [Clock, ApiKeyRegistry],
})
export class CommonModule {}
