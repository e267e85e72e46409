/**
 * Pure GrowthBook-compatible assignment (FNV-1a hashing, bucket ranges, namespaces); no I/O.
 * Verified against GrowthBook's SDK test cases in `__fixtures__/growthbook-cases.json`.
 */
export * from './hashing';
export * from './bucket-ranges';
export * from './assign-variant';
