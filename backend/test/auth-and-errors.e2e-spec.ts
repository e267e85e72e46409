import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Customer } from '../src/customers/domain/customer';
import { CustomersRepository } from '../src/customers/customers.repository';
import { Page } from '../src/common/http/pagination';
import { createTestApp, TEST_KEYS } from './support/test-app';
import { problem } from './support/problem';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every customer and purchase route with the scope it needs and a valid body. */
const ORDER = { orderId: 'auth-1', purchasedAt: '2011-01-01T00:00:00Z', lines: [{ productId: 'A', quantity: 1, unitPrice: 1 }] };
const ROUTES: { method: Method; path: string; scope: 'read' | 'write'; body?: object; ok: number }[] = [
  { method: 'get', path: '/v1/customers', scope: 'read', ok: 200 },
  { method: 'get', path: '/v1/customers/known', scope: 'read', ok: 200 },
  { method: 'get', path: '/v1/customers/known/purchases', scope: 'read', ok: 200 },
  { method: 'get', path: '/v1/customers/known/purchases/summary', scope: 'read', ok: 200 },
  { method: 'post', path: '/v1/customers', scope: 'write', body: { id: 'new-by-{key}' }, ok: 201 },
  { method: 'put', path: '/v1/customers/known', scope: 'write', body: { name: 'K' }, ok: 200 },
  { method: 'patch', path: '/v1/customers/known', scope: 'write', body: { city: 'Reykjavik' }, ok: 200 },
  { method: 'post', path: '/v1/customers/known/purchases', scope: 'write', body: ORDER, ok: 201 },
  { method: 'post', path: '/v1/customers/known/purchases/import', scope: 'write', body: { orders: [ORDER] }, ok: 200 },
  { method: 'delete', path: '/v1/customers/doomed-{key}', scope: 'write', ok: 204 },
];

const UNAUTHORIZED = problem(401, 'AUTH.UNAUTHORIZED', 'A valid API key is required in the x-api-key header');
const FORBIDDEN_WRITE = problem(403, 'AUTH.FORBIDDEN', "This API key lacks the 'write' scope");

describe('auth and errors (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    const setup: [string, object][] = [
      ['/v1/customers', { id: 'known', country: 'Iceland' }],
      ['/v1/customers', { id: 'doomed-admin' }],
      ['/v1/customers', { id: 'doomed-write' }],
    ];
    for (const [path, body] of setup) await http().post(path).set('x-api-key', TEST_KEYS.admin).send(body).expect(201);
  });
  afterAll(async () => {
    await app.close();
  });

  const call = (method: Method, path: string, key?: string, body?: object) => {
    const req = http()[method](path);
    if (key !== undefined) req.set('x-api-key', key);
    return body ? req.send(body) : req;
  };

  it('answers 401 on every route without a key, with an unknown key or an empty key', async () => {
    for (const route of ROUTES) {
      for (const key of [undefined, 'wrong-key-000000000000000000000', '']) {
        const res = await call(route.method, route.path.replace('{key}', 'x'), key, route.body);
        expect({ route: `${route.method} ${route.path}`, key, status: res.status, body: res.body }).toEqual({
          route: `${route.method} ${route.path}`,
          key,
          status: 401,
          body: UNAUTHORIZED,
        });
      }
    }
  });

  it('answers 401 before validating the body', async () => {
    const res = await http().post('/v1/customers').send({ id: 'bad id', unknown: true });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHORIZED);
  });

  it('answers 403 AUTH.FORBIDDEN to read-only and read+analyst keys on write routes, before validation', async () => {
    for (const route of ROUTES.filter((r) => r.scope === 'write')) {
      for (const key of [TEST_KEYS.read, TEST_KEYS.analyst]) {
        const res = await call(route.method, route.path.replace('{key}', 'x'), key, { unknown: 'field' });
        expect({ route: `${route.method} ${route.path}`, status: res.status, body: res.body }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 403,
          body: FORBIDDEN_WRITE,
        });
      }
    }
  });

  it('lets read, analyst, write and admin keys read', async () => {
    for (const route of ROUTES.filter((r) => r.scope === 'read')) {
      for (const key of [TEST_KEYS.read, TEST_KEYS.analyst, TEST_KEYS.write, TEST_KEYS.admin]) {
        const res = await call(route.method, route.path, key);
        expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 200 });
      }
    }
  });

  it('lets write and admin keys write', async () => {
    for (const [name, key] of [
      ['write', TEST_KEYS.write],
      ['admin', TEST_KEYS.admin],
    ] as const) {
      for (const route of ROUTES.filter((r) => r.scope === 'write')) {
        const body = route.body && 'id' in route.body ? { id: `new-by-${name}` } : route.body;
        const res = await call(route.method, route.path.replace('{key}', name), key, body);
        // The second order create with the same content is an idempotent replay.
        const expected = name === 'admin' && route.path.endsWith('/purchases') ? 200 : route.ok;
        expect({ name, route: `${route.method} ${route.path}`, status: res.status }).toEqual({
          name,
          route: `${route.method} ${route.path}`,
          status: expected,
        });
      }
    }
  });

  it('sends no X-Powered-By header and, with CORS_ORIGINS unset, no CORS headers', async () => {
    const res = await http().get('/v1/customers/known').set('x-api-key', TEST_KEYS.read).set('origin', 'https://app.example.com');
    expect(res.status).toBe(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never echoes the presented key', async () => {
    const secret = 'secret-key-that-must-not-leak-123';
    const res = await http().get('/v1/customers').set('x-api-key', secret);
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain(secret);
    expect(JSON.stringify(res.headers)).not.toContain(secret);
  });

  it('answers an unknown route with a 404 JSON error body, with or without a key', async () => {
    const withKey = await http().get('/v1/nope').set('x-api-key', TEST_KEYS.admin);
    expect(withKey.status).toBe(404);
    expect(withKey.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(withKey.body).toEqual(problem(404, 'ROUTE.NOT_FOUND', 'Cannot GET /v1/nope'));
    const withoutKey = await http().post('/v1/customers/known/nothing-here');
    expect(withoutKey.status).toBe(404);
    expect(withoutKey.body).toEqual(problem(404, 'ROUTE.NOT_FOUND', 'Cannot POST /v1/customers/known/nothing-here'));
    const wrongMethod = await http().delete('/v1/customers').set('x-api-key', TEST_KEYS.admin);
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.code).toBe('ROUTE.NOT_FOUND');
  });

  it('answers malformed JSON with a 400 in the error body shape', async () => {
    const res = await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).set('content-type', 'application/json').send('{"id": "x",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(problem(400, 'REQUEST.INVALID', expect.any(String)));
  });

  it('answers a body over the 5 MB limit with 413 in the error body shape', async () => {
    const res = await http()
      .post('/v1/customers')
      .set('x-api-key', TEST_KEYS.write)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ id: 'big', name: 'x'.repeat(5 * 1024 * 1024 + 10) }));
    expect(res.status).toBe(413);
    expect(res.body).toEqual(problem(413, 'REQUEST.TOO_LARGE', expect.any(String)));
  });

  it('rejects a JSON array body with 400', async () => {
    const res = await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send([{ id: 'arr' }]);
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    const get = await http().get('/v1/customers/arr').set('x-api-key', TEST_KEYS.read);
    expect(get.status).toBe(404);
  });

  it('echoes a well-formed x-request-id and replaces a malformed one with a UUID, on success and error', async () => {
    const ok = await http().get('/v1/customers/known').set('x-api-key', TEST_KEYS.read).set('x-request-id', 'req-123.abc_DEF');
    expect(ok.status).toBe(200);
    expect(ok.headers['x-request-id']).toBe('req-123.abc_DEF');
    const denied = await http().get('/v1/customers/known').set('x-request-id', 'trace-401');
    expect(denied.status).toBe(401);
    expect(denied.headers['x-request-id']).toBe('trace-401');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const given of ['has spaces in it', 'x'.repeat(129), 'semi;colon']) {
      const res = await http().get('/v1/customers/known').set('x-api-key', TEST_KEYS.read).set('x-request-id', given);
      expect(res.headers['x-request-id']).toMatch(uuid);
    }
    const none = await http().get('/v1/nope');
    expect(none.headers['x-request-id']).toMatch(uuid);
  });

  it('serves the OpenAPI document without a key, listing the customer and purchase routes', async () => {
    const res = await http().get('/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths as Record<string, unknown>).sort()).toEqual(
      expect.arrayContaining([
        '/v1/customers',
        '/v1/customers/{id}',
        '/v1/customers/{id}/purchases',
        '/v1/customers/{id}/purchases/import',
        '/v1/customers/{id}/purchases/summary',
      ]),
    );
  });
});

