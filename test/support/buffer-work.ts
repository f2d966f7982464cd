/**
 * Counts the bytes Node's native Buffer searches and decodings pass over while `work` runs: for
 * `indexOf` from its start to the hit (or the end), for `lastIndexOf` from the end back to the
 * hit, for `toString` and `Buffer.from(text, encoding)` the length decoded. A byte scanner built on
 * these does its work inside them, where no JavaScript counter can see; summing their spans is the
 * count of that work, so a test bounds it by counting instead of by the clock.
 */
export function bufferWork(work: () => void): number {
  let bytes = 0;
  const proto = Buffer.prototype;
  const { indexOf, lastIndexOf, toString: decode } = proto;
  const from = Buffer.from;
  type Search = [value: string | number | Uint8Array, byteOffset?: number, encoding?: BufferEncoding];
  proto.indexOf = function (this: Buffer, ...[value, byteOffset, encoding]: Search) {
    const hit = indexOf.call(this, value, byteOffset, encoding);
    const start = typeof byteOffset === 'number' ? Math.max(0, byteOffset) : 0;
    bytes += (hit < 0 ? this.length : hit + 1) - start;
    return hit;
  } as typeof indexOf;
  proto.lastIndexOf = function (this: Buffer, ...[value, byteOffset, encoding]: Search) {
    const hit = lastIndexOf.call(this, value, byteOffset, encoding);
    const end = typeof byteOffset === 'number' ? Math.min(this.length, byteOffset + 1) : this.length;
    bytes += end - Math.max(0, hit);
    return hit;
  } as typeof lastIndexOf;
  proto.toString = function (this: Buffer, encoding?: BufferEncoding, start?: number, end?: number) {
    bytes += Math.min(end ?? this.length, this.length) - Math.max(0, start ?? 0);
    return decode.call(this, encoding, start, end);
  } as typeof decode;
  Buffer.from = ((value: unknown, ...rest: unknown[]) => {
    if (typeof value === 'string') bytes += value.length;
    return (from as (...args: unknown[]) => Buffer)(value, ...rest);
  }) as typeof Buffer.from;
  try {
    work();
  } finally {
    proto.indexOf = indexOf;
    proto.lastIndexOf = lastIndexOf;
    proto.toString = decode;
    Buffer.from = from;
  }
  return bytes;
}
