import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { AppModule } from './app.module';
import { configureHttpApp } from './http-app';
import { cachedBootstrap, createLambdaRuntime } from './lambda-runtime';

const { logger, metrics, nestLogger } = createLambdaRuntime();

interface ApiApp {
  readonly app: INestApplication;
  readonly handle: serverless.Handler;
}

const api = cachedBootstrap(async (): Promise<ApiApp> => {
  const started = Date.now();
  const app = await NestFactory.create(AppModule, { logger: nestLogger, bufferLogs: true, abortOnError: false });
  configureHttpApp(app);
  await app.init();
  // LAMBDA_CODE_CACHE: set by the bundle's entry file (accepted, rejected or absent).
  logger.info('Nest app ready', { bootstrapMs: Date.now() - started, codeCache: process.env.LAMBDA_CODE_CACHE ?? 'none' });
  return { app, handle: serverless(app.getHttpAdapter().getInstance(), { requestId: 'x-request-id' }) };
});

/**
 * Lambda entry point of the HTTP API (API Gateway HTTP API, payload format 2.0). Serves the same
 * Nest app as `main.ts`, created on the first invocation and reused by the next ones; the API
 * Gateway request id becomes the `x-request-id` of the request unless the caller sent a well-formed
 * one. Emits Powertools' `ColdStart` metric once per execution environment.
 *
 * @returns the API Gateway v2 structured result (base64 for binary bodies).
 */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  logger.addContext(context);
  logger.appendKeys({ apiRequestId: event.requestContext?.requestId });
  metrics.captureColdStartMetric(context.functionName);
  try {
    const { handle } = await api.get();
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
  const current = api.take();
  if (current) await (await current).app.close();
}
