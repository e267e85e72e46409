import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_SCOPES = ['read', 'write', 'analyst', 'admin'] as const;
/** `read` lists and reads, `write` changes data, `analyst` runs experiments, `admin` implies all. */
export type ApiScope = (typeof API_SCOPES)[number];

/** A configured key: a name for logs, the SHA-256 of the key (hex), and its scopes. */
export interface ApiKeyRecord {
  readonly name: string;
  readonly sha256: string;
  readonly scopes: readonly ApiScope[];
}

/** SHA-256 of a key as 64 lowercase hex characters (how keys are stored in configuration). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key, 32 bytes base64url (43 characters). */
export function generateApiKey(): string {
  return `ca_${randomBytes(32).toString('base64url')}`;
}

/**
 * Parses `API_KEYS`: comma-separated entries `name:sha256hex:scope+scope`, e.g.
 * `ci:9f86d0…08:read+write,analysts:2c26b4…ae:read+analyst`.
 *
 * @throws Error naming the first malformed entry.
 */
export function parseApiKeys(value: string): ApiKeyRecord[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry, index) => {
      const [name, sha256, scopes, ...rest] = entry.split(':');
      if (rest.length > 0 || !name || !sha256 || !scopes) {
        throw new Error(`entry ${index + 1} must be name:sha256hex:scope+scope`);
      }
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new Error(`entry ${index + 1}: bad name`);
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`entry ${index + 1} (${name}): hash must be 64 lowercase hex chars`);
      const list = scopes.split('+');
      const unknown = list.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
      if (unknown.length > 0) throw new Error(`entry ${index + 1} (${name}): unknown scope ${unknown.join(', ')}`);
      return { name, sha256, scopes: list as ApiScope[] };
    });
}

/** Finds the record whose hash matches the presented key, comparing hashes in constant time. */
export function findApiKey(records: readonly ApiKeyRecord[], presented: string): ApiKeyRecord | undefined {
  const digest = Buffer.from(hashApiKey(presented), 'hex');
  return records.find((record) => timingSafeEqual(Buffer.from(record.sha256, 'hex'), digest));
}

/** True when `granted` scopes satisfy `required` (`admin` satisfies everything). */
export function hasScope(granted: readonly ApiScope[], required: ApiScope): boolean {
  return granted.includes('admin') || granted.includes(required);
}
