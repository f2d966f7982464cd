import { UsageError } from './usage-error';

/** Units a relative time may use: `30m`, `12h`, `7d`, `2w`. */
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since 24h` (that long before now) or an ISO date (`2026-11-01`, `2026-11-01T08:00Z`). */
export function parseTimeOption(name: string, value: string, now: Date): Date {
  const relative = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (relative !== null) {
    return new Date(now.getTime() - Number(relative[1]) * (UNIT_MS[(relative[2] ?? '').toLowerCase()] ?? 0));
  }
  const absolute = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(absolute)) return new Date(absolute);
  throw new UsageError(
    `--${name} "${value}": expected a duration like 30m, 24h, 7d, 2w or a date like 2026-11-01`,
  );
}

/** A duration in the largest units that say it: `3 h 12 min`, `45 s`, `2 d 4 h`. */
export function formatDuration(seconds: number): string {
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'min'],
    [Math.floor(seconds % 60), 's'],
  ];
  const shown = parts.filter(([amount]) => amount > 0).slice(0, 2);
  return shown.length === 0 ? '0 s' : shown.map(([amount, unit]) => `${amount} ${unit}`).join(' ');
}
