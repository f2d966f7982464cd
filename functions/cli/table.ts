import { visibleLength } from './colours';

/** Space between columns. */
const GAP = '  ';

/** Options of `renderTable`. */
export interface TableOptions {
  /** Per column, the widest a cell may be before it is cut with an ellipsis (the last column is never cut). */
  readonly maxWidths?: readonly (number | undefined)[];
}

/** Rows as aligned columns under a header line; colour codes do not upset the alignment. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string[] {
  const last = headers.length - 1;
  const cut = rows.map((row) =>
    headers.map((_, column) => {
      const cell = row[column] ?? '';
      const max = column === last ? undefined : options.maxWidths?.[column];
      return max === undefined ? cell : truncate(cell, max);
    }),
  );
  const widths = headers.map((header, column) =>
    Math.max(visibleLength(header), ...cut.map((row) => visibleLength(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === last ? cell : pad(cell, widths[column] ?? 0)))
      .join(GAP)
      .trimEnd();
  return [line(headers), ...cut.map(line)];
}

function pad(cell: string, width: number): string {
  return cell + ' '.repeat(Math.max(0, width - visibleLength(cell)));
}

function truncate(cell: string, max: number): string {
  // Coloured cells are short labels; cutting them would cut their escape codes.
  if (visibleLength(cell) <= max || cell.includes('\u001b[')) return cell;
  return `${Array.from(cell)
    .slice(0, Math.max(1, max - 1))
    .join('')}…`;
}
