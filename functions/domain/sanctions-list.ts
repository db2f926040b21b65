// Parsing a list export in the OpenSanctions targets.simple.csv layout into screening entries.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ListEntry, ListVersion } from './screening.js';

export interface ParsedList {
  entries: ListEntry[];
  version: ListVersion;
  badRows: { line: number; problem: string }[];
}

const REQUIRED_COLUMNS = ['id', 'schema', 'name'];
const split = (cell: string | undefined) =>
  (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** The columns screening reads; the others (addresses, sanctions, phones…) are dropped as each row is parsed. */
const USED_COLUMNS = ['id', 'schema', 'name', 'aliases', 'countries', 'identifiers', 'dataset'];

/** Columns are read by header name (newer exports add columns such as program_ids). */
export function parseTargetsSimpleCsv(csv: string, source: string): ParsedList {
  let header: string[] = [];
  const rows: Record<string, string>[] = parse(csv, {
    columns: (names: string[]) => {
      header = names;
      return names;
    },
    skip_empty_lines: true,
    relax_column_count: true,
    bom: true,
    on_record: (record: Record<string, string>) =>
      Object.fromEntries(USED_COLUMNS.filter((c) => record[c] !== undefined).map((c) => [c, record[c]])),
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (rows.length > 0 && missing.length > 0)
    throw new Error(`list ${source} lacks the column(s) ${missing.join(', ')}`);
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

// OFAC's SDN list: sdn.csv (no header: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
// Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks) and alt.csv (ent_num, alt_num, alt_type,
// alt_name, alt_remarks); "-0-" marks an empty field.
const OFAC_EMPTY = '-0-';
const ofacCell = (cell: string | undefined) => (cell === undefined || cell.trim() === OFAC_EMPTY ? '' : cell.trim());
const OFAC_SCHEMA: Record<string, string> = {
  individual: 'Person',
  vessel: 'Vessel',
  aircraft: 'Airplane',
  '': 'LegalEntity',
};

export function parseOfacSdn(sdnCsv: string, altCsv: string | undefined, source: string): ParsedList {
  const rows: string[][] = parse(sdnCsv, {
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    relax_quotes: true,
  });
  const aliases = new Map<string, string[]>();
  const badRows: ParsedList['badRows'] = [];
  if (altCsv) {
    (
      parse(altCsv, { relax_column_count: true, skip_empty_lines: true, bom: true, relax_quotes: true }) as string[][]
    ).forEach((row) => {
      const name = ofacCell(row[3]);
      if (/^\d+$/.test(ofacCell(row[0])) && name)
        aliases.set(row[0].trim(), [...(aliases.get(row[0].trim()) ?? []), name]);
    });
  }
  const entries: ListEntry[] = [];
  rows.forEach((row, i) => {
    const id = ofacCell(row[0]);
    const name = ofacCell(row[1]);
    if (row.length === 1 && row[0].trim() === '\u001a') return; // the file's end-of-file marker
    if (!/^\d+$/.test(id) || !name) {
      badRows.push({
        line: i + 1,
        problem: !/^\d+$/.test(id) ? `ent_num "${row[0] ?? ''}" is not a number` : 'SDN_Name is empty',
      });
      return;
    }
    entries.push({
      id: `ofac-${id}`,
      schema: OFAC_SCHEMA[ofacCell(row[2]).toLowerCase()] ?? 'LegalEntity',
      name,
      aliases: aliases.get(id) ?? [],
      countries: [],
      identifiers: [],
      datasets: [
        'us_ofac_sdn',
        ...ofacCell(row[3])
          .split(/[\][\s]+/)
          .filter(Boolean)
          .map((p) => `ofac:${p}`),
      ],
    });
  });
  const sha256 = createHash('sha256')
    .update(sdnCsv)
    .update(altCsv ?? '')
    .digest('hex');
  return { entries, badRows, version: { sha256, rows: entries.length, source } };
}

/** A list is unusable when nothing could be read from it or more than a tenth of its rows are bad. */
export function unusableReason(list: ParsedList): string | undefined {
  if (list.entries.length === 0) return 'no usable entries';
  if (list.badRows.length > (list.entries.length + list.badRows.length) / 10)
    return `${list.badRows.length} bad rows out of ${list.entries.length + list.badRows.length}`;
  return undefined;
}

/** The folder a list object sits in (lists/targets.simple.csv → lists/): its alias file and indexes sit there too. */
const folderOf = (listKey: string) => listKey.slice(0, listKey.lastIndexOf('/') + 1);

/** Where OFAC's alias file sits beside a list object: same folder, named alt.csv. */
export const altKeyOf = (listKey: string) => `${folderOf(listKey)}alt.csv`;

/** Where the indexes of a list are kept: a folder beside it (lists/index/). */
export const indexFolderOf = (listKey: string) => `${folderOf(listKey)}index/`;

/** Where re-screening keeps the index of the partners' names: a folder beside the list (lists/partners/). */
export const partnersFolderOf = (listKey: string) => `${folderOf(listKey)}partners/`;
