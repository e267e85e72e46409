import fc from 'fast-check';
import { fnv1a32 } from './hashing';

/** FNV-1a 32 over UTF-16 code units in BigInt arithmetic, independent of 32-bit integer tricks. */
function referenceFnv1a32(value: string): number {
  let hash = 2166136261n;
  for (let i = 0; i < value.length; i++) hash = ((hash ^ BigInt(value.charCodeAt(i))) * 16777619n) % 2n ** 32n;
  return Number(hash);
}

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('matches the published FNV-1a test vector of %p', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  it('agrees with a BigInt implementation on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => expect(fnv1a32(s)).toBe(referenceFnv1a32(s))));
  });
});
