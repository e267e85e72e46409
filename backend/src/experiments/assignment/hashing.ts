const FNV_OFFSET_BASIS = 0x811c9dc5;

/**
 * FNV-1a 32-bit hash over the string's UTF-16 code units (offset basis 2166136261, prime 16777619),
 * exactly as GrowthBook's JavaScript SDK (`hashFnv32a` in packages/sdk-js/src/util.ts): the
 * multiplication by the prime is written as shifts so it stays exact in 32-bit arithmetic.
 *
 * @returns an unsigned 32-bit integer.
 */
export function fnv1a32(value: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash += (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24);
  }
  return hash >>> 0;
}

/** GrowthBook hashing algorithm versions. */
export type HashVersion = 1 | 2;

/**
 * GrowthBook-compatible bucket in [0, 1) for a unit:
 * - version 2 (unbiased, used for assignment): (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
 * - version 1 (legacy, used by namespaces): (fnv1a32(value + seed) % 1000) / 1000.
 *
 * @returns `null` for an unknown version, as GrowthBook's `hash()` does.
 */
export function growthbookHash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}
