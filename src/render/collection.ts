/**
 * The collection as XML for xslt/site.xsl: one small document per site page (the document table,
 * an index of persons, places or organisations, the chronology, the search page), built from
 * {@link DocSummary}[] and the {@link Authority}. Everything is escaped here; the stylesheet only
 * lays it out. Pure and deterministic (stable sort orders, no clock).
 */
import type { Authority, AuthorityEntry, DateValue, DocSummary, EntityType, MentionSummary } from '../model/index.js';

/** What the edition says about itself (title page, banner, licence), from tei-edition.json. */
export interface EditionInfo {
  title: string;
  subtitle?: string;
  editors?: string[];
  publisher?: string;
  /** Licence name or URL (a URL becomes a link). */
  licence?: string;
  /** Language of the edition's pages (BCP 47), default `en`. */
  language?: string;
  /** A sentence or two about the edition, for the collection page. */
  description?: string;
}

/** Limits that keep index pages bounded for large collections. */
export interface CollectionLimits {
  /** Occurrences shown with their context per index entry; further documents are listed by title and count only. */
  contextsPerEntry: number;
  /** Documents listed per index entry; the rest are counted (`… and N more documents`). */
  documentsPerEntry: number;
}

export const DEFAULT_LIMITS: CollectionLimits = { contextsPerEntry: 60, documentsPerEntry: 200 };

/** No limits: the print edition's indexes list every page. */
export const NO_LIMITS: CollectionLimits = { contextsPerEntry: Number.MAX_SAFE_INTEGER, documentsPerEntry: Number.MAX_SAFE_INTEGER };

/** Site pages built from the collection. */
export type SitePage = 'index' | 'persons' | 'places' | 'orgs' | 'dates' | 'search';

export const ENTITY_PAGES: Record<EntityType, SitePage> = { person: 'persons', place: 'places', org: 'orgs' };

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escape text for XML content or a double-quoted attribute, replacing characters XML 1.0 forbids by U+FFFD. */
export function escapeXml(s: string): string {
  return s
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function attrs(a: Record<string, string | number | boolean | undefined>): string {
  let s = '';
  for (const [k, v] of Object.entries(a)) if (v !== undefined && v !== '') s += ` ${k}="${escapeXml(String(v))}"`;
  return s;
}

function el(name: string, a: Record<string, string | number | boolean | undefined>, content?: string): string {
  return content === undefined || content === '' ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${content}</${name}>`;
}

/**
 * Key of a normalised date: `when`, else `start--end` (from/to or notBefore/notAfter). The same
 * function as ed:date-key in xslt/common/tei-html.xsl, so that a date in a document page links to
 * its entry in the chronology (`dates.html#d-KEY`).
 */
export function dateKey(v: DateValue | undefined): string {
  if (!v) return '';
  if (v.when) return v.when;
  const start = v.from ?? v.notBefore ?? '';
  const end = v.to ?? v.notAfter ?? '';
  return start || end ? `${start}--${end}` : '';
}

/** HTML anchor for an id or key, restricted to characters safe in a fragment (as ed:anchor in XSLT). */
export function anchorOf(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '-');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD) as readers write it: `7 August 1938`. */
export function formatIsoDate(iso: string): string {
  const m = /^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!m) return iso;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  if (m[2] && !month) return iso;
  const year = m[1]!;
  if (m[3]) return `${Number(m[3])} ${month} ${year}`;
  if (month) return `${month} ${year}`;
  return year;
}

/** A date value as a reader's label: `7 August 1938`, `4 – 9 August 1938` style ranges as `A – B`. */
export function dateLabel(v: DateValue | undefined): string {
  if (!v) return '';
  if (v.when) return formatIsoDate(v.when);
  const start = v.from ?? v.notBefore;
  const end = v.to ?? v.notAfter;
  const range = [start, end].map((x) => (x ? formatIsoDate(x) : '…')).join(' – ');
  return v.notBefore || v.notAfter ? `between ${range}` : range;
}

