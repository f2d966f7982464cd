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

/** The tables in Markdown, for the README's Performance section. */
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
