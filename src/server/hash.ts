import { createHash, createHmac } from 'node:crypto';

/** SHA-256 of `text`, as bytes (idempotency request hashes, admin token comparison). */
export const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * HMAC-SHA256 of `text` under `secret`, as bytes: what is stored of a sender's address. A plain hash
 * of an IPv4 address is reversed by hashing all 2^32 of them; without the secret nobody can.
 */
export const hmacSha256 = (secret: string | Buffer, text: string) => createHmac('sha256', secret).update(text).digest();
