/**
 * FNV-1a 32-bit hash over the string's UTF-16 code units (offset basis 2166136261, prime 16777619;
 * Fowler, Noll & Vo), bit for bit GrowthBook's JavaScript SDK `hashFnv32a`, so experiment
 * assignment matches GrowthBook's cases.json. Also spreads customers over list shards.
 *
 * @returns an unsigned 32-bit integer.
 */
export function fnv1a32(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
