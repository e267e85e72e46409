import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { storageConfig } from '../config/app.config';

/** Reports whether every table answers DescribeTable within `timeoutMs`. */
@Injectable()
export class DynamoDbHealthIndicator {
  constructor(
    private readonly documentClient: DynamoDBDocumentClient,
    private readonly health: HealthIndicatorService,
    @Inject(storageConfig.KEY) private readonly config: ConfigType<typeof storageConfig>,
  ) {}

  async check(key = 'dynamodb', timeoutMs = 2000): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const tables = Object.values(this.config.tables);
    try {
      const statuses = await Promise.all(
        tables.map(async (name) => {
          const out = await this.documentClient.send(new DescribeTableCommand({ TableName: name }), {
            abortSignal: AbortSignal.timeout(timeoutMs),
          });
          return out.Table?.TableStatus ?? 'UNKNOWN';
        }),
      );
      const down = statuses.filter((s) => s !== 'ACTIVE' && s !== 'UPDATING');
      return down.length === 0
        ? indicator.up({ mode: this.config.mode, tables: tables.length })
        : indicator.down({ mode: this.config.mode, message: `tables not active: ${down.join(', ')}` });
    } catch (err) {
      const error = err as Error;
      return indicator.down({ mode: this.config.mode, message: `${error.name}: ${error.message}`.slice(0, 300) });
    }
  }
}
