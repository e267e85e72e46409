import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe } from './common/http/validation';

/**
 * HTTP setup shared by the server, the Lambda handler and e2e tests: validation pipe, body size
 * limit, OpenAPI at `/docs` (JSON at `/docs-json`), shutdown hooks. The OpenAPI document is built on
 * the first `/docs` request, not at boot (it costs ~200 ms of a Lambda cold start).
 */
export function configureHttpApp(app: INestApplication): INestApplication {
  (app as NestExpressApplication).useBodyParser('json', { limit: '5mb' });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const buildDocument = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Customer analytics API')
        .setDescription('Customers, purchase history, segmentation, AI analysis and A/B experiments. Errors: `{ statusCode, code, message, details? }`.')
        .setVersion('1')
        .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'api-key')
        .build(),
    );
  SwaggerModule.setup('docs', app, buildDocument, { jsonDocumentUrl: 'docs-json' });
  return app;
}
