import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/auth/scopes.decorator';
import { DynamoDbHealthIndicator } from '../storage/dynamodb-health.indicator';

/** Open health check: 200 when storage answers, 503 otherwise. */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dynamodb: DynamoDbHealthIndicator,
  ) {}

  @Get(['health', 'v1/health'])
  @Public()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.dynamodb.check()]);
  }
}
