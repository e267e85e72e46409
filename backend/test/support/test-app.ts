import { INestApplication } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { hashApiKey } from '../../src/common/auth/api-key';
import { Clock, FixedClock } from '../../src/common/clock';
import { configureHttpApp } from '../../src/http-app';

/** Plain keys of the test app, one per scope set. */
export const TEST_KEYS = {
  admin: 'test-admin-key-0000000000000001',
  read: 'test-read-key-00000000000000002',
  write: 'test-write-key-0000000000000003',
  analyst: 'test-analyst-key-00000000000004',
} as const;

/** The fixed "now" of test apps unless a test passes its own. */
export const TEST_NOW = new Date('2012-01-01T00:00:00Z');

export interface TestAppOptions {
  readonly now?: Date;
  readonly env?: Record<string, string>;
  readonly override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/**
 * Boots the real Nest app over a fresh, in-memory DynamoDB: embedded dynalite by default, or the
 * endpoint in `TEST_DYNAMODB_ENDPOINT` (Amazon's DynamoDB Local in CI) with a unique table name.
 * API keys: see TEST_KEYS; the clock is fixed.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<INestApplication> {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  const suffix = randomBytes(4).toString('hex');
  const env: Record<string, string> = {
    STAGE: 'test',
    LOG_LEVEL: 'error',
    DATA_DIR: ':memory:',
    IMPORT_ON_START: 'false',
    CUSTOMERS_TABLE: `test-${suffix}-customers`,
    EXPERIMENTS_TABLE: `test-${suffix}-experiments`,
    API_KEYS: [
      `admin:${hashApiKey(TEST_KEYS.admin)}:admin`,
      `reader:${hashApiKey(TEST_KEYS.read)}:read`,
      `writer:${hashApiKey(TEST_KEYS.write)}:read+write`,
      `analyst:${hashApiKey(TEST_KEYS.analyst)}:read+analyst`,
    ].join(','),
    ...(endpoint ? { STORAGE_MODE: 'endpoint', DYNAMODB_ENDPOINT: endpoint } : { STORAGE_MODE: 'embedded' }),
    ...options.env,
  };
  Object.assign(process.env, env);
  let builder = Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(new FixedClock(options.now ?? TEST_NOW));
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app);
  await app.init();
  return app;
}
