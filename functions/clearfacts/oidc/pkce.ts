import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: a 43-character verifier, the shortest RFC 7636 allows, with 256 bits of entropy. */
const RANDOM_BYTES = 32;

/** A PKCE pair: the verifier stays here, the S256 challenge goes in the authorize URL. */
export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
}

/** A fresh PKCE verifier and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(RANDOM_BYTES).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An unguessable `state`, tying the redirect to the request this process made. */
export function createState(): string {
  return randomBytes(RANDOM_BYTES).toString('base64url');
}

/** Compares two strings in constant time (a `state` check must not leak how much matched). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
