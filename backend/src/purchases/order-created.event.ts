import type { Order } from './domain/order';

/** Event name (`@nestjs/event-emitter`) fired after NEW orders are stored, by the API and by the importer. */
export const ORDER_CREATED = 'order.created';

/**
 * Payload of {@link ORDER_CREATED}: orders just stored, never duplicates or conflicts. Emitters await
 * the listeners (`emitAsync`), so the request or import chunk finishes after them; a listener's error
 * is logged and never fails the order, which is stored either way.
 */
export class OrderCreatedEvent {
  constructor(readonly orders: readonly Order[]) {}
}
