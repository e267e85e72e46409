import 'reflect-metadata';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { AppModule } from './app.module';
import { JsonLogger } from './common/logging/json-logger';
import { configureHttpApp } from './http-app';
import { METRICS_NAMESPACE_DEFAULT, SERVICE_NAME } from './metrics/metric-names';

const POWERTOOLS_LEVEL = { error: 'ERROR', warn: 'WARN', log: 'INFO', debug: 'DEBUG', verbose: 'TRACE' } as const;
type LogLevelName = keyof typeof POWERTOOLS_LEVEL;

/** `LOG_LEVEL` when it is one of ours; a bad value is reported by the boot validation, not here. */
function parseLogLevel(value: string | undefined): LogLevelName {
  return value !== undefined && value in POWERTOOLS_LEVEL ? (value as LogLevelName) : 'log';
}

const logLevel = parseLogLevel(process.env.LOG_LEVEL);
const logger = new PowertoolsLogger({ serviceName: SERVICE_NAME, logLevel: POWERTOOLS_LEVEL[logLevel] });
const metrics = new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? METRICS_NAMESPACE_DEFAULT, serviceName: SERVICE_NAME });

interface CachedApp {
  readonly app: INestApplication;
  readonly handle: serverless.Handler;
}

let cached: Promise<CachedApp> | undefined;

async function createApp(): Promise<CachedApp> {
  const started = Date.now();
  const app = await NestFactory.create(AppModule, { logger: new JsonLogger(logLevel), bufferLogs: true });
  configureHttpApp(app);
  await app.init();
  logger.info('Nest app ready', { bootstrapMs: Date.now() - started });
  return { app, handle: serverless(app.getHttpAdapter().getInstance(), { requestId: 'x-request-id' }) };
}

/**
 * The Nest app behind serverless-http, created on the first invocation and reused by the next ones.
 * A failed bootstrap is not cached, so the next invocation tries again.
 */
function bootstrap(): Promise<CachedApp> {
  cached ??= createApp().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/**
 * Lambda entry point of the HTTP API (API Gateway HTTP API, payload format 2.0). Serves the same
 * Nest app as `main.ts`; the API Gateway request id becomes the `x-request-id` of the request unless
 * the caller sent a well-formed one. Emits Powertools' `ColdStart` metric once per execution
 * environment.
 *
 * @returns the API Gateway v2 structured result (base64 for binary bodies).
 */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  logger.addContext(context);
  logger.appendKeys({ apiRequestId: event.requestContext?.requestId });
  metrics.captureColdStartMetric(context.functionName);
  try {
    const { handle } = await bootstrap();
    return (await handle(event, context)) as APIGatewayProxyStructuredResultV2;
  } catch (err) {
    logger.error('invocation failed', err as Error);
    throw err;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    logger.removeKeys(['apiRequestId']);
  }
}

/** Closes the cached app (storage clients, embedded emulator). Tests and benchmarks only: Lambda never calls it. */
export async function closeLambdaApp(): Promise<void> {
  const current = cached;
  cached = undefined;
  if (current) await (await current).app.close();
}
