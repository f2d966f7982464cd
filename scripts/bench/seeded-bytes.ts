import { createCipheriv, createHash } from 'node:crypto';

/**
 * Deterministic pseudo-random bytes: the AES-128-CTR keystream of a key derived from a seed. The
 * same seed always gives the same sequence on every machine, and native AES produces the tens of
 * megabytes of incompressible "scan" data the corpus needs in milliseconds.
 */
export class SeededBytes {
  private readonly cipher;

  constructor(seed: string) {
    const digest = createHash('sha256').update(seed).digest();
    this.cipher = createCipheriv('aes-128-ctr', digest.subarray(0, 16), digest.subarray(16, 32));
  }

  /** The next `length` bytes of the sequence. */
  bytes(length: number): Buffer {
    return this.cipher.update(Buffer.alloc(length));
  }

  /** The next integer in [0, max). */
  int(max: number): number {
    return this.bytes(4).readUInt32BE(0) % max;
  }

  /** The next `length` characters of lower-case hexadecimal. */
  hex(length: number): string {
    return this.bytes(Math.ceil(length / 2))
      .toString('hex')
      .slice(0, length);
  }
}
