// Parsing a list export in the OpenSanctions targets.simple.csv layout into screening entries.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ListEntry, ListVersion } from './screening.js';

export interface ParsedList { entries: ListEntry[]; version: ListVersion; badRows: { line: number; problem: string }[] }

const REQUIRED_COLUMNS = ['id', 'schema', 'name'];
const split = (cell: string | undefined) => (cell ?? '').split(';').map((s) => s.trim()).filter(Boolean);

/** Columns are read by header name (newer exports add columns such as program_ids). */
export function parseTargetsSimpleCsv(csv: string, source: string): ParsedList {
  const rows: Record<string, string>[] = parse(csv, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true });
  const header = rows.length > 0 ? Object.keys(rows[0]) : [];
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (rows.length > 0 && missing.length > 0) throw new Error(`list ${source} lacks the column(s) ${missing.join(', ')}`);
  const entries: ListEntry[] = [];
  const badRows: ParsedList['badRows'] = [];
  rows.forEach((row, i) => {
    const line = i + 2; // the header is line 1
    if (!row.id?.trim() || !row.name?.trim()) {
      badRows.push({ line, problem: 'id and name are required' });
      return;
    }
    entries.push({
      id: row.id.trim(),
      schema: row.schema?.trim() || 'LegalEntity',
      name: row.name.trim(),
      aliases: split(row.aliases),
      countries: split(row.countries).map((c) => c.toUpperCase()),
      identifiers: split(row.identifiers),
      datasets: split(row.dataset),
    });
  });
  const sha256 = createHash('sha256').update(csv).digest('hex');
  return { entries, badRows, version: { sha256, rows: entries.length, source } };
}
