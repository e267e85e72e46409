import 'reflect-metadata';

// Node 20 is supported locally (Lambda runs nodejs22.x): the SDK's Node 22 notice would print once per
// worker thread and bury the start-up output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { consoleOutput } from './cli/console-output';
import { formatImportReport } from './cli/import-report';
import { batchProgressBar, importProgressBar } from './cli/progress-bar';
import { generateApiKey } from './common/auth/api-key';
import { ApiKeyRegistry } from './common/auth/api-key.registry';
import { JsonLogger } from './common/logging/json-logger';
import { AppConfig, ImportConfig, StorageConfig } from './config/app.config';
import { validateEnvironment } from './config/environment';
import { configureHttpApp } from './http-app';
import { OnlineRetailImporter } from './purchases/import/online-retail.importer';
import { SegmentationBatchService } from './segmentation/batch/segmentation-batch.service';

/**
 * The local development key: `DEV_API_KEY`, else one generated on first start and kept (mode 600)
 * in the data folder so that it survives restarts.
 */
function developmentKey(app: AppConfig, storage: StorageConfig): string | undefined {
  if (storage.mode === 'aws') return undefined;
  if (app.devApiKey) return app.devApiKey;
  if (app.apiKeys.length > 0) return undefined;
  if (!storage.dataDir) return generateApiKey();
  const file = join(storage.dataDir, 'dev-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = generateApiKey();
  mkdirSync(storage.dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function importOnFirstStart(app: Awaited<ReturnType<typeof NestFactory.create>>, config: ImportConfig): Promise<void> {
  if (!config.onStart) return;
  if (!existsSync(config.onlineRetailFile)) {
    new Logger('Bootstrap').warn(`import on start skipped: ${config.onlineRetailFile} not found`);
    return;
  }
  const importer = app.get(OnlineRetailImporter);
  if (await importer.previousRun(config.onlineRetailFile)) return;
  consoleOutput.line(`First start: importing ${config.onlineRetailFile} ...`);
  const report = await importer.import(config.onlineRetailFile, importProgressBar());
  formatImportReport(report).forEach((line) => consoleOutput.line(line));
  const { run, seconds } = await app.get(SegmentationBatchService).run({}, batchProgressBar());
  const segments = Object.keys(run.aggregates.segments.rfm).length;
  consoleOutput.line(
    `Segmentation ${run.runId}: ${run.customers.toLocaleString('en-US')} customers in ${segments} RFM segments (as of ${run.asOf}) in ${seconds.toFixed(1)} s; see GET /v1/customers/segments/overview`,
  );
}

function banner(app: AppConfig, storage: StorageConfig, key: string | undefined): string[] {
  const base = `http://${app.host.includes(':') ? `[${app.host}]` : app.host}:${app.port}`;
  const shownKey = key ?? '<one of the configured API keys>';
  return [
    '',
    `Customer analytics API listening on ${base}  (storage: ${storage.mode}${storage.dataDir ? `, data in ${storage.dataDir}` : ''})`,
    `OpenAPI docs: ${base}/docs`,
    `API key (x-api-key): ${shownKey}`,
    'Try:',
    `  curl -s -H 'x-api-key: ${shownKey}' '${base}/v1/customers/12347'`,
    `  curl -s -H 'x-api-key: ${shownKey}' '${base}/v1/customers/12347/purchases/summary?asOf=2011-12-10'`,
    '',
  ];
}

async function bootstrap(): Promise<void> {
  const env = validateEnvironment(process.env);
  const logger = new JsonLogger(env.LOG_LEVEL ?? 'log');
  const app = await NestFactory.create(AppModule, { logger, bufferLogs: true });
  configureHttpApp(app);
  const config = app.get(ConfigService);
  const appCfg = config.getOrThrow<AppConfig>('app');
  const storageCfg = config.getOrThrow<StorageConfig>('storage');
  const key = developmentKey(appCfg, storageCfg);
  if (key && !appCfg.devApiKey) app.get(ApiKeyRegistry).addDevelopmentKey(key);
  await importOnFirstStart(app, config.getOrThrow<ImportConfig>('import'));
  await app.listen(appCfg.port, appCfg.host);
  banner(appCfg, storageCfg, key).forEach((line) => consoleOutput.line(line));
}

bootstrap().catch((err: unknown) => {
  consoleOutput.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
