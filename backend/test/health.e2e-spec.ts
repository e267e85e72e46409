import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { INestApplication } from '@nestjs/common';
import { createServer } from 'node:net';
import request from 'supertest';
import { createTestApp, TEST_KEYS } from './support/test-app';
import { problem } from './support/problem';

/** The storage mode of test apps: DynamoDB Local in CI's second pass, else embedded dynalite. */
const MODE = process.env.TEST_DYNAMODB_ENDPOINT ? 'endpoint' : 'embedded';

/** A localhost port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('health (e2e)', () => {
  describe('with storage up', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createTestApp();
    });
    afterAll(async () => {
      await app.close();
    });

    it('is open without a key and reports the embedded storage as up', async () => {
      const expected = {
        status: 'ok',
        info: { dynamodb: { status: 'up', mode: MODE, tables: 2 } },
        error: {},
        details: { dynamodb: { status: 'up', mode: MODE, tables: 2 } },
      };
      for (const path of ['/health', '/v1/health']) {
        const res = await request(app.getHttpServer()).get(path);
        expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 200, body: expected });
      }
      const withKey = await request(app.getHttpServer()).get('/health').set('x-api-key', TEST_KEYS.read);
      expect(withKey.status).toBe(200);
      const wrongKey = await request(app.getHttpServer()).get('/health').set('x-api-key', 'not-a-key');
      expect(wrongKey.status).toBe(200);
    });
  });

  describe('with storage unreachable', () => {
    let app: INestApplication;
    let client: DynamoDBClient;
    beforeAll(async () => {
      client = new DynamoDBClient({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${await closedPort()}`,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      const unreachable = DynamoDBDocumentClient.from(client);
      app = await createTestApp({ override: (b) => b.overrideProvider(DynamoDBDocumentClient).useValue(unreachable) });
    });
    afterAll(async () => {
      await app.close();
      client.destroy();
    });

    it('answers 503 and says that storage is down', async () => {
      const res = await request(app.getHttpServer()).get('/health');
      expect(res.status).toBe(503);
      const down = { status: 'down', mode: MODE, message: expect.any(String) };
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.body).toEqual(
        problem(503, 'HEALTH.DOWN', 'A dependency is unavailable', { status: 'error', info: {}, error: { dynamodb: down }, details: { dynamodb: down } }),
      );
    });
  });
});
