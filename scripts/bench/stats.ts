/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** The median of every numeric field over a list of records with the same fields. */
export function medianOf<T extends Record<string, number>>(records: readonly T[]): T {
  const first = records[0];
  if (first === undefined) throw new Error('No runs to take the median of');
  const result: Record<string, number> = {};
  for (const key of Object.keys(first))
    result[key] = median(records.map((record) => record[key] ?? Number.NaN));
  return result as T;
}

/** Bytes as mebibytes (what `MB` means everywhere in the benchmark). */
export function mebibytes(bytes: number): number {
  return bytes / (1024 * 1024);
}
