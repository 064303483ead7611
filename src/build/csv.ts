/**
 * metadata.csv reading (RFC 4180: quoted fields, doubled quotes, commas and line ends inside
 * quotes). Pure. A metadata.csv beside sources fills {@link Source.metadata} for its files.
 */
import type { Diagnostic } from '../model/index.js';

/** Parse CSV text into rows of fields, honouring quotes as RFC 4180 does, so that titles with commas stay whole. */
export function parseCsv(text: string): string[][] {
  // Runs of ordinary characters are taken as one slice (a character at a time cost more than the
  // rest of a no-change build's listing for the 33 tables of a 10,000-document corpus).
  const special = /[",\r\n]/g;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStarted = false;
  while (i < text.length) {
    if (quoted) {
      const q = text.indexOf('"', i);
      if (q < 0) {
        field += text.slice(i);
        break;
      }
      field += text.slice(i, q);
      if (text[q + 1] === '"') {
        field += '"';
        i = q + 2;
      } else {
        quoted = false;
        i = q + 1;
      }
      continue;
    }
    special.lastIndex = i;
    const m = special.exec(text);
    const j = m ? m.index : text.length;
    if (j > i) {
      field += text.slice(i, j);
      fieldStarted = true;
    }
    if (!m) break;
    const c = text[j]!;
    i = j + 1;
    if (c === '"') {
      if (field === '') {
        quoted = true;
        fieldStarted = true;
      } else field += c;
    } else if (c === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else {
      if (c === '\r' && text[i] === '\n') i++;
      if (fieldStarted || field !== '' || row.length > 0) {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      fieldStarted = false;
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
