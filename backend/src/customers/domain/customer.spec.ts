import { CUSTOMER_ID_PATTERN, CustomerProfile, mergeProfile, pickProfile } from './customer';

describe('mergeProfile (JSON merge patch)', () => {
  const current: CustomerProfile = { name: 'Ann', country: 'Norway', region: 'Oslo', age: 30 };

  it('removes a field set to null', () => {
    expect(mergeProfile(current, { region: null })).toEqual({ name: 'Ann', country: 'Norway', age: 30 });
  });

  it('keeps absent and undefined fields and replaces given ones', () => {
    expect(mergeProfile(current, { age: 31, city: 'Bergen', name: undefined })).toEqual({
      name: 'Ann',
      country: 'Norway',
      region: 'Oslo',
      age: 31,
      city: 'Bergen',
    });
  });

  it('keeps 0 and empty values that are not null', () => {
    expect(mergeProfile(current, { age: 0 })).toEqual({ ...current, age: 0 });
  });

  it('handles a removal and a set together, and an empty patch as no change', () => {
    expect(mergeProfile(current, { name: null, age: null, gender: 'F' })).toEqual({ country: 'Norway', region: 'Oslo', gender: 'F' });
    expect(mergeProfile(current, {})).toEqual(current);
  });

  it('does not modify its input', () => {
    const before = { ...current };
    mergeProfile(current, { region: null, age: 99 });
    expect(current).toEqual(before);
  });

  it('ignores fields that are not profile fields', () => {
    const patch = { id: 'other', version: 9, name: 'Bo' } as unknown as Parameters<typeof mergeProfile>[1];
    expect(mergeProfile(current, patch)).toEqual({ ...current, name: 'Bo' });
  });
});

describe('pickProfile', () => {
  it('keeps only profile fields with a value', () => {
    const source = { id: 'x', version: 3, createdAt: 'c', name: 'Ann', email: undefined, city: null, age: 0 } as unknown as CustomerProfile;
    expect(pickProfile(source)).toEqual({ name: 'Ann', age: 0 });
  });
});

describe('CUSTOMER_ID_PATTERN', () => {
  it('accepts Online Retail ids and slugs, rejects spaces, slashes, # and over 64 characters', () => {
    for (const id of ['12347', 'c-1', 'a.b_c', 'x'.repeat(64)]) expect(CUSTOMER_ID_PATTERN.test(id)).toBe(true);
    for (const id of ['', 'a b', 'a/b', 'CUSTOMER#1', 'x'.repeat(65)]) expect(CUSTOMER_ID_PATTERN.test(id)).toBe(false);
  });
});
