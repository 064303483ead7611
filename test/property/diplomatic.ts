/**
 * An independent reading of the diplomatic text of a TEI document (ENCODING.md "Nothing lost"):
 * the character data of `<text>` minus `corr`, `reg`, `expan`, `supplied` and
 * `note[@type="editorial"]`, with each `<g ref="#ID"/>` counted as the code point its `<char>`
 * declaration records. Used as the oracle of the round-trip properties, beside the TEI stage's own.
 */
import { xmlEvents } from '../hostile/xmlcheck.js';

const EDITORIAL = new Set(['corr', 'reg', 'expan', 'supplied']);
const local = (n: string): string => n.slice(n.indexOf(':') + 1);

/** Code point recorded by each `<char xml:id>` of the document (from its `<mapping>` `U+XXXX`, or `&#x…;` content). */
export function charDeclarations(xml: string): Map<string, string> {
  const map = new Map<string, string>();
  const ev = xmlEvents(xml);
  let current: string | null = null;
  let inMapping = false;
  for (const e of ev) {
    if (e.kind === 'start' && local(e.name) === 'char') current = e.attrs['xml:id'] ?? null;
    else if (e.kind === 'end' && local(e.name) === 'char') current = null;
    else if (e.kind === 'start' && local(e.name) === 'mapping' && current) inMapping = true;
    else if (e.kind === 'end' && local(e.name) === 'mapping') inMapping = false;
    else if (e.kind === 'text' && inMapping && current && !map.has(current)) {
      const t = e.text.trim();
      const m = /^U\+([0-9A-Fa-f]{4,6})$/.exec(t);
      if (m) map.set(current, String.fromCodePoint(parseInt(m[1]!, 16)));
      else if ([...t].length === 1) map.set(current, t);
    }
  }
  return map;
}

/** The diplomatic text of a TEI document, as this test suite reads ENCODING.md; throws on a `<g>` without a declaration. */
export function diplomaticOf(xml: string): string {
  const chars = charDeclarations(xml);
  let out = '';
  let inText = 0;
  let skip = 0;
  let gDepth = 0;
  const stack: boolean[] = [];
  for (const e of xmlEvents(xml)) {
    if (e.kind === 'start') {
      const ln = local(e.name);
      const isSkip = inText > 0 && (EDITORIAL.has(ln) || (ln === 'note' && e.attrs['type'] === 'editorial'));
      stack.push(isSkip);
      if (ln === 'text') inText++;
      if (isSkip) skip++;
      if (ln === 'g' && inText > 0) {
        if (skip === 0 && gDepth === 0) {
          const ref = (e.attrs['ref'] ?? '').replace(/^#/, '');
          const c = chars.get(ref);
          if (c === undefined) throw new Error(`<g ref="${e.attrs['ref']}"> points at no <char> declaration with a code point`);
          out += c;
        }
        gDepth++;
      }
    } else if (e.kind === 'end') {
      const ln = local(e.name);
      const wasSkip = stack.pop();
      if (ln === 'text') inText--;
      if (wasSkip) skip--;
      if (ln === 'g' && inText > 0) gDepth--;
    } else if (inText > 0 && skip === 0 && gDepth === 0) {
      out += e.text;
    }
  }
  return out;
}
