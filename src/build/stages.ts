/**
 * The build's view of the other stages (tei, validate, render). Stages land at different times and
 * some of their functions are optional (a stamp, a summary, a renderer); this module looks them up
 * once, so the build compiles and degrades clearly (a diagnostic, never a crash) while one is missing.
 * Pure.
 */
import type { Authority, Diagnostic, DocSummary, Result } from '../model/index.js';
import * as teiStage from '../tei/index.js';

/** Whether a TEI file is the converter's untouched output or was edited by hand (issue 4). */
export type StampState = 'generated' | 'edited' | 'unstamped';

type AnyFn = (...args: unknown[]) => unknown;

function fn(mod: object, ...names: string[]): AnyFn | undefined {
  for (const n of names) {
    const f = (mod as Record<string, unknown>)[n];
    if (typeof f === 'function') return f as AnyFn;
  }
  return undefined;
}

/** Interpret whatever `checkStamp` returns (a state string, a boolean "generated and intact", or an object) as a {@link StampState}. */
export function interpretStamp(r: unknown): StampState {
  if (typeof r === 'string') {
    if (/^(edited|modified|changed|hand-?edited|tampered)$/i.test(r)) return 'edited';
    if (/^(generated|intact|unchanged|ok|valid|pristine|untouched)$/i.test(r)) return 'generated';
    return 'unstamped';
  }
  if (typeof r === 'boolean') return r ? 'generated' : 'edited';
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    if ('value' in o && 'diagnostics' in o) return interpretStamp(o.value);
    if (typeof o.state === 'string') return interpretStamp(o.state);
    if (typeof o.status === 'string') return interpretStamp(o.status);
    if (o.stamped === false || o.present === false || o.hasStamp === false) return 'unstamped';
    if (typeof o.edited === 'boolean') return o.edited ? 'edited' : 'generated';
    if (typeof o.intact === 'boolean') return o.intact ? 'generated' : 'edited';
    if (typeof o.unchanged === 'boolean') return o.unchanged ? 'generated' : 'edited';
  }
  return 'unstamped';
}

/**
 * Is this TEI the converter's own, untouched output? A file without a stamp counts as hand-made
 * (edited): the build never overwrites what it cannot prove it wrote.
 */
export function stampState(xml: string): StampState {
  const check = fn(teiStage, 'checkStamp');
  if (!check) return /<\?tei-edition[^?]*\?>/.test(xml) ? 'generated' : 'unstamped';
  return interpretStamp(check(xml));
}

/** Add the generation stamp when the tei stage provides one (toTei may already stamp its output). */
export function stamp(xml: string): string {
  const s = fn(teiStage, 'stampTei', 'addStamp', 'stamp');
  if (!s) return xml;
  const r = s(xml);
  return typeof r === 'string' ? r : xml;
}

/** Serialise the authority to its three TEI files (persons, places, orgs), keyed by file name. */
export function authorityFiles(authority: Authority): Map<string, string> | undefined {
  const f = fn(teiStage, 'authorityToTei');
  if (!f) return undefined;
  const out = new Map<string, string>();
  const r = f(authority) as unknown;
  const v = r && typeof r === 'object' && 'value' in (r as object) ? (r as Result<unknown>).value : r;
  if (v instanceof Map) {
    for (const [k, x] of v) out.set(String(k).endsWith('.xml') ? String(k) : `${String(k)}.xml`, String(x));
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, string>;
    const pick = (keys: string[]) => keys.map((k) => o[k]).find((x) => typeof x === 'string');
    const persons = pick(['persons', 'person', 'persons.xml']);
    const places = pick(['places', 'place', 'places.xml']);
    const orgs = pick(['orgs', 'org', 'orgs.xml']);
    if (persons) out.set('persons.xml', persons);
    if (places) out.set('places.xml', places);
    if (orgs) out.set('orgs.xml', orgs);
  }
  return out.size > 0 ? out : undefined;
}

/** Read authority files back into one {@link Authority} (entries from every file), tolerating a stage that is not there yet. */
export function readAuthorityFiles(files: { file: string; xml: string }[]): Result<Authority> {
  const entries: Authority['entries'] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { file, xml } of files) {
    try {
      const r = teiStage.readAuthority(xml, file);
      entries.push(...r.value.entries);
      diagnostics.push(...r.diagnostics);
    } catch (err) {
      diagnostics.push({ file, line: 1, column: 1, severity: 'error', message: `cannot read authority file: ${err instanceof Error ? err.message : String(err)}`, rule: 'authority-read' });
    }
  }
  return { value: { entries }, diagnostics };
}

/** Summarise a TEI document for indexes and search (read back from TEI so that edited TEI is the master). */
export function summarise(xml: string, name: string, file: string): Result<DocSummary> {
  const f = fn(teiStage, 'summarise', 'summarize');
  if (!f) {
    return { value: { name, title: name, idnos: [], certificates: [], mentions: [], text: '' }, diagnostics: [] };
  }
  const r = f(xml, file) as unknown;
  if (r && typeof r === 'object' && 'value' in (r as object) && 'diagnostics' in (r as object)) {
    const res = r as Result<DocSummary>;
    return { value: { ...res.value, name }, diagnostics: res.diagnostics };
  }
  return { value: { ...(r as DocSummary), name }, diagnostics: [] };
}
