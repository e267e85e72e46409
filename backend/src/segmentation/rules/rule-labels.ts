/*
 * Label values of the eight-dimension rule profile (segmentation spec §A). The Turkish values are the
 * contract: downstream callers compare them literally. Each table maps a value to its English
 * display name.
 */

export const AGE_SEGMENTS = {
  GenZ: 'Gen Z',
  GençYetişkin: 'Young adult',
  Yetişkin: 'Adult',
  Olgun: 'Mature',
} as const;
export type AgeSegment = keyof typeof AGE_SEGMENTS;

export const CHURN_SEGMENTS = {
  Aktif: 'Active',
  Ilık: 'Cooling',
  Riskli: 'At risk',
} as const;
export type ChurnSegment = keyof typeof CHURN_SEGMENTS;

export const VALUE_SEGMENTS = {
  HighValue: 'High value',
  Standard: 'Standard',
} as const;
export type ValueSegment = keyof typeof VALUE_SEGMENTS;

export const LOYALTY_TIERS = {
  Platin: 'Platinum',
  Altın: 'Gold',
  Gümüş: 'Silver',
  Bronz: 'Bronze',
} as const;
export type LoyaltyTier = keyof typeof LOYALTY_TIERS;

export const AFFINITY_TYPES = {
  Odaklı: 'Focused',
  Keşifçi: 'Explorer',
} as const;
export type AffinityType = keyof typeof AFFINITY_TYPES;

export const DIVERSITY_PROFILES = {
  Kaşif: 'Explorer',
  Dengeli: 'Balanced',
  Sadık: 'Loyal',
} as const;
export type DiversityProfile = keyof typeof DIVERSITY_PROFILES;

export const CHURN_VALUE_SEGMENTS = {
  'Sadık VIP': 'Loyal VIP',
  'Soğuyan VIP': 'Cooling VIP',
  'Kaybedilen VIP': 'Lost VIP',
  Düzenli: 'Regular',
  Uzaklaşan: 'Drifting',
  'Kayıp Alıcı': 'Lost buyer',
} as const;
export type ChurnValueSegment = keyof typeof CHURN_VALUE_SEGMENTS;

/** The 6-cell churn × value matrix: `CHURN_VALUE_MATRIX[valueSegment][churnSegment]`. */
export const CHURN_VALUE_MATRIX: Readonly<Record<ValueSegment, Readonly<Record<ChurnSegment, ChurnValueSegment>>>> = {
  HighValue: { Aktif: 'Sadık VIP', Ilık: 'Soğuyan VIP', Riskli: 'Kaybedilen VIP' },
  Standard: { Aktif: 'Düzenli', Ilık: 'Uzaklaşan', Riskli: 'Kayıp Alıcı' },
};

export type ProfileMode = 'region' | 'new_customer' | 'regular';

export const PROFILE_MESSAGES: Readonly<Record<ProfileMode, string>> = {
  region: 'Region-based profile (no specific customer data)',
  new_customer: 'New customer profile (no purchase history yet)',
  regular: 'Full customer analysis completed',
};
