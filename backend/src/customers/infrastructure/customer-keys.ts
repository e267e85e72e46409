import { fnv1a32 } from '../../common/domain/hashing';

/**
 * Key layout of the customers table (docs/data-model.md). Shared by the customer and purchase
 * adapters, which keep a customer's items in one partition.
 */
export const CUSTOMER_LIST_SHARDS = 16;

export const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;
export const PROFILE_SK = 'PROFILE';
export const orderSk = (orderId: string) => `ORDER#${orderId}`;
export const ORDER_SK_PREFIX = 'ORDER#';
export const purchasedSk = (purchasedAtUtc: string, orderId: string) => `${purchasedAtUtc}#${orderId}`;

export const listShardOf = (customerId: string) => fnv1a32(customerId) % CUSTOMER_LIST_SHARDS;
export const listShardPk = (shard: number) => `CUSTOMERS#${String(shard).padStart(2, '0')}`;
export const countryPk = (country: string) => `COUNTRY#${country.toLowerCase()}`;
export const regionPk = (region: string) => `REGION#${region.toLowerCase()}`;
