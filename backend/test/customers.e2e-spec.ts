import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, TEST_KEYS, TEST_NOW } from './support/test-app';
import { problem } from './support/problem';

interface CustomerBody {
  readonly id: string;
  readonly country?: string;
  readonly region?: string;
  readonly version: number;
}

interface PageBody<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

const cursorOf = (position: Record<string, unknown>) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

describe('customers (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const now = TEST_NOW.toISOString();

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates a customer and answers 409 on a duplicate id', async () => {
    const created = await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'c-1', country: 'Iceland' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'c-1', country: 'Iceland', version: 1, createdAt: now, updatedAt: now });
    const again = await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'c-1' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(problem(409, 'CUSTOMER.ALREADY_EXISTS', "Customer 'c-1' already exists"));
    const stored = await http().get('/v1/customers/c-1').set('x-api-key', TEST_KEYS.read);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ id: 'c-1', country: 'Iceland', version: 1, createdAt: now, updatedAt: now });
  });

  it('creates a full profile and reads it back', async () => {
    const profile = {
      id: 'full.profile_1',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      country: 'United Kingdom',
      region: 'London',
      city: 'London',
      age: 36,
      gender: 'F',
      registeredAt: '2010-03-04T05:06:07Z',
    };
    const created = await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send(profile);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ ...profile, version: 1, createdAt: now, updatedAt: now });
    const got = await http().get('/v1/customers/full.profile_1').set('x-api-key', TEST_KEYS.analyst);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ ...profile, version: 1, createdAt: now, updatedAt: now });
  });

  it('answers 404 CUSTOMER.NOT_FOUND for an unknown customer on every customer route', async () => {
    const body = problem(404, 'CUSTOMER.NOT_FOUND', "Customer 'nobody' does not exist");
    const get = await http().get('/v1/customers/nobody').set('x-api-key', TEST_KEYS.read);
    expect(get.status).toBe(404);
    expect(get.body).toEqual(body);
    const put = await http().put('/v1/customers/nobody').set('x-api-key', TEST_KEYS.write).send({ name: 'X' });
    expect(put.status).toBe(404);
    expect(put.body).toEqual(body);
    const patch = await http().patch('/v1/customers/nobody').set('x-api-key', TEST_KEYS.write).send({ name: 'X' });
    expect(patch.status).toBe(404);
    expect(patch.body).toEqual(body);
    const del = await http().delete('/v1/customers/nobody').set('x-api-key', TEST_KEYS.write);
    expect(del.status).toBe(404);
    expect(del.body).toEqual(body);
  });

  it('rejects a create naming each bad field', async () => {
    const res = await http()
      .post('/v1/customers')
      .set('x-api-key', TEST_KEYS.write)
      .send({ id: 'has space', email: 'not-an-email', age: 121, gender: 'X', registeredAt: '2011-02-30T00:00:00Z', nickname: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.statusCode).toBe(400);
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['age', 'email', 'gender', 'id', 'nickname', 'registeredAt']);
    expect(res.body.details).toContainEqual({ field: 'nickname', messages: ['nickname should not exist'] });
    expect(res.body.details).toContainEqual({ field: 'age', messages: ['age must not be greater than 120'] });
    expect(res.body.message).toBe(`Invalid request: ${(res.body.details as { field: string }[]).map((d) => d.field).join(', ')}`);
  });

  it('rejects a malformed id in the path with 400 naming id', async () => {
    const res = await http().get('/v1/customers/bad%20id').set('x-api-key', TEST_KEYS.read);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      problem(400, 'VALIDATION.FAILED', 'Invalid request: id', [{ field: 'id', messages: ['id must be 1..64 letters, digits, ".", "_" or "-"'] }]),
    );
  });

  it('PUT replaces the whole profile and bumps the version', async () => {
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'put-1', name: 'Old', country: 'France', age: 40 }).expect(201);
    const put = await http().put('/v1/customers/put-1').set('x-api-key', TEST_KEYS.write).send({ name: 'New', city: 'Lyon' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ id: 'put-1', name: 'New', city: 'Lyon', version: 2, createdAt: now, updatedAt: now });
    const got = await http().get('/v1/customers/put-1').set('x-api-key', TEST_KEYS.read);
    expect(got.body).toEqual({ id: 'put-1', name: 'New', city: 'Lyon', version: 2, createdAt: now, updatedAt: now });
    const withId = await http().put('/v1/customers/put-1').set('x-api-key', TEST_KEYS.write).send({ id: 'other' });
    expect(withId.status).toBe(400);
    expect(withId.body.details).toEqual([{ field: 'id', messages: ['id should not exist'] }]);
  });

  it('PATCH merges: absent fields kept, null removes, values replace', async () => {
    await http()
      .post('/v1/customers')
      .set('x-api-key', TEST_KEYS.write)
      .send({ id: 'patch-1', name: 'Ann', country: 'Norway', region: 'Oslo', age: 30 })
      .expect(201);
    const patched = await http().patch('/v1/customers/patch-1').set('x-api-key', TEST_KEYS.write).send({ region: null, age: 31, email: 'ann@example.com' });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      id: 'patch-1',
      name: 'Ann',
      country: 'Norway',
      age: 31,
      email: 'ann@example.com',
      version: 2,
      createdAt: now,
      updatedAt: now,
    });
    const got = await http().get('/v1/customers/patch-1').set('x-api-key', TEST_KEYS.read);
    expect(got.body).toEqual(patched.body);
    const byRegion = await http().get('/v1/customers').query({ region: 'Oslo' }).set('x-api-key', TEST_KEYS.read);
    expect(byRegion.status).toBe(200);
    expect(byRegion.body).toEqual({ items: [] });
    const bad = await http().patch('/v1/customers/patch-1').set('x-api-key', TEST_KEYS.write).send({ age: -1, unknown: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['age', 'unknown']);
  });

  it('concurrent PATCHes never lose an update: each answers 200 or 409 CUSTOMER.CONCURRENT_UPDATE and the version counts the 200s', async () => {
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'race-1' }).expect(201);
    const fields = ['name', 'city', 'region', 'country', 'email'] as const;
    const values: Record<(typeof fields)[number], string> = { name: 'N', city: 'C', region: 'R', country: 'K', email: 'e@example.com' };
    const responses = await Promise.all(fields.map((f) => http().patch('/v1/customers/race-1').set('x-api-key', TEST_KEYS.write).send({ [f]: values[f] })));
    const ok = responses.filter((r) => r.status === 200);
    for (const r of responses.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body).toEqual(problem(409, 'CUSTOMER.CONCURRENT_UPDATE', "Customer 'race-1' was modified concurrently; retry the request"));
    }
    expect(ok.length).toBeGreaterThan(0);
    const got = await http().get('/v1/customers/race-1').set('x-api-key', TEST_KEYS.read);
    expect(got.body.version).toBe(1 + ok.length);
    for (const [i, r] of responses.entries()) {
      if (r.status === 200) expect(got.body[fields[i]]).toBe(values[fields[i]]);
      else expect(got.body[fields[i]]).toBeUndefined();
    }
  });

  it('DELETE removes the profile and its orders: afterwards GET and purchases answer 404', async () => {
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'del-1', country: 'Spain' }).expect(201);
    for (const orderId of ['o1', 'o2', 'o3']) {
      await http()
        .post('/v1/customers/del-1/purchases')
        .set('x-api-key', TEST_KEYS.write)
        .send({ orderId, purchasedAt: '2011-05-01T10:00:00Z', lines: [{ productId: 'P', quantity: 1, unitPrice: 2 }] })
        .expect(201);
    }
    const del = await http().delete('/v1/customers/del-1').set('x-api-key', TEST_KEYS.write);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    const get = await http().get('/v1/customers/del-1').set('x-api-key', TEST_KEYS.read);
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('CUSTOMER.NOT_FOUND');
    const purchases = await http().get('/v1/customers/del-1/purchases').set('x-api-key', TEST_KEYS.read);
    expect(purchases.status).toBe(404);
    expect(purchases.body.code).toBe('CUSTOMER.NOT_FOUND');
    const summary = await http().get('/v1/customers/del-1/purchases/summary').set('x-api-key', TEST_KEYS.read);
    expect(summary.status).toBe(404);
    const byCountry = await http().get('/v1/customers').query({ country: 'Spain' }).set('x-api-key', TEST_KEYS.read);
    expect(byCountry.body).toEqual({ items: [] });
    const again = await http().delete('/v1/customers/del-1').set('x-api-key', TEST_KEYS.write);
    expect(again.status).toBe(404);
    // A new customer with the same id starts without the old orders.
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'del-1' }).expect(201);
    const fresh = await http().get('/v1/customers/del-1/purchases').set('x-api-key', TEST_KEYS.read);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual({ items: [] });
  });

  describe('listing with pagination and filters', () => {
    let listApp: INestApplication;
    const list = () => request(listApp.getHttpServer());
    const countries = ['Iceland', 'France', 'Germany', 'United Kingdom', 'Japan'];
    const created: { id: string; country: string; region?: string }[] = [];

    beforeAll(async () => {
      listApp = await createTestApp();
      for (let i = 0; i < 60; i++) {
        const customer = { id: `cust-${String(i).padStart(3, '0')}`, country: countries[i % countries.length], ...(i % 4 === 0 ? { region: 'North' } : {}) };
        created.push(customer);
        const res = await list().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send(customer);
        expect(res.status).toBe(201);
      }
    });
    afterAll(async () => {
      await listApp.close();
    });

    async function walkList(query: Record<string, string | number>): Promise<PageBody<CustomerBody>[]> {
      const pages: PageBody<CustomerBody>[] = [];
      let cursor: string | undefined;
      do {
        const res = await list()
          .get('/v1/customers')
          .query({ ...query, ...(cursor ? { cursor } : {}) })
          .set('x-api-key', TEST_KEYS.read);
        expect(res.status).toBe(200);
        pages.push(res.body as PageBody<CustomerBody>);
        cursor = (res.body as PageBody<CustomerBody>).nextCursor;
        expect(pages.length).toBeLessThan(100);
      } while (cursor);
      return pages;
    }

    it('walks all 60 customers with limit 7 without gaps or repeats', async () => {
      const pages = await walkList({ limit: 7 });
      const ids = pages.flatMap((p) => p.items.map((c) => c.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(created.map((c) => c.id).sort());
      for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(7);
      expect(pages.slice(0, -1).every((p) => p.items.length === 7)).toBe(true);
      expect(pages.length).toBeGreaterThanOrEqual(9);
    });

    it('the default page size is 25', async () => {
      const res = await list().get('/v1/customers').set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(25);
      expect(typeof res.body.nextCursor).toBe('string');
    });

    it('filters by country, case-insensitive, and paginates within the filter', async () => {
      const pages = await walkList({ country: 'iceland', limit: 5 });
      const ids = pages.flatMap((p) => p.items.map((c) => c.id));
      const expected = created.filter((c) => c.country === 'Iceland').map((c) => c.id);
      expect(expected).toHaveLength(12);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...expected].sort());
      expect(pages.flatMap((p) => p.items).every((c) => c.country === 'Iceland')).toBe(true);
    });

    it('filters by region', async () => {
      const pages = await walkList({ region: 'NORTH', limit: 4 });
      const ids = pages.flatMap((p) => p.items.map((c) => c.id));
      const expected = created.filter((c) => c.region === 'North').map((c) => c.id);
      expect(expected).toHaveLength(15);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...expected].sort());
    });

    it('a country with no customers is an empty page without cursor', async () => {
      const res = await list().get('/v1/customers').query({ country: 'Atlantis' }).set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    });

    it('a changed country moves the customer between country filters', async () => {
      await list().patch('/v1/customers/cust-001').set('x-api-key', TEST_KEYS.write).send({ country: 'Peru' }).expect(200);
      const peru = await list().get('/v1/customers').query({ country: 'Peru' }).set('x-api-key', TEST_KEYS.read);
      expect(peru.body.items.map((c: CustomerBody) => c.id)).toEqual(['cust-001']);
      const france = await walkList({ country: 'France', limit: 100 });
      expect(france.flatMap((p) => p.items.map((c) => c.id))).not.toContain('cust-001');
      await list().patch('/v1/customers/cust-001').set('x-api-key', TEST_KEYS.write).send({ country: 'France' }).expect(200);
    });

    it('rejects an oversize or zero page and a non-numeric limit naming limit', async () => {
      for (const limit of ['101', '0', 'abc', '2.5']) {
        const res = await list().get('/v1/customers').query({ limit }).set('x-api-key', TEST_KEYS.read);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION.FAILED');
        expect((res.body.details as { field: string }[]).map((d) => d.field)).toEqual(['limit']);
      }
      const max = await list().get('/v1/customers').query({ limit: 100 }).set('x-api-key', TEST_KEYS.read);
      expect(max.status).toBe(200);
      expect(max.body.items).toHaveLength(60);
    });

    it('rejects bad and forged cursors with 400, never 500', async () => {
      const first = await list().get('/v1/customers').query({ limit: 3 }).set('x-api-key', TEST_KEYS.read);
      const validUnfiltered = first.body.nextCursor as string;
      const firstCountry = await list().get('/v1/customers').query({ limit: 3, country: 'Japan' }).set('x-api-key', TEST_KEYS.read);
      const validCountry = firstCountry.body.nextCursor as string;
      const cursors: [string, Record<string, string | number>][] = [
        ['not base64 json', {}],
        ['!!!', {}],
        ['abc', {}],
        [cursorOf({ s: 99 }), {}],
        [cursorOf({ s: -1 }), {}],
        [cursorOf({ s: 1.5 }), {}],
        [cursorOf({ s: 0, k: 'x' }), {}],
        [cursorOf({ s: 0, k: { pk: 1, sk: 2, gsi1pk: 3, gsi1sk: 4 } }), {}],
        [Buffer.from('[1,2]').toString('base64url'), {}],
        [Buffer.from('null').toString('base64url'), {}],
        [validCountry, {}],
        [validUnfiltered, { country: 'Japan' }],
        [cursorOf({ s: 3 }), { region: 'North' }],
        ['x'.repeat(2049), {}],
      ];
      for (const [cursor, filter] of cursors) {
        const res = await list()
          .get('/v1/customers')
          .query({ ...filter, cursor })
          .set('x-api-key', TEST_KEYS.read);
        expect({ cursor, status: res.status }).toEqual({ cursor, status: 400 });
        expect(res.body.code).toBe('VALIDATION.FAILED');
        expect((res.body.details as { field: string }[]).map((d) => d.field)).toEqual(['cursor']);
      }
    });

    it('rejects a well-shaped cursor whose key belongs to another list partition with 400', async () => {
      const forged = [
        cursorOf({ s: 2, k: { pk: 'CUSTOMER#zzz', sk: 'PROFILE', gsi1pk: 'CUSTOMERS#09', gsi1sk: 'zzz' } }),
        cursorOf({ k: { pk: 'CUSTOMER#zzz', sk: 'PROFILE', gsi2pk: 'COUNTRY#peru', gsi2sk: 'zzz' } }),
      ];
      const filters: Record<string, string>[] = [{}, { country: 'Japan' }];
      const outcomes: { status: number; code: string }[] = [];
      for (let i = 0; i < forged.length; i++) {
        const res = await list()
          .get('/v1/customers')
          .query({ ...filters[i], cursor: forged[i] })
          .set('x-api-key', TEST_KEYS.read);
        outcomes.push({ status: res.status, code: res.body.code as string });
      }
      expect(outcomes).toEqual(forged.map(() => ({ status: 400, code: 'VALIDATION.FAILED' })));
    });
  });
});