/** Sort key of a date value: its start (or end), ISO strings sort chronologically for years 0–9999. */
export function dateSortKey(v: DateValue | undefined): string {
  if (!v) return '';
  return v.when ?? v.from ?? v.notBefore ?? v.to ?? v.notAfter ?? '';
}

/** Short labels of identifier types, as the collection table (xslt/site.xsl) shows them. */
export const IDNO_LABELS: Record<string, string> = { exhibit: 'Exh.', defenseDocument: 'Def. Doc.', document: 'Doc.', number: 'No.' };

/** An identifier as readers see it: `Exh. 2638`, `Def. Doc. 1504`. */
export function idnoLabel(type: string, value: string): string {
  return `${IDNO_LABELS[type] ?? type} ${value}`.trim();
}

/** Documents in reading order: by date (undated last), then by name; stable and locale-independent. */
export function orderDocuments(summaries: readonly DocSummary[]): DocSummary[] {
  return [...summaries].sort((a, b) => {
    const da = dateSortKey(a.date);
    const db = dateSortKey(b.date);
    if (da !== db) return da === '' ? 1 : db === '' ? -1 : da < db ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** Link for an external identifier (Wikidata, VIAF, GeoNames, or a URL given as the value). */
export function externalIdHref(type: string, value: string): string | undefined {
  const v = value.trim();
  if (/^https?:\/\//i.test(v)) return v;
  switch (type.toLowerCase()) {
    case 'wikidata':
      return /^Q\d+$/i.test(v) ? `https://www.wikidata.org/wiki/${v.toUpperCase()}` : undefined;
    case 'viaf':
      return /^\d+$/.test(v) ? `https://viaf.org/viaf/${v}` : undefined;
    case 'geonames':
      return /^\d+$/.test(v) ? `https://www.geonames.org/${v}` : undefined;
    default:
      return undefined;
  }
}

function sortName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^[^a-z0-9]+/, '');
}

/**
 * A person's name as indexes list it, surname first (`Litvinov, Maxim`); a name that already has a
 * comma, or a single word, is kept as it is.
 */
export function invertedName(name: string): string {
  const n = name.replace(/\s+/g, ' ').trim();
  if (n.includes(',')) return n;
  const words = n.split(' ');
  if (words.length < 2) return n;
  const last = words.pop()!;
  return `${last}, ${words.join(' ')}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function head(edition: EditionInfo, page: SitePage, summaries: readonly DocSummary[]): string {
  let x = el('title', {}, escapeXml(edition.title));
  if (edition.subtitle) x += el('subtitle', {}, escapeXml(edition.subtitle));
  for (const e of edition.editors ?? []) x += el('editor', {}, escapeXml(e));
  if (edition.publisher) x += el('publisher', {}, escapeXml(edition.publisher));
  if (edition.licence) {
    const href = /^https?:\/\//i.test(edition.licence.trim()) ? edition.licence.trim() : undefined;
    x += el('licence', { href }, escapeXml(edition.licence));
  }
  if (edition.description) x += el('description', {}, escapeXml(edition.description));
  const count = (t: MentionSummary['type']) => summaries.reduce((n, s) => n + s.mentions.filter((m) => m.type === t).length, 0);
  x += el('stats', {
    documents: summaries.length,
    certificates: summaries.reduce((n, s) => n + s.certificates.length, 0),
    ...(page === 'index' ? { persons: count('person'), places: count('place'), orgs: count('org'), dates: count('date') } : {}),
  });
  return x;
}

function occurrenceXml(m: MentionSummary): string {
  const ctx = m.context ?? '';
  const i = m.text ? ctx.indexOf(m.text) : -1;
  const content =
    i >= 0
      ? el('pre', {}, escapeXml(ctx.slice(0, i))) + el('hit', {}, escapeXml(m.text)) + el('post', {}, escapeXml(ctx.slice(i + m.text.length)))
      : el('pre', {}, escapeXml(ctx)) + el('hit', {}, '');
  return el('occ', { anchor: m.anchor, text: m.text }, content);
}

/** The spelling met most often (ties: first met), the best label for an id the authority lacks. */
function commonestSpelling(groups: readonly { mentions: readonly MentionSummary[] }[]): string {
  const counts = new Map<string, number>();
  for (const g of groups) for (const m of g.mentions) {
    const t = m.text.replace(/\s+/g, ' ').trim();
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best = '';
  let n = 0;
  for (const [t, c] of counts) if (c > n) [best, n] = [t, c];
  return best;
}

interface Group {
  doc: DocSummary;
  mentions: MentionSummary[];
}

/** Occurrences grouped by document, showing contexts up to the limit, then documents by count only. */
function occurrencesXml(groups: Group[], limits: CollectionLimits): string {
  let shown = 0;
  let x = '';
  const listed = groups.slice(0, limits.documentsPerEntry);
  const rest = groups.slice(limits.documentsPerEntry);
  for (const g of listed) {
    let occ = '';
    for (const m of g.mentions) {
      if (shown >= limits.contextsPerEntry) break;
      occ += occurrenceXml(m);
      shown++;
    }
    x += el('doc', { name: g.doc.name, title: g.doc.title, date: dateLabel(g.doc.date), count: g.mentions.length, first: g.mentions[0]?.anchor }, occ);
  }
  if (rest.length) x += el('more', { documents: rest.length, occurrences: rest.reduce((n, g) => n + g.mentions.length, 0) });
  return x;
}

function documentsXml(summaries: readonly DocSummary[]): string {
  let x = '';
  for (const s of summaries) {
    let c = '';
    for (const id of s.idnos) c += el('idno', { type: id.type }, escapeXml(id.value));
    for (const t of s.certificates) c += el('cert', { type: t });
    x += el(
      'doc',
      {
        name: s.name,
        title: s.title || s.name,
        date: dateLabel(s.date),
        iso: dateKey(s.date),
        sort: dateSortKey(s.date),
        kind: s.kind,
        mentions: s.mentions.length,
      },
      c,
    );
  }
  return el('documents', { count: summaries.length }, x);
}

function entityIndexXml(type: EntityType, summaries: readonly DocSummary[], authority: Authority, limits: CollectionLimits): string {
  const byId = new Map<string, Group[]>();
  let unidentified = 0;
  for (const doc of summaries) {
    const local = new Map<string, MentionSummary[]>();
    for (const m of doc.mentions) {
      if (m.type !== type) continue;
      if (!m.ref) {
        unidentified++;
        continue;
      }
      const l = local.get(m.ref);
      if (l) l.push(m);
      else local.set(m.ref, [m]);
    }
    for (const [ref, mentions] of local) {
      const g = byId.get(ref);
      if (g) g.push({ doc, mentions });
      else byId.set(ref, [{ doc, mentions }]);
    }
  }
  const entries = new Map<string, AuthorityEntry>();
  for (const e of authority.entries) if (e.type === type && !entries.has(e.id)) entries.set(e.id, e);
  const ids = [...new Set([...byId.keys()])];
  const rows = ids.map((id) => {
    const e = entries.get(id);
    const name = e?.name || commonestSpelling(byId.get(id) ?? []) || id;
    const display = type === 'person' ? invertedName(name) : name;
    return { id, e, name, display, sort: sortName(display) || id };
  });
  rows.sort((a, b) => compareStrings(a.sort, b.sort) || compareStrings(a.id, b.id));
  let x = '';
  for (const r of rows) {
    const groups = byId.get(r.id) ?? [];
    let c = '';
    // spellings that only differ in case from the name, or are part of it, tell a reader nothing
    const lower = r.name.toLowerCase();
    for (const v of r.e?.variants ?? []) if (!lower.includes(v.toLowerCase())) c += el('variant', {}, escapeXml(v));
    for (const id of r.e?.idnos ?? []) c += el('idno', { type: id.type, href: externalIdHref(id.type, id.value) }, escapeXml(id.value));
    if (r.e?.note) c += el('note', {}, escapeXml(r.e.note));
    c += occurrencesXml(groups, limits);
    const letter = r.sort.charAt(0).toUpperCase();
    x += el(
      'entry',
      {
        id: r.id,
        anchor: anchorOf(r.id),
        name: r.name,
        display: r.display,
        letter: /[A-Z]/.test(letter) ? letter : '#',
        known: r.e ? 'true' : 'false',
        reviewed: r.e ? String(r.e.reviewed) : undefined,
        documents: groups.length,
        occurrences: groups.reduce((n, g) => n + g.mentions.length, 0),
      },
      c,
    );
  }
  return el('index', { type, entries: rows.length, unidentified }, x);
}

function chronologyXml(summaries: readonly DocSummary[], limits: CollectionLimits): string {
  const byKey = new Map<string, { value: DateValue; groups: Group[] }>();
  for (const doc of summaries) {
    const local = new Map<string, MentionSummary[]>();
    for (const m of doc.mentions) {
      if (m.type !== 'date') continue;
      const k = dateKey(m.value);
      if (!k) continue;
      const l = local.get(k);
      if (l) l.push(m);
      else {
        local.set(k, [m]);
        if (!byKey.has(k)) byKey.set(k, { value: m.value!, groups: [] });
      }
    }
    for (const [k, mentions] of local) byKey.get(k)!.groups.push({ doc, mentions });
  }
  const keys = [...byKey.keys()].sort((a, b) => compareStrings(dateSortKey(byKey.get(a)!.value), dateSortKey(byKey.get(b)!.value)) || compareStrings(a, b));
  let x = '';
  let year = '';
  let days = '';
  const flush = () => {
    if (days) x += el('year', { y: year || 'undated' }, days);
    days = '';
  };
  for (const k of keys) {
    const { value, groups } = byKey.get(k)!;
    const y = (/^-?\d{4,}/.exec(dateSortKey(value)) ?? [''])[0];
    if (y !== year) {
      flush();
      year = y;
    }
    days += el('day', { key: k, anchor: `d-${anchorOf(k)}`, label: dateLabel(value), iso: k, cert: value.cert }, occurrencesXml(groups, limits));
  }
  flush();
  return el('chronology', { dates: keys.length }, x);
}

/**
 * The XML that xslt/site.xsl turns into one site page. Each page carries only what it shows, so
 * memory and time stay proportional to the page (issue 5: bounded for 10,000 documents).
 */
export function collectionXml(
  page: SitePage,
  summaries: readonly DocSummary[],
  authority: Authority,
  edition: EditionInfo,
  limits: CollectionLimits = DEFAULT_LIMITS,
): string {
  let body = head(edition, page, summaries);
  switch (page) {
    case 'index':
      body += documentsXml(summaries);
      break;
    case 'persons':
      body += entityIndexXml('person', summaries, authority, limits);
      break;
    case 'places':
      body += entityIndexXml('place', summaries, authority, limits);
      break;
    case 'orgs':
      body += entityIndexXml('org', summaries, authority, limits);
      break;
    case 'dates':
      body += chronologyXml(summaries, limits);
      break;
    case 'search':
      break;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('edition', { page, lang: edition.language ?? 'en' }, body)}\n`;
}

/** The whole edition as one plain text: each document's title, date and reading text, in order. */
export function editionText(summaries: readonly DocSummary[], edition: EditionInfo): string {
  const parts: string[] = [];
  const rule = (s: string, c: string) => c.repeat(Math.min(78, Math.max(3, [...s].length)));
  parts.push(`${edition.title}\n${rule(edition.title, '=')}`);
  if (edition.subtitle) parts.push(edition.subtitle);
  if (edition.editors?.length) parts.push(`Edited by ${edition.editors.join(', ')}`);
  if (edition.licence) parts.push(`Licence: ${edition.licence}`);
  for (const s of summaries) {
    const title = s.title || s.name;
    const meta = [dateLabel(s.date), ...s.idnos.map((i) => idnoLabel(i.type, i.value))].filter(Boolean).join(' · ');
    parts.push(`\n${title}\n${rule(title, '-')}${meta ? `\n${meta}` : ''}`);
    parts.push(s.text.trim());
  }
  return `${parts.join('\n\n')}\n`;
}
