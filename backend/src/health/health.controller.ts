import { Controller, Get, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/auth/scopes.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { DynamoDbHealthIndicator } from '../storage/dynamodb-health.indicator';

const INDICATORS = { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string' } } } } as const;

/** Open health check at `/health` and `/v1/health`: 200 when storage answers, 503 otherwise. */
@ApiTags('health')
@Controller({ version: [VERSION_NEUTRAL, '1'] })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dynamodb: DynamoDbHealthIndicator,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Whether the service and its storage answer (no API key needed)' })
  @ApiOkResponse({
    description: 'storage answers',
    schema: {
      type: 'object',
      required: ['status', 'info', 'error', 'details'],
      properties: { status: { type: 'string', enum: ['ok'] }, info: INDICATORS, error: INDICATORS, details: INDICATORS },
    },
  })
  @ApiErrors([503, 'HEALTH.DOWN'])
  @HealthCheck({ swaggerDocumentation: false })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.dynamodb.check()]);
  }
}
