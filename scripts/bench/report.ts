import { renderTable } from '../../functions/cli/table';
import { reportTables } from './report-tables';
import type { BenchResults } from './results';

/** The tables as console text. */
export function consoleReport(results: BenchResults): string {
  return reportTables(results)
    .map((table) =>
      [table.title, ...renderTable(table.headers, table.rows).map((line) => `  ${line}`)].join('\n'),
    )
    .join('\n\n');
}

/** Where `--markdown` puts the tables in a page that already exists: between these two lines. */
export const RESULTS_START = '<!-- bench results: npm run bench -- --markdown docs/performance.md -->';
export const RESULTS_END = '<!-- end of bench results -->';

/**
 * The page with its results replaced: the text between RESULTS_START and RESULTS_END becomes
 * `tables` (the rest of the page is prose kept as written); a page without them gets both, and the
 * tables, at its end.
 */
export function spliceResults(page: string, tables: string): string {
  const start = page.indexOf(RESULTS_START);
  const end = page.indexOf(RESULTS_END, start);
  const block = `${RESULTS_START}\n\n${tables}\n\n${RESULTS_END}`;
  if (start < 0 || end < 0) return `${page.trimEnd()}\n\n${block}\n`;
  return `${page.slice(0, start)}${block}${page.slice(end + RESULTS_END.length)}`;
}

/** The tables in Markdown, for the performance page (docs/performance.md). */
export function markdownReport(results: BenchResults): string {
  return reportTables(results)
    .map((table) =>
      [
        `**${table.title}**`,
        '',
        `| ${table.headers.join(' | ')} |`,
        `|${table.headers.map(() => ' --- ').join('|')}|`,
        ...table.rows.map((row) => `| ${row.map((cell) => cell.trim()).join(' | ')} |`),
      ].join('\n'),
    )
    .join('\n\n');
}
