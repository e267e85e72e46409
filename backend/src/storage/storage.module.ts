import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { Agent } from 'node:http';
import { storageConfig } from '../config/app.config';
import { EmbeddedDynamoDb, startEmbeddedDynamoDb } from './embedded-dynamodb';
import { ensureTables } from './ensure-tables';
import { allTableDefinitions } from './table-definitions';

/** Owns the embedded emulator (if any) and the SDK clients; closes them on shutdown. */
@Injectable()
export class DynamoDbConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(DynamoDbConnection.name);
  private embedded?: EmbeddedDynamoDb;
  client!: DynamoDBClient;
  documentClient!: DynamoDBDocumentClient;

  constructor(@Inject(storageConfig.KEY) private readonly config: ConfigType<typeof storageConfig>) {}

  /** Starts dynalite in embedded mode, builds the clients, and creates missing tables outside AWS mode. */
  async connect(): Promise<void> {
    const { mode, region } = this.config;
    let endpoint = this.config.endpoint;
    if (mode === 'embedded') {
      this.embedded = await startEmbeddedDynamoDb(this.config.dataDir);
      endpoint = this.embedded.endpoint;
      this.logger.log(`embedded DynamoDB (dynalite) on ${endpoint}, data ${this.config.dataDir ?? 'in memory'}`);
    }
    const local = mode !== 'aws';
    this.client = new DynamoDBClient({
      region,
      endpoint,
      ...(local
        ? {
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }),
          }
        : {}),
    });
    this.documentClient = DynamoDBDocumentClient.from(this.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    if (local) await ensureTables(this.client, allTableDefinitions(this.config.tables));
  }

  async onApplicationShutdown(): Promise<void> {
    this.client?.destroy();
    await this.embedded?.close();
  }
}

/**
 * The one DynamoDB document client of the process (ARCHITECTURE §4), injected by class token
 * `DynamoDBDocumentClient`.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(storageConfig)],
  providers: [
    DynamoDbConnection,
    {
      provide: DynamoDBDocumentClient,
      inject: [DynamoDbConnection],
      useFactory: async (connection: DynamoDbConnection) => {
        await connection.connect();
        return connection.documentClient;
      },
    },
  ],
  exports: [DynamoDBDocumentClient, ConfigModule],
})
export class StorageModule {}
