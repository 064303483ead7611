/**
 * Thin wrappers over the tei stage that the build uses: stamp state, authority files in and out,
 * summaries. Each turns an unexpected exception into a diagnostic, so one bad file never stops a
 * build. Pure.
 */
import { positionOf, type Authority, type Diagnostic, type DocSummary, type Result } from '../model/index.js';
import { authorityToTei, checkStamp, readAuthority, summarise as teiSummarise, summariseWithDiplomatic as teiSummariseWithDiplomatic } from '../tei/index.js';
import { authorityProblems } from '../validate/index.js';
import { contentHash } from './hash.js';

/** Whether a TEI file is the converter's untouched output or was edited by hand (issue 4). */
export type StampState = 'generated' | 'edited' | 'unstamped';

/**
 * Is this TEI the converter's own, untouched output? A file without a stamp counts as hand-made:
 * the build never overwrites what it cannot prove it wrote.
 */
export function stampState(xml: string): StampState {
  return checkStamp(xml);
}

/** Serialise the authority to its three TEI files (TEI Guidelines 13.3: listPerson, listPlace, listOrg), keyed by file name. */
export function authorityFiles(authority: Authority): Map<string, string> {
  const r = authorityToTei(authority);
  return new Map([
    ['persons.xml', r.persons],
    ['places.xml', r.places],
    ['orgs.xml', r.orgs],
  ]);
}

/** Read authority files back into one {@link Authority} (entries from every file); an unreadable file is a diagnostic. */
export function readAuthorityFiles(files: { file: string; xml: string }[]): Result<Authority> {
  // The same files are read by the build, the page renderer and the site in one process (an
  // in-process rebuild): the last parse is reused when the texts are the same (its entries are only
  // read, never changed, by all three), its diagnostics named after the files as given this time.
  const last = lastAuthority;
  if (last && last.files.length === files.length && last.files.every((f, i) => f.xml === files[i]!.xml)) {
    const rename = new Map(last.files.map((f, i) => [f.file, files[i]!.file]));
    return { value: last.result.value, diagnostics: last.result.diagnostics.map((d) => ({ ...d, file: rename.get(d.file) ?? d.file })) };
  }
  const result = parseAuthorityFiles(files);
  lastAuthority = { files: files.map((f) => ({ ...f })), result };
  return result;
}

let lastAuthority: { files: { file: string; xml: string }[]; result: Result<Authority> } | undefined;

/** Make `result` (a parse of `files` kept by the build's cache) the one {@link readAuthorityFiles} reuses for the same texts. */
export function rememberAuthority(files: { file: string; xml: string }[], result: Result<Authority>): void {
  lastAuthority = { files: files.map((f) => ({ ...f })), result };
}

/**
 * The key under which a build keeps the parse of its authority files (`CACHE/authority.json`): the
 * tool and the files' names and texts.
 */
export function authorityCacheKey(toolKey: string, files: { file: string; xml: string }[]): string {
  return contentHash(toolKey, ...files.map((f) => `${f.file.slice(f.file.lastIndexOf('/') + 1)}\u0000${f.xml}`));
}

/**
 * The parse kept in the build's cache (the text of `CACHE/authority.json`) when it was made of
 * these files by this tool: named after them and remembered for {@link readAuthorityFiles}, so that
 * a build, the page renderer and a helper thread never parse the same large authority again (DFAT:
 * 2.3 MB of XML in ≈ 0.3–0.45 s, its JSON in ≈ 0.02–0.06 s). `stored` is the key the cache holds.
 */
export function cachedAuthorityParse(text: string, files: { file: string; xml: string }[], toolKey: string): { stored?: string; result?: Result<Authority> } {
  try {
    const c = JSON.parse(text) as { key: string; names: string[]; result: Result<Authority> };
    if (c.key !== authorityCacheKey(toolKey, files) || c.names.length !== files.length) return { stored: c.key };
    const rename = new Map(c.names.map((n, i) => [n, files[i]!.file]));
    const result: Result<Authority> = { value: c.result.value, diagnostics: c.result.diagnostics.map((d) => ({ ...d, file: rename.get(d.file) ?? d.file })) };
    rememberAuthority(files, result);
    return { stored: c.key, result };
  } catch {
    return {};
  }
}

function parseAuthorityFiles(files: { file: string; xml: string }[]): Result<Authority> {
  const entries: Authority['entries'] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { file, xml } of files) {
    try {
      // The tei reader is lenient (undeclared entities such as &eacute; are kept as written, text
      // after the root ignored); an editor's mistake in an authority file must still be reported,
      // so the file is also parsed strictly, as documents are by the validator.
      const strict = authorityProblems(xml);
      for (const pr of strict) {
        const pos = positionOf(xml, pr.offset);
        diagnostics.push({ file, line: pos.line, column: pos.column, severity: 'error', message: pr.message, rule: pr.rule });
      }
      const r = readAuthority(xml, file);
      entries.push(...r.value.entries);
      diagnostics.push(...(strict.length ? r.diagnostics.filter((d) => d.rule !== 'xml-wellformed') : r.diagnostics));
    } catch (err) {
      diagnostics.push({ file, line: 1, column: 1, severity: 'error', message: `cannot read authority file: ${err instanceof Error ? err.message : String(err)}`, rule: 'authority-read' });
    }
  }
  return { value: { entries }, diagnostics };
}

/** Summarise a TEI document for indexes and search, read back from TEI so that edited TEI is the master. */
export function summarise(xml: string, file: string): Result<DocSummary> {
  return teiSummarise(xml, file);
}

/** {@link summarise} and the diplomatic text from one scan, so that the lossless check of the same document need not scan it again. */
export function summariseWithDiplomatic(xml: string, file: string): { summary: Result<DocSummary>; diplomatic: string } {
  return teiSummariseWithDiplomatic(xml, file);
}
