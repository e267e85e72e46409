import { EventEmitter2 } from '@nestjs/event-emitter';
import { FixedClock } from '../common/clock';
import type { CustomersService } from '../customers/customers.service';
import type { Order } from './domain/order';
import type { CreateOrderDto } from './dto/create-order.dto';
import type { PurchasesRepository } from './purchases.repository';
import { ORDER_CREATED, OrderCreatedEvent } from './order-created.event';
import { PurchasesService } from './purchases.service';

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


const order = (orderId: string): CreateOrderDto =>
  ({ orderId, purchasedAt: '2011-03-08T00:00:00Z', lines: [{ productId: 'A', quantity: 1, unitPrice: 2 }] }) as CreateOrderDto;

describe('PurchasesService order.created event', () => {
  const customers = { assertExists: async () => undefined } as unknown as CustomersService;
  const clock = new FixedClock(new Date('2012-01-01T00:00:00Z'));

  it('emits new orders only, after they are stored, and a failing listener fails no order (create and import)', async () => {
    const events = new EventEmitter2();
    const orders = new InMemoryOrders();
    const seen: string[][] = [];
    events.on(ORDER_CREATED, () => Promise.reject(new Error('boom')));
    events.on(ORDER_CREATED, async (event: OrderCreatedEvent) => {
      expect(event.orders.every((o) => orders.stored.has(o.orderId))).toBe(true);
      seen.push(event.orders.map((o) => o.orderId));
    });
    const service = new PurchasesService(orders as unknown as PurchasesRepository, customers, clock, events);
    await service.create('c1', order('o1'));
    await service.create('c1', order('o1'));
    await service.importMany('c1', [order('o1'), order('o2'), order('o3'), order('o2'), { orderId: 'bad' }]);
    expect(seen).toEqual([['o1'], ['o2', 'o3']]);
    expect([...orders.stored.keys()]).toEqual(['o1', 'o2', 'o3']);
  });

  it('works without listeners', async () => {
    const service = new PurchasesService(new InMemoryOrders() as unknown as PurchasesRepository, customers, clock, new EventEmitter2());
    await expect(service.create('c1', order('o1'))).resolves.toMatchObject({ created: true });
  });
});
