import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './common/auth/api-key.guard';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { RequestLoggingMiddleware } from './common/logging/request-logging.middleware';
import { CoreModule } from './core.module';
import { HealthModule } from './health/health.module';

/** The HTTP application: the core plus health, auth, error mapping and request logging. */
@Module({
  imports: [CoreModule, HealthModule],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLoggingMiddleware).forRoutes('*path');
  }
}
