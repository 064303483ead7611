/**
 * metadata.csv reading (RFC 4180: quoted fields, doubled quotes, commas and line ends inside
 * quotes). Pure. A metadata.csv beside sources fills {@link Source.metadata} for its files.
 */
import type { Diagnostic } from '../model/index.js';

/** Parse CSV text into rows of fields, honouring quotes as RFC 4180 does, so that titles with commas stay whole. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStarted = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (fieldStarted || field !== '' || row.length > 0) {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      fieldStarted = false;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (fieldStarted || field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Read a metadata.csv into a map from file name (the `file` column, e.g. `v01-0001.txt`) to its
 * row as column → value, reporting rows that cannot be used as diagnostics rather than failing.
 */
export function readMetadataCsv(text: string, path: string): { rows: Map<string, Record<string, string>>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const rows = new Map<string, Record<string, string>>();
  const table = parseCsv(text);
  const header = table[0]?.map((h) => h.trim());
  if (!header || !header.includes('file')) {
    diagnostics.push({ file: path, line: 1, column: 1, severity: 'warning', message: 'metadata.csv has no "file" column; it is ignored', rule: 'metadata-csv' });
    return { rows, diagnostics };
  }
  const fileCol = header.indexOf('file');
  for (let r = 1; r < table.length; r++) {
    const cells = table[r]!;
    if (cells.length === 1 && cells[0]!.trim() === '') continue;
    const file = cells[fileCol]?.trim();
    if (!file) {
      diagnostics.push({ file: path, line: r + 1, column: 1, severity: 'warning', message: 'row without a file name; it is ignored', rule: 'metadata-csv' });
      continue;
    }
    const rec: Record<string, string> = {};
    header.forEach((h, k) => {
      if (h !== '' && cells[k] !== undefined) rec[h] = cells[k]!;
    });
    rows.set(file, rec);
  }
  return { rows, diagnostics };
}
