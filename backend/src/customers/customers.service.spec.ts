import { FixedClock } from '../common/clock';
import { Page } from '../common/http/pagination';
import { BulkCreateResult, CustomerListFilter, CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { Customer } from './domain/customer';
import { CustomerAlreadyExistsError, CustomerConcurrentUpdateError, CustomerNotFoundError } from './domain/customer.errors';

/**
 * In-memory customers repository with the adapter's optimistic lock. `concurrentWrites` simulates
 * another writer that changes the customer between the service's read and its write.
 */
class InMemoryCustomersRepository extends CustomersRepository {
  readonly stored = new Map<string, Customer>();
  replaceCalls = 0;
  concurrentWrites = 0;

  async create(customer: Customer): Promise<void> {
    if (this.stored.has(customer.id)) throw new CustomerAlreadyExistsError(customer.id);
    this.stored.set(customer.id, customer);
  }

  async createMany(customers: readonly Customer[]): Promise<BulkCreateResult> {
    const created: string[] = [];
    const existing: string[] = [];
    for (const c of customers) {
      if (this.stored.has(c.id)) existing.push(c.id);
      else {
        this.stored.set(c.id, c);
        created.push(c.id);
      }
    }
    return { created, existing };
  }

  async get(id: string): Promise<Customer | undefined> {
    return this.stored.get(id);
  }

  async replace(customer: Customer, expectedVersion: number): Promise<boolean> {
    this.replaceCalls++;
    const current = this.stored.get(customer.id);
    if (current && this.concurrentWrites > 0) {
      this.concurrentWrites--;
      this.stored.set(customer.id, { ...current, city: `changed-by-other-${this.replaceCalls}`, version: current.version + 1 });
      return false;
    }
    if (!current || current.version !== expectedVersion) return false;
    this.stored.set(customer.id, customer);
    return true;
  }

  async delete(id: string): Promise<boolean> {
    return this.stored.delete(id);
  }

  async list(_filter: CustomerListFilter, limit: number): Promise<Page<Customer>> {
    return { items: [...this.stored.values()].slice(0, limit) };
  }
}

describe('CustomersService', () => {
  const created = new Date('2011-01-01T00:00:00Z');
  let repository: InMemoryCustomersRepository;
  let service: CustomersService;

  beforeEach(async () => {
    repository = new InMemoryCustomersRepository();
    await new CustomersService(repository, new FixedClock(created)).create('c1', { name: 'Ann', country: 'Norway' });
    service = new CustomersService(repository, new FixedClock(new Date('2011-06-01T00:00:00Z')));
  });

  it('creates version 1 with createdAt = updatedAt = now and only profile fields', async () => {
    const customer = await service.create('c2', { name: 'Bo', email: undefined });
    expect(customer).toEqual({ id: 'c2', name: 'Bo', createdAt: '2011-06-01T00:00:00.000Z', updatedAt: '2011-06-01T00:00:00.000Z', version: 1 });
    await expect(service.create('c2', {})).rejects.toBeInstanceOf(CustomerAlreadyExistsError);
  });

  it('patches with a version bump, keeping createdAt', async () => {
    await expect(service.patch('c1', { country: null, age: 40 })).resolves.toEqual({
      id: 'c1',
      name: 'Ann',
      age: 40,
      createdAt: '2011-01-01T00:00:00.000Z',
      updatedAt: '2011-06-01T00:00:00.000Z',
      version: 2,
    });
    expect(repository.stored.get('c1')?.version).toBe(2);
  });

  it('replaces the whole profile', async () => {
    await expect(service.replace('c1', { city: 'Oslo' })).resolves.toEqual({
      id: 'c1',
      city: 'Oslo',
      createdAt: '2011-01-01T00:00:00.000Z',
      updatedAt: '2011-06-01T00:00:00.000Z',
      version: 2,
    });
  });

  it('retries after a version conflict, re-reading so that the other writer’s change is kept', async () => {
    repository.concurrentWrites = 2;
    const result = await service.patch('c1', { age: 41 });
    expect(repository.replaceCalls).toBe(3);
    expect(result).toEqual({
      id: 'c1',
      name: 'Ann',
      country: 'Norway',
      city: 'changed-by-other-2',
      age: 41,
      createdAt: '2011-01-01T00:00:00.000Z',
      updatedAt: '2011-06-01T00:00:00.000Z',
      version: 4,
    });
    expect(repository.stored.get('c1')).toEqual(result);
  });

  it('gives up with CUSTOMER.CONCURRENT_UPDATE after three conflicts in a row', async () => {
    repository.concurrentWrites = 3;
    const attempt = service.patch('c1', { age: 41 });
    await expect(attempt).rejects.toBeInstanceOf(CustomerConcurrentUpdateError);
    await expect(attempt).rejects.toMatchObject({ code: 'CUSTOMER.CONCURRENT_UPDATE', kind: 'conflict', customerId: 'c1' });
    expect(repository.replaceCalls).toBe(3);
    expect(repository.stored.get('c1')?.age).toBeUndefined();
  });

  it('answers CUSTOMER.NOT_FOUND for get, patch, replace and delete of an unknown id', async () => {
    await expect(service.get('nope')).rejects.toBeInstanceOf(CustomerNotFoundError);
    await expect(service.patch('nope', { age: 1 })).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND', kind: 'not_found' });
    await expect(service.replace('nope', {})).rejects.toBeInstanceOf(CustomerNotFoundError);
    await expect(service.delete('nope')).rejects.toBeInstanceOf(CustomerNotFoundError);
    await expect(service.assertExists('c1')).resolves.toBeUndefined();
    await expect(service.delete('c1')).resolves.toBeUndefined();
    await expect(service.assertExists('c1')).rejects.toBeInstanceOf(CustomerNotFoundError);
  });
});
