import { EventEmitter2 } from '@nestjs/event-emitter';
import { FixedClock } from '../common/clock';
import { Page } from '../common/http/pagination';
import { BulkCreateResult, CustomersRepository } from '../customers/customers.repository';
import { CustomersService } from '../customers/customers.service';
import { Customer } from '../customers/domain/customer';
import { Order } from './domain/order';
import { CreateOrderDto } from './dto/create-order.dto';
import { BulkOrderResult, CreateOrderResult, OrderDateRange, PurchasesRepository } from './purchases.repository';
import { PurchasesService } from './purchases.service';

class InMemoryCustomersRepository extends CustomersRepository {
  readonly stored = new Map<string, Customer>();
  async create(customer: Customer): Promise<void> {
    this.stored.set(customer.id, customer);
  }
  async createMany(customers: readonly Customer[]): Promise<BulkCreateResult> {
    for (const c of customers) this.stored.set(c.id, c);
    return { created: customers.map((c) => c.id), existing: [] };
  }
  async get(id: string): Promise<Customer | undefined> {
    return this.stored.get(id);
  }
  async replace(customer: Customer): Promise<boolean> {
    this.stored.set(customer.id, customer);
    return true;
  }
  async delete(id: string): Promise<boolean> {
    return this.stored.delete(id);
  }
  async list(): Promise<Page<Customer>> {
    return { items: [...this.stored.values()] };
  }
}

/** In-memory orders keyed by order id, with the adapter's create-if-absent semantics and UTC range filter. */
class InMemoryPurchasesRepository extends PurchasesRepository {
  readonly stored = new Map<string, Order>();
  async create(order: Order): Promise<CreateOrderResult> {
    const existing = this.stored.get(order.orderId);
    if (existing) return { order: existing, created: false };
    this.stored.set(order.orderId, order);
    return { order, created: true };
  }
  async createMany(orders: readonly Order[]): Promise<BulkOrderResult> {
    const created = orders.filter((o) => !this.stored.has(o.orderId));
    const existing = orders.filter((o) => this.stored.has(o.orderId));
    for (const o of created) this.stored.set(o.orderId, o);
    return { created, existing };
  }
  async getMany(customerId: string, ids: readonly string[]): Promise<Order[]> {
    return ids.flatMap((id) => {
      const o = this.stored.get(id);
      return o && o.customerId === customerId ? [o] : [];
    });
  }
  async list(customerId: string, range: OrderDateRange, limit: number): Promise<Page<Order>> {
    const items = (await this.listAll(customerId))
      .filter((o) => (range.fromUtc === undefined || o.purchasedAtUtc >= range.fromUtc) && (range.toUtc === undefined || o.purchasedAtUtc <= range.toUtc))
      .reverse();
    return { items: items.slice(0, limit) };
  }
  async listAll(customerId: string): Promise<Order[]> {
    return [...this.stored.values()].filter((o) => o.customerId === customerId).sort((a, b) => a.purchasedAtUtc.localeCompare(b.purchasedAtUtc));
  }
}

const dto = (orderId: string, purchasedAt = '2011-03-08T10:00:00+02:00', unitPrice = 2.5): CreateOrderDto =>
  ({ orderId, purchasedAt, lines: [{ productId: 'A', quantity: 3, unitPrice }, { productId: 'B', quantity: 1, unitPrice: 0.1 }] }) as CreateOrderDto;

describe('PurchasesService', () => {
  const clock = new FixedClock(new Date('2012-01-01T00:00:00Z'));
  let orders: InMemoryPurchasesRepository;
  let service: PurchasesService;

  beforeEach(async () => {
    const customers = new InMemoryCustomersRepository();
    const customersService = new CustomersService(customers, clock);
    await customersService.create('c1', { name: 'Ann' });
    orders = new InMemoryPurchasesRepository();
    service = new PurchasesService(orders, customersService, clock, new EventEmitter2());
  });

  it('stores an order with its UTC instant and total; a retry with the same content is created: false', async () => {
    const first = await service.create('c1', dto('o1'));
    expect(first.created).toBe(true);
    expect(first.order).toMatchObject({ customerId: 'c1', orderId: 'o1', purchasedAt: '2011-03-08T10:00:00+02:00', purchasedAtUtc: '2011-03-08T08:00:00.000Z', total: 7.6, source: 'api', createdAt: '2012-01-01T00:00:00.000Z' });
    await expect(service.create('c1', dto('o1'))).resolves.toEqual({ order: first.order, created: false });
    expect(orders.stored.size).toBe(1);
  });

  it('answers ORDER.ID_CONFLICT when the id holds another purchase, and CUSTOMER.NOT_FOUND for an unknown customer', async () => {
    await service.create('c1', dto('o1'));
    await expect(service.create('c1', dto('o1', undefined, 9))).rejects.toMatchObject({ code: 'ORDER.ID_CONFLICT', kind: 'conflict' });
    expect(orders.stored.get('o1')?.total).toBe(7.6);
    await expect(service.create('ghost', dto('o9'))).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND' });
    expect(orders.stored.has('o9')).toBe(false);
  });

  it('imports per item: created, duplicate (stored or repeated), conflict, invalid — none written twice', async () => {
    await service.create('c1', dto('o1'));
    const results = await service.importMany('c1', [dto('o1'), dto('o2'), dto('o1', undefined, 9), dto('o2'), { orderId: 'bad' }, 'x']);
    expect(results.map((r) => [r.index, r.orderId, r.status])).toEqual([
      [0, 'o1', 'duplicate'],
      [1, 'o2', 'created'],
      [2, 'o1', 'duplicate'],
      [3, 'o2', 'duplicate'],
      [4, 'bad', 'invalid'],
      [5, undefined, 'invalid'],
    ]);
    expect([...orders.stored.keys()]).toEqual(['o1', 'o2']);
    const conflict = await service.importMany('c1', [dto('o2', undefined, 9)]);
    expect(conflict).toEqual([{ index: 0, orderId: 'o2', status: 'conflict' }]);
  });

  it('lists within a date range whose date-only upper bound includes the whole day; from > to is VALIDATION.FAILED', async () => {
    await service.create('c1', dto('o1', '2011-03-08T23:30:00Z'));
    await service.create('c1', dto('o2', '2011-03-09T00:00:00Z'));
    await service.create('c1', dto('o3', '2011-03-07T12:00:00Z'));
    expect((await service.list('c1', '2011-03-08', '2011-03-08', 10)).items.map((o) => o.orderId)).toEqual(['o1']);
    expect((await service.list('c1', undefined, undefined, 10)).items.map((o) => o.orderId)).toEqual(['o2', 'o1', 'o3']);
    await expect(service.list('c1', '2011-03-09', '2011-03-08', 10)).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    await expect(service.listAll('ghost')).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND' });
  });
});
