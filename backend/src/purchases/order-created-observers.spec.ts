import { FixedClock } from '../common/clock';
import type { CustomersService } from '../customers/customers.service';
import type { Order } from './domain/order';
import type { CreateOrderDto } from './dto/create-order.dto';
import type { PurchasesRepository } from './purchases.repository';
import { OrderCreatedObserver, PurchasesService } from './purchases.service';

class InMemoryOrders {
  readonly stored = new Map<string, Order>();
  async create(order: Order): Promise<{ order: Order; created: boolean }> {
    const existing = this.stored.get(order.orderId);
    if (existing) return { order: existing, created: false };
    this.stored.set(order.orderId, order);
    return { order, created: true };
  }
  async createMany(orders: readonly Order[]): Promise<{ created: Order[]; existing: Order[] }> {
    const created = orders.filter((o) => !this.stored.has(o.orderId));
    for (const o of created) this.stored.set(o.orderId, o);
    return { created, existing: orders.filter((o) => !created.includes(o)) };
  }
  async getMany(_customerId: string, ids: readonly string[]): Promise<Order[]> {
    return ids.flatMap((id) => (this.stored.has(id) ? [this.stored.get(id) as Order] : []));
  }
}

class RecordingObserver implements OrderCreatedObserver {
  readonly seen: string[][] = [];
  async onOrdersCreated(orders: readonly Order[]): Promise<void> {
    this.seen.push(orders.map((o) => o.orderId));
  }
}

const order = (orderId: string): CreateOrderDto =>
  ({ orderId, purchasedAt: '2011-03-08T00:00:00Z', lines: [{ productId: 'A', quantity: 1, unitPrice: 2 }] }) as CreateOrderDto;

describe('PurchasesService ORDER_CREATED_OBSERVERS seam', () => {
  const customers = { assertExists: async () => undefined } as unknown as CustomersService;
  const clock = new FixedClock(new Date('2012-01-01T00:00:00Z'));

  it('notifies observers of new orders only, after they are stored (create and import)', async () => {
    const observer = new RecordingObserver();
    const failing: OrderCreatedObserver = { onOrdersCreated: () => Promise.reject(new Error('boom')) };
    const orders = new InMemoryOrders();
    const service = new PurchasesService(orders as unknown as PurchasesRepository, customers, clock, [failing, observer]);
    await service.create('c1', order('o1'));
    await service.create('c1', order('o1'));
    await service.importMany('c1', [order('o1'), order('o2'), order('o3'), order('o2'), { orderId: 'bad' }]);
    expect(observer.seen).toEqual([['o1'], ['o2', 'o3']]);
    expect([...orders.stored.keys()]).toEqual(['o1', 'o2', 'o3']);
  });

  it('works without observers', async () => {
    const service = new PurchasesService(new InMemoryOrders() as unknown as PurchasesRepository, customers, clock);
    await expect(service.create('c1', order('o1'))).resolves.toMatchObject({ created: true });
  });
});
