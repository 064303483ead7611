/**
 * Generation stamp (issue 4): a processing instruction recording which tool wrote a TEI file and a
 * digest of everything else in it, so that `convert` and `build` can tell their own untouched output
 * from a file an editor has changed, and never overwrite an edit silently.
 *
 * Robustness: the digest is taken over the file without the stamp PI, with a leading BOM removed and
 * line ends normalised to LF. A file that only went through CRLF conversion (git autocrlf, a Windows
 * editor) or gained/lost a BOM still counts as generated; any other change, white space included,
 * counts as an edit.
 */
import { createHash } from 'node:crypto';

const STAMP = /<\?tei-edition\s[^?]*(?:\?(?!>)[^?]*)*\?>(?:\r\n|\r|\n)?/;
const DIGEST = /\bdigest="sha256:([0-9a-f]{64})"/;

function normalise(xml: string): string {
  return (xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml).replace(/\r\n?/g, '\n');
}

function digestOf(xmlWithoutStamp: string): string {
  return createHash('sha256').update(normalise(xmlWithoutStamp), 'utf8').digest('hex');
}

/**
 * Add (or replace) the generation stamp `<?tei-edition generator="…" digest="sha256:…"?>` on the line
 * after the XML declaration. Idempotent: stamping a stamped file replaces its stamp.
 */
export function stampTei(xml: string, generator = 'tei-edition 0.1.0'): string {
  const bare = xml.replace(STAMP, '');
  const pi = `<?tei-edition generator="${generator.replace(/["?<>&]/g, '')}" digest="sha256:${digestOf(bare)}"?>\n`;
  const decl = /^(\ufeff?<\?xml\s[^?]*\?>)(\r\n|\r|\n)?/.exec(bare);
  if (!decl) return pi + bare;
  const eol = decl[2] ?? '\n';
  return decl[1] + eol + pi.replace('\n', eol) + bare.slice(decl[0].length);
}

/** Was this file written by the converter and left untouched (`generated`), changed since (`edited`), or never stamped (`unstamped`)? */
export function checkStamp(xml: string): 'generated' | 'edited' | 'unstamped' {
  const m = STAMP.exec(xml);
  if (!m) return 'unstamped';
  const d = DIGEST.exec(m[0]);
  if (!d) return 'edited';
  const bare = xml.slice(0, m.index) + xml.slice(m.index + m[0].length);
  return digestOf(bare) === d[1] ? 'generated' : 'edited';
}
