import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Page } from '../common/http/pagination';
import { CustomerListFilter, CustomersRepository } from './customers.repository';
import { Customer, CustomerProfile, mergeProfile, pickProfile } from './domain/customer';
import { CustomerConcurrentUpdateError, CustomerNotFoundError } from './domain/customer.errors';

const MAX_UPDATE_ATTEMPTS = 3;

/** Customer profiles: create, read, replace, merge, delete, list. */
@Injectable()
export class CustomersService {
  constructor(
    private readonly repository: CustomersRepository,
    private readonly clock: Clock,
  ) {}

  /** @throws CustomerAlreadyExistsError (409) when the id is taken. */
  async create(id: string, profile: CustomerProfile): Promise<Customer> {
    const now = this.clock.now().toISOString();
    const customer: Customer = { id, ...pickProfile(profile), createdAt: now, updatedAt: now, version: 1 };
    await this.repository.create(customer);
    return customer;
  }

  /** @throws CustomerNotFoundError (404). */
  async get(id: string): Promise<Customer> {
    const customer = await this.repository.get(id);
    if (!customer) throw new CustomerNotFoundError(id);
    return customer;
  }

  /** Throws CustomerNotFoundError unless the customer exists. */
  async assertExists(id: string): Promise<void> {
    await this.get(id);
  }

  /** PUT: the profile becomes exactly `profile`. @throws CustomerNotFoundError, CustomerConcurrentUpdateError. */
  replace(id: string, profile: CustomerProfile): Promise<Customer> {
    return this.update(id, () => pickProfile(profile));
  }

  /** PATCH (JSON merge patch). @throws CustomerNotFoundError, CustomerConcurrentUpdateError. */
  patch(id: string, patch: Parameters<typeof mergeProfile>[1]): Promise<Customer> {
    return this.update(id, (current) => mergeProfile(current, patch));
  }

  /** Removes the profile, its orders and derived items. @throws CustomerNotFoundError. */
  async delete(id: string): Promise<void> {
    if (!(await this.repository.delete(id))) throw new CustomerNotFoundError(id);
  }

  list(filter: CustomerListFilter, limit: number, cursor?: string): Promise<Page<Customer>> {
    return this.repository.list(filter, limit, cursor);
  }

  /** Read-modify-write with an optimistic lock on `version`, retried a few times on contention. */
  private async update(id: string, change: (current: CustomerProfile) => CustomerProfile): Promise<Customer> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      const next: Customer = {
        ...change(pickProfile(current)),
        id,
        createdAt: current.createdAt,
        updatedAt: this.clock.now().toISOString(),
        version: current.version + 1,
      };
      if (await this.repository.replace(next, current.version)) return next;
    }
    throw new CustomerConcurrentUpdateError(id);
  }
}
