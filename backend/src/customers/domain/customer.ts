/** Gender as the segment agent contract spells it: female, male, unknown/undisclosed. */
export type Gender = 'F' | 'M' | 'U';

/** Profile fields a client may set. */
export interface CustomerProfile {
  readonly name?: string;
  readonly email?: string;
  readonly country?: string;
  readonly region?: string;
  readonly city?: string;
  /** Years, 0..120. */
  readonly age?: number;
  readonly gender?: Gender;
  /** ISO-8601 date-time the customer registered (as given). */
  readonly registeredAt?: string;
}

/** A stored customer: id, profile, audit fields and the optimistic-lock version. */
export interface Customer extends CustomerProfile {
  readonly id: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** ISO-8601 UTC. */
  readonly updatedAt: string;
  /** Incremented on every change; writes are conditional on it. */
  readonly version: number;
}

export const PROFILE_FIELDS = ['name', 'email', 'country', 'region', 'city', 'age', 'gender', 'registeredAt'] as const;

/** Customer ids: letters, digits, `.`, `_`, `-`; 1..64 characters (Online Retail ids are digits). */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Applies a merge patch (RFC 7396 semantics on the flat profile): a field set to `null` is removed,
 * an absent field is kept, any other value replaces.
 */
export function mergeProfile(current: CustomerProfile, patch: { [K in keyof CustomerProfile]?: CustomerProfile[K] | null }): CustomerProfile {
  const next: Record<string, unknown> = { ...current };
  for (const field of PROFILE_FIELDS) {
    if (!(field in patch)) continue;
    const value = patch[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as CustomerProfile;
}

/** Only the profile fields of `source`, without undefined values. */
export function pickProfile(source: CustomerProfile): CustomerProfile {
  const out: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) if (source[field] !== undefined && source[field] !== null) out[field] = source[field];
  return out as CustomerProfile;
}
