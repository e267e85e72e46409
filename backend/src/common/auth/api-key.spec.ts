import { ApiKeyRecord, findApiKey, generateApiKey, hashApiKey, hasScope, parseApiKeys } from './api-key';

const HASH_A = hashApiKey('key-a');
const HASH_B = hashApiKey('key-b');

describe('hashApiKey', () => {
  it('is the SHA-256 of the key as 64 lowercase hex characters', () => {
    // sha256("test") from the published test vector
    expect(hashApiKey('test')).toBe('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
    expect(hashApiKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('generateApiKey', () => {
  it('makes distinct prefixed base64url keys of 32 random bytes', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^ca_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});

describe('parseApiKeys', () => {
  it('parses entries name:sha256:scope+scope, trimming blanks and skipping empty entries', () => {
    expect(parseApiKeys(` ci:${HASH_A}:read+write , ,analysts:${HASH_B}:read+analyst,`)).toEqual([
      { name: 'ci', sha256: HASH_A, scopes: ['read', 'write'] },
      { name: 'analysts', sha256: HASH_B, scopes: ['read', 'analyst'] },
    ]);
    expect(parseApiKeys('')).toEqual([]);
  });

  it.each([
    [`ci:${HASH_A}`, 'entry 1 must be name:sha256hex:scope+scope'],
    [`ci:${HASH_A}:read:extra`, 'entry 1 must be name:sha256hex:scope+scope'],
    [`:${HASH_A}:read`, 'entry 1 must be name:sha256hex:scope+scope'],
    [`ok:${HASH_A}:read,bad name:${HASH_B}:read`, 'entry 2: bad name'],
    [`ci:${HASH_A.toUpperCase()}:read`, 'entry 1 (ci): hash must be 64 lowercase hex chars'],
    ['ci:abc123:read', 'entry 1 (ci): hash must be 64 lowercase hex chars'],
    [`ci:${HASH_A}:read+root+su`, 'entry 1 (ci): unknown scope root, su'],
  ])('rejects %s', (value, message) => {
    expect(() => parseApiKeys(value)).toThrow(new Error(message));
  });
});

describe('findApiKey', () => {
  const records: ApiKeyRecord[] = [
    { name: 'a', sha256: HASH_A, scopes: ['read'] },
    { name: 'b', sha256: HASH_B, scopes: ['admin'] },
  ];

  it('finds the record whose hash matches the presented key', () => {
    expect(findApiKey(records, 'key-a')?.name).toBe('a');
    expect(findApiKey(records, 'key-b')?.name).toBe('b');
  });

  it('finds nothing for another key, a hash presented as the key, or no records', () => {
    expect(findApiKey(records, 'key-c')).toBeUndefined();
    expect(findApiKey(records, HASH_A)).toBeUndefined();
    expect(findApiKey(records, '')).toBeUndefined();
    expect(findApiKey([], 'key-a')).toBeUndefined();
  });
});

describe('hasScope', () => {
  it('grants exactly the listed scopes', () => {
    expect(hasScope(['read'], 'read')).toBe(true);
    expect(hasScope(['read'], 'write')).toBe(false);
    expect(hasScope(['read', 'analyst'], 'analyst')).toBe(true);
    expect(hasScope(['read', 'analyst'], 'admin')).toBe(false);
    expect(hasScope(['write'], 'read')).toBe(false);
    expect(hasScope([], 'read')).toBe(false);
  });

  it('lets admin satisfy every scope', () => {
    for (const scope of ['read', 'write', 'analyst', 'admin'] as const) expect(hasScope(['admin'], scope)).toBe(true);
  });
});
