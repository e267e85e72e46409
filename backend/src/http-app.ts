import { INestApplication, VersioningType } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe } from './common/http/validation';
import type { AppConfig } from './config/app.config';

/** Headers a browser client may send and read when CORS is on. */
const CORS_ALLOWED_HEADERS = ['content-type', 'x-api-key', 'x-request-id'];
const CORS_EXPOSED_HEADERS = ['x-request-id', 'idempotent-replayed'];

/** The OpenAPI document of an app configured by `configureHttpApp` (served at `/docs-json`). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Customer analytics API')
      .setDescription(
        'Customers, purchase history, segmentation, AI analysis and A/B experiments. Errors are RFC 9457 problem details (`application/problem+json`, schema ProblemDetailsDto) with a stable `code`.',
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'api-key')
      .build(),
  );
}

/**
 * HTTP setup shared by the server, the Lambda handler and e2e tests: URI versioning (`/v1/...`),
 * no `X-Powered-By`, CORS for `CORS_ORIGINS` (off when unset), validation pipe, body size limit,
 * OpenAPI at `/docs` (JSON at `/docs-json`), shutdown hooks. Call before `init()`/`listen()`. The
 * OpenAPI document is built on the first `/docs` request, not at boot (it costs ~200 ms of a
 * Lambda cold start).
 */
export function configureHttpApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: '5mb' });
  app.enableVersioning({ type: VersioningType.URI });
  const { corsOrigins } = app.get(ConfigService).getOrThrow<AppConfig>('app');
  if (corsOrigins.length > 0) {
    app.enableCors({
      origin: corsOrigins.includes('*') ? '*' : [...corsOrigins],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
