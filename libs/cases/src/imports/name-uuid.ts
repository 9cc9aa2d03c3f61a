import { createHash } from 'node:crypto';

/**
 * RFC 4122 version-5 (name-based, SHA-1) UUID. The installed `uuid` package ships no type declarations, and the
 * algorithm is a few lines: hash namespace + name, then set the version and variant bits.
 */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
