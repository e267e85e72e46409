/** Gender codes accepted by the segment agent contract. */
export type Gender = 'F' | 'M' | 'U';

/** One product line of a customer's purchase history (segmentation spec §A input). */
export interface ProductHistoryEntry {
  readonly productId: string;
  readonly category: string;
  readonly totalQuantity: number;
  /** Money spent on the product over the whole history, in the data's currency. */
  readonly totalSpent: number;
  readonly orderCount: number;
  readonly firstPurchase?: string | null;
  /** ISO-8601 date or date-time; without a zone it is read as UTC. */
  readonly lastPurchase: string;
  /** Mean days between distinct purchase days of this product; `null` with fewer than two. */
  readonly avgDaysBetween?: number | null;
}

export interface CustomerRecord {
  readonly customerId?: string | null;
  readonly city?: string | null;
  /** Whole years, 0..120. */
  readonly age?: number | null;
  readonly gender?: Gender | null;
  readonly registeredAt?: string | null;
  readonly productHistory: readonly ProductHistoryEntry[];
}

export interface RegionInfo {
  readonly name: string;
  readonly climateType: string;
  /** Median basket of the region, same currency as `totalSpent`. */
  readonly medianBasket: number;
  /** Trending category of the region; breaks affinity ties and seeds new-customer profiles. */
  readonly trend: string;
}

/** The raw `customerData` payload of the segment agent contract (spec §A). */
export interface CustomerData {
  readonly customerId?: string | null;
  readonly city?: string | null;
  readonly customer?: CustomerRecord | null;
  readonly region?: RegionInfo | null;
}

/** A product line after validation: optional fields made explicit and dates parsed once. */
export interface ValidProductHistoryEntry {
  readonly productId: string;
  readonly category: string;
  readonly totalQuantity: number;
  readonly totalSpent: number;
  readonly orderCount: number;
  readonly firstPurchase: string | null;
  readonly lastPurchase: string;
  readonly avgDaysBetween: number | null;
  /** `firstPurchase` as epoch ms (UTC), `null` when absent. */
  readonly firstPurchaseMs: number | null;
  /** `lastPurchase` as epoch ms (UTC). */
  readonly lastPurchaseMs: number;
}

export interface ValidCustomerRecord {
  readonly customerId: string | null;
  readonly city: string | null;
  readonly age: number | null;
  readonly gender: Gender | null;
  readonly registeredAt: string | null;
  /** `registeredAt` as epoch ms (UTC), `null` when absent. */
  readonly registeredAtMs: number | null;
  readonly productHistory: readonly ValidProductHistoryEntry[];
}

/** `customerData` as produced by {@link validateCustomerData}: the input of the rule profile. */
export interface ValidCustomerData {
  readonly customerId: string | null;
  readonly city: string | null;
  readonly customer: ValidCustomerRecord | null;
  readonly region: RegionInfo | null;
}
