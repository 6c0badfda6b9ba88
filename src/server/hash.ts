import { createHash } from 'node:crypto';

/** SHA-256 of `text`, as bytes (IP hashes, idempotency request hashes, admin token comparison). */
export const sha256 = (text: string) => createHash('sha256').update(text).digest();
