import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, TEST_KEYS, TEST_NOW } from './support/test-app';
import { problem } from './support/problem';

interface OrderBody {
  readonly orderId: string;
  readonly purchasedAt: string;
  readonly purchasedAtUtc: string;
  readonly total: number;
}

interface PageBody<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

interface FieldErrorBody {
  readonly field: string;
  readonly messages: string[];
}

const line = (productId: string, quantity: number, unitPrice: number) => ({ productId, quantity, unitPrice });
const cursorOf = (position: Record<string, unknown>) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
const fieldsOf = (body: { details?: FieldErrorBody[] }) => (body.details ?? []).map((d) => d.field).sort();

describe('purchases (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const now = TEST_NOW.toISOString();

  beforeAll(async () => {
    app = await createTestApp();
    for (const id of ['buyer', 'retry', 'race', 'sum-1', 'empty', 'pages', 'bulk', 'bad']) {
      await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id }).expect(201);
    }
  });
  afterAll(async () => {
    await app.close();
  });

  const postOrder = (customerId: string, body: Record<string, unknown>) =>
    http().post(`/v1/customers/${customerId}/purchases`).set('x-api-key', TEST_KEYS.write).send(body);

  async function walkOrders(customerId: string, query: Record<string, string | number>): Promise<PageBody<OrderBody>[]> {
    const pages: PageBody<OrderBody>[] = [];
    let cursor: string | undefined;
    do {
      const res = await http()
        .get(`/v1/customers/${customerId}/purchases`)
        .query({ ...query, ...(cursor ? { cursor } : {}) })
        .set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(200);
      pages.push(res.body as PageBody<OrderBody>);
      cursor = (res.body as PageBody<OrderBody>).nextCursor;
      expect(pages.length).toBeLessThan(100);
    } while (cursor);
    return pages;
  }

  describe('POST /v1/customers/:id/purchases', () => {
    it('stores an order with embedded lines; purchasedAt kept as given with its UTC instant beside it', async () => {
      const res = await postOrder('buyer', {
        orderId: '536365',
        purchasedAt: '2010-12-01T10:26:00+02:00',
        currency: 'GBP',
        lines: [
          { productId: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, unitPrice: 2.55 },
          { productId: '71053', quantity: 6, unitPrice: 3.39, category: 'lights' },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(res.body).toEqual({
        customerId: 'buyer',
        orderId: '536365',
        purchasedAt: '2010-12-01T10:26:00+02:00',
        purchasedAtUtc: '2010-12-01T08:26:00.000Z',
        currency: 'GBP',
        lines: [
          { productId: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, unitPrice: 2.55 },
          { productId: '71053', quantity: 6, unitPrice: 3.39, category: 'lights' },
        ],
        total: 35.64,
        source: 'api',
        createdAt: now,
      });
    });

    it('reads a zone-less purchasedAt as UTC', async () => {
      const res = await postOrder('buyer', { orderId: 'zoneless', purchasedAt: '2011-03-04T05:06:07', lines: [line('P', 1, 1)] });
      expect(res.status).toBe(201);
      expect(res.body.purchasedAt).toBe('2011-03-04T05:06:07');
      expect(res.body.purchasedAtUtc).toBe('2011-03-04T05:06:07.000Z');
      const dateOnly = await postOrder('buyer', { orderId: 'date-only', purchasedAt: '2011-03-05', lines: [line('P', 1, 1)] });
      expect(dateOnly.status).toBe(201);
      expect(dateOnly.body.purchasedAtUtc).toBe('2011-03-05T00:00:00.000Z');
    });

    it('is idempotent on orderId: a retry answers 200 with the stored order and Idempotent-Replayed', async () => {
      const order = { orderId: 'r-1', purchasedAt: '2011-06-01T12:00:00Z', lines: [line('A', 2, 10), line('B', 1, 5.5)] };
      const first = await postOrder('retry', order);
      expect(first.status).toBe(201);
      const second = await postOrder('retry', order);
      expect(second.status).toBe(200);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      // The same instant written with another offset is the same purchase.
      const third = await postOrder('retry', { ...order, purchasedAt: '2011-06-01T14:00:00+02:00' });
      expect(third.status).toBe(200);
      expect(third.body).toEqual(first.body);
      const list = await http().get('/v1/customers/retry/purchases').set('x-api-key', TEST_KEYS.read);
      expect(list.body.items).toHaveLength(1);
      const summary = await http().get('/v1/customers/retry/purchases/summary').set('x-api-key', TEST_KEYS.read);
      expect(summary.status).toBe(200);
      expect(summary.body.orders).toBe(1);
      expect(summary.body.totalSpent).toBe(25.5);
    });

    it('stores concurrent identical creates once: one 201, the others 200 replays', async () => {
      const order = { orderId: 'race-1', purchasedAt: '2011-07-01T00:00:00Z', lines: [line('R', 1, 3)] };
      const responses = await Promise.all(Array.from({ length: 6 }, () => postOrder('race', order)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      for (const r of responses.filter((x) => x.status === 200)) expect(r.headers['idempotent-replayed']).toBe('true');
      const list = await http().get('/v1/customers/race/purchases').set('x-api-key', TEST_KEYS.read);
      expect(list.body.items.map((o: OrderBody) => o.orderId)).toEqual(['race-1']);
    });

    it('answers 409 ORDER.ID_CONFLICT when the orderId holds a different purchase', async () => {
      await postOrder('retry', { orderId: 'r-2', purchasedAt: '2011-06-02T12:00:00Z', lines: [line('A', 1, 10)] }).expect(201);
      const variants = [
        { orderId: 'r-2', purchasedAt: '2011-06-02T12:00:01Z', lines: [line('A', 1, 10)] },
        { orderId: 'r-2', purchasedAt: '2011-06-02T12:00:00Z', lines: [line('A', 2, 10)] },
        { orderId: 'r-2', purchasedAt: '2011-06-02T12:00:00Z', lines: [line('A', 1, 10), line('B', 1, 1)] },
        { orderId: 'r-2', purchasedAt: '2011-06-02T12:00:00Z', currency: 'EUR', lines: [line('A', 1, 10)] },
      ];
      for (const variant of variants) {
        const res = await postOrder('retry', variant);
        expect(res.status).toBe(409);
        expect(res.body).toEqual(problem(409, 'ORDER.ID_CONFLICT', "Order 'r-2' of customer 'retry' already exists with different content"));
      }
      const summary = await http().get('/v1/customers/retry/purchases/summary').set('x-api-key', TEST_KEYS.read);
      expect(summary.body.orders).toBe(2);
      expect(summary.body.totalSpent).toBe(35.5);
    });

    it('the same orderId for two customers is two orders', async () => {
      const a = await postOrder('buyer', { orderId: 'shared', purchasedAt: '2011-01-01T00:00:00Z', lines: [line('A', 1, 1)] });
      const b = await postOrder('retry', { orderId: 'shared', purchasedAt: '2011-02-01T00:00:00Z', lines: [line('B', 1, 2)] });
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.customerId).toBe('retry');
    });

    it('answers 404 for an unknown customer', async () => {
      const res = await postOrder('ghost', { orderId: 'x', purchasedAt: '2011-01-01T00:00:00Z', lines: [line('A', 1, 1)] });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(problem(404, 'CUSTOMER.NOT_FOUND', "Customer 'ghost' does not exist"));
    });

    it('answers 400 naming each bad field, with nested paths for lines', async () => {
      const res = await postOrder('bad', {
        orderId: 'bad order id',
        purchasedAt: '2011-02-30T10:00:00Z',
        currency: 'pounds',
        extra: true,
        lines: [
          { productId: 'A', quantity: -1, unitPrice: 1 },
          { productId: 'B', quantity: 1, unitPrice: -0.01, color: 'red' },
          { productId: '', quantity: 0, unitPrice: 1.123456 },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect(fieldsOf(res.body)).toEqual(
        [
          'currency',
          'extra',
          'lines[0].quantity',
          'lines[1].color',
          'lines[1].unitPrice',
          'lines[2].productId',
          'lines[2].quantity',
          'lines[2].unitPrice',
          'orderId',
          'purchasedAt',
        ].sort(),
      );
      expect(res.body.details).toContainEqual({ field: 'lines[0].quantity', messages: ['quantity must be a positive number'] });
      expect(res.body.details).toContainEqual({ field: 'lines[1].color', messages: ['color should not exist'] });
      expect(res.body.details).toContainEqual({ field: 'extra', messages: ['extra should not exist'] });
      const none = await http().get('/v1/customers/bad/purchases').set('x-api-key', TEST_KEYS.read);
      expect(none.body).toEqual({ items: [] });
    });

    it('answers 400 for missing or empty lines and a missing body', async () => {
      const empty = await postOrder('bad', { orderId: 'e', purchasedAt: '2011-01-01T00:00:00Z', lines: [] });
      expect(empty.status).toBe(400);
      expect(empty.body.details).toEqual([{ field: 'lines', messages: ['lines must contain at least 1 elements'] }]);
      const nothing = await postOrder('bad', {});
      expect(nothing.status).toBe(400);
      expect(fieldsOf(nothing.body)).toEqual(['lines', 'orderId', 'purchasedAt']);
    });

    it('answers 400 (never 500) for ISO-8601 forms the validator accepts but the service cannot read', async () => {
      const forms = ['2011-W05-1', '2011-032', '2011-01-01T10', '2011-01-01T10:00:00+02', '20110101'];
      const outcomes: { purchasedAt: string; status: number; fields: string[] }[] = [];
      for (const purchasedAt of forms) {
        const res = await postOrder('bad', { orderId: 'iso', purchasedAt, lines: [line('A', 1, 1)] });
        outcomes.push({ purchasedAt, status: res.status, fields: fieldsOf(res.body) });
      }
      expect(outcomes).toEqual(forms.map((purchasedAt) => ({ purchasedAt, status: 400, fields: ['purchasedAt'] })));
    });
  });

  describe('GET /v1/customers/:id/purchases', () => {
    const base = Date.UTC(2011, 0, 1);
    const orderIds: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 30; i++) {
        // Two orders share each instant so that ties are ordered by orderId and still paginate cleanly.
        const at = new Date(base + Math.floor(i / 2) * 86_400_000).toISOString();
        const orderId = `p-${String(i).padStart(2, '0')}`;
        orderIds.push(orderId);
        await postOrder('pages', { orderId, purchasedAt: at, lines: [line('X', 1, i + 1)] }).expect(201);
      }
    });

    it('lists newest first and walks 30 orders with limit 4 without gaps or repeats', async () => {
      const pages = await walkOrders('pages', { limit: 4 });
      const items = pages.flatMap((p) => p.items);
      const ids = items.map((o) => o.orderId);
      expect(new Set(ids).size).toBe(30);
      expect([...ids].sort()).toEqual([...orderIds].sort());
      expect(ids).toEqual([...orderIds].reverse());
      const times = items.map((o) => o.purchasedAtUtc);
      expect(times).toEqual([...times].sort().reverse());
      expect(pages.slice(0, -1).every((p) => p.items.length === 4)).toBe(true);
    });

    it('filters with from/to, both inclusive, and paginates within the range', async () => {
      const from = new Date(base + 3 * 86_400_000).toISOString();
      const to = new Date(base + 9 * 86_400_000).toISOString();
      const pages = await walkOrders('pages', { from, to, limit: 4 });
      const ids = pages.flatMap((p) => p.items.map((o) => o.orderId));
      const expected = orderIds.slice(6, 20).reverse();
      expect(ids).toEqual(expected);
      const onlyFrom = await walkOrders('pages', { from: '2011-01-14T00:00:00Z', limit: 3 });
      expect(onlyFrom.flatMap((p) => p.items.map((o) => o.orderId))).toEqual(['p-29', 'p-28', 'p-27', 'p-26']);
      const onlyTo = await walkOrders('pages', { to: '2011-01-02T00:00:00Z', limit: 3 });
      expect(onlyTo.flatMap((p) => p.items.map((o) => o.orderId))).toEqual(['p-03', 'p-02', 'p-01', 'p-00']);
      const dateOnlyTo = await walkOrders('pages', { to: '2011-01-01', limit: 3 });
      expect(dateOnlyTo.flatMap((p) => p.items.map((o) => o.orderId))).toEqual(['p-01', 'p-00']);
    });

    it('reads from/to with offsets and without a zone (UTC)', async () => {
      const withOffset = await walkOrders('pages', { from: '2011-01-15T01:00:00+02:00', to: '2011-01-15T02:00:00+02:00' });
      expect(withOffset.flatMap((p) => p.items.map((o) => o.orderId))).toEqual(['p-29', 'p-28']);
      const zoneless = await walkOrders('pages', { from: '2011-01-15T00:00:00', to: '2011-01-15T00:00:00' });
      expect(zoneless.flatMap((p) => p.items.map((o) => o.orderId))).toEqual(['p-29', 'p-28']);
    });

    it('answers 400 when from is after to, and for bad dates', async () => {
      const reversed = await http().get('/v1/customers/pages/purchases').query({ from: '2011-02-01', to: '2011-01-01' }).set('x-api-key', TEST_KEYS.read);
      expect(reversed.status).toBe(400);
      expect(reversed.body).toEqual(problem(400, 'VALIDATION.FAILED', 'Invalid input: from', [{ field: 'from', messages: ['from must not be after to'] }]));
      const bad = await http().get('/v1/customers/pages/purchases').query({ from: '2011-13-01', to: 'yesterday' }).set('x-api-key', TEST_KEYS.read);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['from', 'to']);
    });

    it('answers 400 (never 500) for ISO-8601 forms of from/to the service cannot read', async () => {
      const outcomes: { from: string; status: number }[] = [];
      for (const from of ['2011-W05-1', '2011-01-01T10']) {
        const res = await http().get('/v1/customers/pages/purchases').query({ from }).set('x-api-key', TEST_KEYS.read);
        outcomes.push({ from, status: res.status });
      }
      expect(outcomes).toEqual([
        { from: '2011-W05-1', status: 400 },
        { from: '2011-01-01T10', status: 400 },
      ]);
    });

    it('answers 400 for an oversize page and for bad or foreign cursors', async () => {
      const oversize = await http().get('/v1/customers/pages/purchases').query({ limit: 101 }).set('x-api-key', TEST_KEYS.read);
      expect(oversize.status).toBe(400);
      expect(oversize.body.details).toEqual([{ field: 'limit', messages: ['limit must not be greater than 100'] }]);
      const first = await http().get('/v1/customers/pages/purchases').query({ limit: 2 }).set('x-api-key', TEST_KEYS.read);
      const cursor = first.body.nextCursor as string;
      const customers = await http().get('/v1/customers').query({ limit: 1 }).set('x-api-key', TEST_KEYS.read);
      const cases: [string, string][] = [
        ['buyer', cursor],
        ['pages', 'garbage'],
        ['pages', cursorOf({ k: { pk: 'CUSTOMER#pages', sk: 1, purchasedSk: 'x' } })],
        ['pages', customers.body.nextCursor as string],
      ];
      for (const [customerId, c] of cases) {
        const res = await http().get(`/v1/customers/${customerId}/purchases`).query({ cursor: c }).set('x-api-key', TEST_KEYS.read);
        expect({ customerId, c, status: res.status }).toEqual({ customerId, c, status: 400 });
        expect(res.body.details).toEqual([{ field: 'cursor', messages: ['cursor is not valid for this list'] }]);
      }
    });

    it('answers 400 (never 500) for a cursor outside the requested from/to range', async () => {
      const first = await http().get('/v1/customers/pages/purchases').query({ limit: 2 }).set('x-api-key', TEST_KEYS.read);
      const res = await http()
        .get('/v1/customers/pages/purchases')
        .query({ cursor: first.body.nextCursor as string, to: '2011-01-03T00:00:00Z' })
        .set('x-api-key', TEST_KEYS.read);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION.FAILED' });
    });

    it('answers 404 for an unknown customer', async () => {
      const res = await http().get('/v1/customers/ghost/purchases').set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CUSTOMER.NOT_FOUND');
    });
  });

  describe('POST /v1/customers/:id/purchases/import', () => {
    const importOrders = (customerId: string, orders: unknown[]) =>
      http().post(`/v1/customers/${customerId}/purchases/import`).set('x-api-key', TEST_KEYS.write).send({ orders });

    it('reports created, duplicate (stored or repeated in the request) and invalid items with field errors', async () => {
      await postOrder('bulk', { orderId: 'b-0', purchasedAt: '2011-04-01T00:00:00Z', lines: [line('A', 1, 10)] }).expect(201);
      const res = await importOrders('bulk', [
        { orderId: 'b-1', purchasedAt: '2011-04-02T00:00:00Z', lines: [line('A', 2, 10)] },
        { orderId: 'b-0', purchasedAt: '2011-04-01T00:00:00Z', lines: [line('A', 1, 10)] },
        { orderId: 'b-2', purchasedAt: '2011-04-03T00:00:00+02:00', lines: [line('B', 1, 7.5)] },
        { orderId: 'b-1', purchasedAt: '2011-04-02T00:00:00Z', lines: [line('A', 2, 10)] },
        { orderId: 'b-3', purchasedAt: 'not a date', lines: [{ productId: 'C', quantity: -2, unitPrice: 1, colour: 'red' }] },
        'not an object',
        { purchasedAt: '2011-04-04T00:00:00Z', lines: [] },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.created).toBe(2);
      expect(res.body.duplicate).toBe(2);
      expect(res.body.invalid).toBe(3);
      const items = res.body.items as { index: number; orderId?: string; status: string; errors?: FieldErrorBody[] }[];
      expect(items.map((i) => [i.index, i.orderId, i.status])).toEqual([
        [0, 'b-1', 'created'],
        [1, 'b-0', 'duplicate'],
        [2, 'b-2', 'created'],
        [3, 'b-1', 'duplicate'],
        [4, 'b-3', 'invalid'],
        [5, undefined, 'invalid'],
        [6, undefined, 'invalid'],
      ]);
      expect(items[4].errors?.map((e) => e.field).sort()).toEqual(['lines[0].colour', 'lines[0].quantity', 'purchasedAt']);
      expect(items[4].errors).toContainEqual({ field: 'lines[0].quantity', messages: ['quantity must be a positive number'] });
      expect(items[5].errors).toEqual([{ field: '', messages: ['each order must be an object'] }]);
      expect(items[6].errors?.map((e) => e.field).sort()).toEqual(['lines', 'orderId']);

      const list = await walkOrders('bulk', {});
      expect(list.flatMap((p) => p.items.map((o) => o.orderId))).toEqual(['b-2', 'b-1', 'b-0']);
      const b2 = list[0].items[0];
      expect(b2.purchasedAt).toBe('2011-04-03T00:00:00+02:00');
      expect(b2.purchasedAtUtc).toBe('2011-04-02T22:00:00.000Z');
      const summary = await http().get('/v1/customers/bulk/purchases/summary').set('x-api-key', TEST_KEYS.read);
      expect(summary.body.orders).toBe(3);
      expect(summary.body.totalSpent).toBe(37.5);

      const again = await importOrders('bulk', [{ orderId: 'b-1', purchasedAt: '2011-04-02T00:00:00Z', lines: [line('A', 2, 10)] }]);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ created: 0, duplicate: 1, conflict: 0, invalid: 0, items: [{ index: 0, orderId: 'b-1', status: 'duplicate' }] });

      const changed = await importOrders('bulk', [{ orderId: 'b-1', purchasedAt: '2011-04-02T00:00:00Z', lines: [line('A', 3, 10)] }]);
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ created: 0, duplicate: 0, conflict: 1, invalid: 0, items: [{ index: 0, orderId: 'b-1', status: 'conflict' }] });
      const after = await http().get('/v1/customers/bulk/purchases/summary').set('x-api-key', TEST_KEYS.read);
      expect(after.body.orders).toBe(3);
      expect(after.body.totalSpent).toBe(37.5);
    });

    it('imports the maximum of 500 orders in one request and lists them all', async () => {
      await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'bulk-500' }).expect(201);
      const orders = Array.from({ length: 500 }, (_, i) => ({
        orderId: `m-${String(i).padStart(3, '0')}`,
        purchasedAt: new Date(Date.UTC(2011, 0, 1) + i * 3_600_000).toISOString(),
        lines: [line('A', 1, 2), line(`P${i % 7}`, 2, 0.5)],
      }));
      const res = await importOrders('bulk-500', orders);
      expect(res.status).toBe(200);
      expect([res.body.created, res.body.duplicate, res.body.invalid]).toEqual([500, 0, 0]);
      const pages = await walkOrders('bulk-500', { limit: 100 });
      // A last page that ends exactly at the limit may be followed by one empty page (DynamoDB semantics).
      expect(pages.slice(0, 5).map((p) => p.items.length)).toEqual([100, 100, 100, 100, 100]);
      expect(pages.slice(5).every((p) => p.items.length === 0 && p.nextCursor === undefined)).toBe(true);
      const ids = pages.flatMap((p) => p.items.map((o) => o.orderId));
      expect(ids).toEqual(orders.map((o) => o.orderId).reverse());
      const summary = await http().get('/v1/customers/bulk-500/purchases/summary').set('x-api-key', TEST_KEYS.read);
      expect(summary.body).toMatchObject({ orders: 500, totalSpent: 1500, distinctProducts: 8 });
      expect(summary.body.interPurchaseIntervals).toEqual({ count: 499, meanDays: 0.04, medianDays: 0.04, coefficientOfVariation: 0 });
    });

    it('reports an unreadable ISO-8601 date as an invalid item (never a 500)', async () => {
      const res = await importOrders('bulk', [
        { orderId: 'iso-1', purchasedAt: '2011-W05-1', lines: [line('A', 1, 1)] },
        { orderId: 'iso-2', purchasedAt: '2011-05-01T00:00:00Z', lines: [line('A', 1, 1)] },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        { index: 0, orderId: 'iso-1', status: 'invalid', errors: [{ field: 'purchasedAt', messages: expect.any(Array) }] },
        { index: 1, orderId: 'iso-2', status: 'created' },
      ]);
    });

    it('answers 400 for an empty, missing or oversize orders array and unknown properties', async () => {
      const empty = await importOrders('bulk', []);
      expect(empty.status).toBe(400);
      expect(empty.body.details).toEqual([{ field: 'orders', messages: ['orders must contain at least 1 elements'] }]);
      const oversize = await importOrders(
        'bulk',
        Array.from({ length: 501 }, (_, i) => ({ orderId: `o${i}`, purchasedAt: '2011-01-01T00:00:00Z', lines: [line('A', 1, 1)] })),
      );
      expect(oversize.status).toBe(400);
      expect(oversize.body.details).toEqual([{ field: 'orders', messages: ['orders must contain no more than 500 elements'] }]);
      const unknown = await http().post('/v1/customers/bulk/purchases/import').set('x-api-key', TEST_KEYS.write).send({ orders: [{}], dryRun: true });
      expect(unknown.status).toBe(400);
      expect(fieldsOf(unknown.body)).toEqual(['dryRun']);
    });

    it('answers 404 for an unknown customer', async () => {
      const res = await importOrders('ghost', [{ orderId: 'x', purchasedAt: '2011-01-01T00:00:00Z', lines: [line('A', 1, 1)] }]);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CUSTOMER.NOT_FOUND');
    });
  });

  describe('GET /v1/customers/:id/purchases/summary', () => {
    beforeAll(async () => {
      const orders = [
        { orderId: 's1', purchasedAt: '2011-01-01T00:00:00Z', lines: [line('P1', 2, 5), line('P2', 1, 3)] },
        { orderId: 's2', purchasedAt: '2011-01-11T02:00:00+02:00', lines: [line('P1', 1, 5)] },
        { orderId: 's3', purchasedAt: '2011-01-15T00:00:00', lines: [line('P2', 3, 3), { ...line('P3', 1, 20), description: 'Lamp' }] },
        { orderId: 's4', purchasedAt: '2011-02-14T00:00:00Z', lines: [line('P1', 2, 5)] },
        { orderId: 's5', purchasedAt: '2011-03-01T00:00:00Z', lines: [line('P4', 1, 100)] },
      ];
      for (const order of orders) await postOrder('sum-1', order).expect(201);
    });

    it('summarises the history as of asOf, ignoring later orders', async () => {
      const res = await http().get('/v1/customers/sum-1/purchases/summary').query({ asOf: '2011-02-20T12:00:00Z' }).set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        customerId: 'sum-1',
        asOf: '2011-02-20T12:00:00.000Z',
        orders: 4,
        totalSpent: 57,
        averageOrderValue: 14.25,
        firstPurchaseAt: '2011-01-01T00:00:00.000Z',
        lastPurchaseAt: '2011-02-14T00:00:00.000Z',
        rfm: { recencyDays: 6, frequency: 4, monetary: 57 },
        ordersPer30Days: 2.3762,
        interPurchaseIntervals: { count: 3, meanDays: 14.67, medianDays: 10, coefficientOfVariation: 0.9282 },
        products: [
          { productId: 'P1', timesBought: 3, totalQuantity: 5, totalSpent: 25, meanDaysBetween: 22, lastBoughtAt: '2011-02-14T00:00:00.000Z', daysSinceLastBought: 6 },
          { productId: 'P2', timesBought: 2, totalQuantity: 4, totalSpent: 12, meanDaysBetween: 14, lastBoughtAt: '2011-01-15T00:00:00.000Z', daysSinceLastBought: 36 },
          { productId: 'P3', description: 'Lamp', timesBought: 1, totalQuantity: 1, totalSpent: 20, meanDaysBetween: null, lastBoughtAt: '2011-01-15T00:00:00.000Z', daysSinceLastBought: 36 },
        ],
        distinctProducts: 3,
      });
    });

    it('answers 400 naming asOf for 24:00 and for an impossible day (2023-02-29)', async () => {
      const outcomes: { asOf: string; status: number; fields: string[] }[] = [];
      for (const asOf of ['2011-02-20T24:00:00Z', '2011-02-20T24:00', '2023-02-29', '2023-02-29T00:00:00Z']) {
        const res = await http().get('/v1/customers/sum-1/purchases/summary').query({ asOf }).set('x-api-key', TEST_KEYS.read);
        outcomes.push({ asOf, status: res.status, fields: fieldsOf(res.body) });
      }
      expect(outcomes).toEqual(
        ['2011-02-20T24:00:00Z', '2011-02-20T24:00', '2023-02-29', '2023-02-29T00:00:00Z'].map((asOf) => ({ asOf, status: 400, fields: ['asOf'] })),
      );
    });

    it("defaults asOf to the injected clock's now and honours productLimit", async () => {
      const res = await http().get('/v1/customers/sum-1/purchases/summary').query({ productLimit: 3 }).set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        asOf: now,
        orders: 5,
        totalSpent: 157,
        averageOrderValue: 31.4,
        lastPurchaseAt: '2011-03-01T00:00:00.000Z',
        rfm: { recencyDays: 306, frequency: 5, monetary: 157 },
        ordersPer30Days: 0.411,
        interPurchaseIntervals: { count: 4, meanDays: 14.75, medianDays: 12.5, coefficientOfVariation: 0.7537 },
        distinctProducts: 4,
      });
      expect(res.body.products.map((p: { productId: string }) => p.productId)).toEqual(['P1', 'P2', 'P4']);
      expect(res.body.products[0].daysSinceLastBought).toBe(321);
    });

    it('an asOf before the first order is an empty history', async () => {
      const res = await http().get('/v1/customers/sum-1/purchases/summary').query({ asOf: '2010-12-31' }).set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        customerId: 'sum-1',
        asOf: '2010-12-31T00:00:00.000Z',
        orders: 0,
        totalSpent: 0,
        averageOrderValue: null,
        firstPurchaseAt: null,
        lastPurchaseAt: null,
        rfm: null,
        ordersPer30Days: null,
        interPurchaseIntervals: { count: 0, meanDays: null, medianDays: null, coefficientOfVariation: null },
        products: [],
        distinctProducts: 0,
      });
      const empty = await http().get('/v1/customers/empty/purchases/summary').set('x-api-key', TEST_KEYS.read);
      expect(empty.status).toBe(200);
      expect(empty.body).toMatchObject({ customerId: 'empty', asOf: now, orders: 0, rfm: null, products: [] });
    });

    it('answers 400 (never 500) for an ISO-8601 asOf the service cannot read', async () => {
      const res = await http().get('/v1/customers/sum-1/purchases/summary').query({ asOf: '2011-W05-1' }).set('x-api-key', TEST_KEYS.read);
      expect({ status: res.status, fields: fieldsOf(res.body) }).toEqual({ status: 400, fields: ['asOf'] });
    });

    it('answers 400 for a bad asOf or productLimit and 404 for an unknown customer', async () => {
      const bad = await http().get('/v1/customers/sum-1/purchases/summary').query({ asOf: '2011-02-30', productLimit: 0 }).set('x-api-key', TEST_KEYS.read);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['asOf', 'productLimit']);
      const ghost = await http().get('/v1/customers/ghost/purchases/summary').set('x-api-key', TEST_KEYS.read);
      expect(ghost.status).toBe(404);
      expect(ghost.body.code).toBe('CUSTOMER.NOT_FOUND');
    });
  });
});
