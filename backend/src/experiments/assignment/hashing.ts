import { fnv1a32 } from '../../common/domain/hashing';
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