/** A customers repository whose every call fails with `error` (storage faults). */
class FailingCustomersRepository extends CustomersRepository {
  constructor(private readonly error: Error) {
    super();
  }
  create(): Promise<void> {
    return Promise.reject(this.error);
  }
  createMany(): Promise<{ created: string[]; existing: string[] }> {
    return Promise.reject(this.error);
  }
  get(): Promise<Customer | undefined> {
    return Promise.reject(this.error);
  }
  replace(): Promise<boolean> {
    return Promise.reject(this.error);
  }
  delete(): Promise<boolean> {
    return Promise.reject(this.error);
  }
  list(): Promise<Page<Customer>> {
    return Promise.reject(this.error);
  }
}

describe('CORS (e2e)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' } });
  });
  afterAll(async () => {
    await app.close();
    delete process.env.CORS_ORIGINS;
  });

  it('answers a preflight from an allowed origin without asking for a key', async () => {
    const res = await request(app.getHttpServer())
      .options('/v1/customers')
      .set('origin', 'http://localhost:5173')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type,x-api-key');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-headers']).toBe('content-type,x-api-key,x-request-id');
  });

  it('allows listed origins only, and exposes x-request-id', async () => {
    const allowed = await request(app.getHttpServer()).get('/v1/nope').set('origin', 'https://app.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-expose-headers']).toBe('x-request-id,idempotent-replayed');
    const other = await request(app.getHttpServer()).get('/v1/nope').set('origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('unexpected errors (e2e)', () => {
  it('maps an unexpected error to 500 INTERNAL without leaking its message', async () => {
    const app = await createTestApp({
      override: (b) => b.overrideProvider(CustomersRepository).useValue(new FailingCustomersRepository(new Error('secret table name t-123'))),
    });
    try {
      const res = await request(app.getHttpServer()).get('/v1/customers/x').set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(500);
      expect(res.body).toEqual(problem(500, 'INTERNAL', 'Internal server error'));
    } finally {
      await app.close();
    }
  });

  it.each([
    ['throttling', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' })],
  ])('maps a storage error (%s) to 503 STORAGE.UNAVAILABLE', async (_what, error) => {
    const app = await createTestApp({ override: (b) => b.overrideProvider(CustomersRepository).useValue(new FailingCustomersRepository(error)) });
    try {
      const res = await request(app.getHttpServer()).get('/v1/customers').set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(503);
      expect(res.body).toEqual(problem(503, 'STORAGE.UNAVAILABLE', 'Storage is temporarily unavailable; retry later'));
    } finally {
      await app.close();
    }
  });
});
