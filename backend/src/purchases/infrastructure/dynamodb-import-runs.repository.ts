import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { storageConfig } from '../../config/app.config';
import { ImportRun, ImportRunsRepository } from '../import/import-runs.repository';

const importPk = (source: string) => `IMPORT#${source}`;
const RUN_SK = 'RUN';

/** Import runs as `IMPORT#<source>` / `RUN` items of the customers table. */
@Injectable()
export class DynamoDbImportRunsRepository extends ImportRunsRepository {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    @Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>,
  ) {
    super();
    this.table = config.tables.customers;
  }

  async get(source: string): Promise<ImportRun | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: importPk(source), sk: RUN_SK } }));
    if (!out.Item) return undefined;
    return { source: out.Item.source as string, completedAt: out.Item.completedAt as string, report: out.Item.report as Record<string, unknown> };
  }

  async put(run: ImportRun): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: importPk(run.source), sk: RUN_SK, entity: 'import-run', ...run } }));
  }
}
