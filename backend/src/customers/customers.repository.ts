import { Page } from '../common/http/pagination';
import { Customer } from './domain/customer';

/** Filters of the customer list; at most one is used per query (each has its own index): segment, else country, else region. */
export interface CustomerListFilter {
  readonly country?: string;
  readonly region?: string;
  /** Customers whose current segment in `scheme` is `segment` (segmentation memberships). */
  readonly segment?: { readonly scheme: string; readonly segment: string };
}

/** Outcome of a bulk create: ids written now and ids that were already stored. */
export interface BulkCreateResult {
  readonly created: string[];
  readonly existing: string[];
}

/** Port: customer profiles. Adapters: DynamoDB (`infrastructure/`). */
export abstract class CustomersRepository {
  /** @throws CustomerAlreadyExistsError when the id is taken. */
  abstract create(customer: Customer): Promise<void>;

  /** Creates the customers that do not exist yet; never overwrites. */
  abstract createMany(customers: readonly Customer[]): Promise<BulkCreateResult>;

  abstract get(id: string): Promise<Customer | undefined>;

  /**
   * Replaces the stored profile if its version is still `expectedVersion`.
   * @returns false when the version moved on (or the customer vanished).
   */
  abstract replace(customer: Customer, expectedVersion: number): Promise<boolean>;

  /** Deletes the profile and every item of the customer (orders, derived items). @returns false if absent. */
  abstract delete(id: string): Promise<boolean>;

  /** A page of customers matching `filter`; cursor-paginated, no gaps or repeats. */
  abstract list(filter: CustomerListFilter, limit: number, cursor?: string): Promise<Page<Customer>>;
}
