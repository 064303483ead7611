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
  /**
   * Up to this many entries an index is one page listing every entry (a small edition reads best
   * so); above, it is split into pages by initials or months with an overview page. Default 300.
   */
  onePageEntries?: number;
}

export const DEFAULT_LIMITS: CollectionLimits = { contextsPerEntry: 60, documentsPerEntry: 200, onePageEntries: 300 };

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

/** Counts every site page's banner shows: they are the same on every page, so they are computed once per build. */
export interface SiteStats {
  documents: number;
  certificates: number;
}

/** The banner counts of a collection. */
export function siteStats(summaries: readonly DocSummary[]): SiteStats {
  return { documents: summaries.length, certificates: summaries.reduce((n, s) => n + s.certificates.length, 0) };
}

function head(edition: EditionInfo, stats: SiteStats): string {
  let x = el('title', {}, escapeXml(edition.title));
  if (edition.subtitle) x += el('subtitle', {}, escapeXml(edition.subtitle));
  for (const e of edition.editors ?? []) x += el('editor', {}, escapeXml(e));
  if (edition.publisher) x += el('publisher', {}, escapeXml(edition.publisher));
  if (edition.licence) {
    const href = /^https?:\/\//i.test(edition.licence.trim()) ? edition.licence.trim() : undefined;
    x += el('licence', { href }, escapeXml(edition.licence));
  }
  if (edition.description) x += el('description', {}, escapeXml(edition.description));
  x += el('stats', { documents: stats.documents, certificates: stats.certificates });
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

/** A document as index entries cite it: name (the page), title and date label. */
export interface DocRef {
  name: string;
  title: string;
  /** Date label (`7 August 1938`), empty when undated. */
  date: string;
}

/** The reference index entries use for a document. */
export function docRef(s: DocSummary): DocRef {
  return { name: s.name, title: s.title, date: dateLabel(s.date) };
}

/** One document's mentions that an index page shows (other mentions of the document are ignored). */
export interface PageDoc {
  doc: DocRef;
  mentions: readonly MentionSummary[];
}

interface Group {
  doc: DocRef;
  mentions: MentionSummary[];
}

/** Characters saxon-js's serialiser writes as character references (C1 controls, the line separator). */
function charRefs(s: string): string {
  return s.replace(/[\u007F-\u009F\u2028]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text for HTML content, as saxon-js's HTML serialiser writes it (characters XML forbids become U+FFFD). */
function htmlText(s: string): string {
  return charRefs(s.replace(XML_INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** XPath's encode-for-uri: every character but A–Z a–z 0–9 - _ . ~ percent-encoded as UTF-8. */
function encodeForUri(s: string): string {
  return encodeURIComponent(s.replace(XML_INVALID, '\uFFFD')).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An attribute value as saxon-js's HTML serialiser writes it. */
function htmlAttr(s: string): string {
  return charRefs(s.replace(XML_INVALID, '\uFFFD').replace(/&(?!\{)/g, '&amp;').replace(/"/g, '&quot;'));
}

/**
 * The occurrences of an index entry as HTML (the list xslt/site.xsl's `occurrences` template
 * writes for the print edition's input): index pages are mostly these lists, and building them
 * here keeps the stylesheet's input small (see docs/render.md, "Site parts").
 */
function occurrencesHtml(groups: Group[], limits: CollectionLimits, label: string): string {
  let shown = 0;
  let x = '<ul class="occurrences">';
  const listed = groups.slice(0, limits.documentsPerEntry);
  const rest = groups.slice(limits.documentsPerEntry);
  for (const g of listed) {
    const href = `${encodeForUri(g.doc.name)}.html`;
    x += `<li><a class="occ-doc" href="${htmlAttr(`${href}#${g.mentions[0]?.anchor ?? ''}`)}">${htmlText(g.doc.title)}</a>`;
    if (g.doc.date !== '') x += ` <span class="occ-date">(${htmlText(g.doc.date)})</span>`;
    let occ = '';
    let n = 0;
    for (const m of g.mentions) {
      if (shown >= limits.contextsPerEntry) break;
      const ctx = m.context ?? '';
      const i = m.text ? ctx.indexOf(m.text) : -1;
      const [pre, hit, post] = i >= 0 ? [ctx.slice(0, i), m.text, ctx.slice(i + m.text.length)] : [ctx, '', ''];
      occ += `<li><a href="${htmlAttr(`${href}#${m.anchor}`)}">${htmlText(pre)}<mark>${htmlText(hit)}</mark>${htmlText(post)}</a></li>`;
      shown++;
      n++;
    }
    if (n > 0) {
      x += `<ul class="contexts">${occ}</ul>`;
      if (n < g.mentions.length) x += `<p class="more">${g.mentions.length - n} more in this document</p>`;
    } else x += ` <span class="more">(${g.mentions.length})</span>`;
    x += '</li>';
  }
  if (rest.length) {
    const occurrences = rest.reduce((n, g) => n + g.mentions.length, 0);
    x += `<li class="more">… and ${rest.length} more documents (${occurrences} mentions):\n          <a href="search.html?q=${htmlAttr(encodeForUri(label))}">search for them</a></li>`;
  }
  return `${x}</ul>`;
}

/** Put the HTML kept aside by {@link indexPageBody} into the page the stylesheet made (`<!--slot:N-->` marks its place). */
export function fillSlots(html: string, slots: readonly string[]): string {
  return slots.length === 0 ? html : html.replace(/<!--slot:(\d+)-->/g, (_, i: string) => slots[Number(i)] ?? '');
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
    x += el('doc', { name: g.doc.name, title: g.doc.title, date: g.doc.date, count: g.mentions.length, first: g.mentions[0]?.anchor }, occ);
  }
  if (rest.length) x += el('more', { documents: rest.length, occurrences: rest.reduce((n, g) => n + g.mentions.length, 0) });
  return x;
}

/**
 * One row of the collection table (index.html), as XML for xslt/site.xsl: computed once per
 * document and kept by the build, so that the table is re-assembled, not recomputed.
 */
export function documentRowXml(s: DocSummary): string {
  let c = '';
  for (const id of s.idnos) c += el('idno', { type: id.type }, escapeXml(id.value));
  for (const t of s.certificates) c += el('cert', { type: t });
  return el('doc', { name: s.name, title: s.title || s.name, date: dateLabel(s.date), iso: dateKey(s.date), sort: dateSortKey(s.date), kind: s.kind }, c);
}

/**
 * One row of the collection table as HTML (byte-for-byte what xslt/site.xsl's table template makes
 * of {@link documentRowXml}): computed once per document and kept by the build; the rows go into
 * the page after the transform, so saxon-js lays out a small page instead of a 10,000-row table.
 */
export function documentRowHtml(s: DocSummary): string {
  const iso = dateKey(s.date);
  const date = iso ? `<time datetime="${htmlAttr(iso.split('--')[0]!)}">${htmlText(dateLabel(s.date))}</time>` : '';
  const idnos = s.idnos.map((i) => `${IDNO_LABELS[i.type] ?? i.type} ${i.value}`).join('; ');
  return (
    `<tr><td data-sort="${htmlAttr(dateSortKey(s.date))}">${date}</td>` +
    `<td><a href="${htmlAttr(encodeForUri(s.name))}.html">${htmlText(s.title || s.name)}</a></td>` +
    `<td>${htmlText(idnos)}</td><td>${htmlText(s.kind ?? '')}</td>` +
    `<td data-sort="${s.certificates.length}">${htmlText(s.certificates.join(', '))}</td></tr>`
  );
}

/** The collection table page (index.html) from its rows (XML of {@link documentRowXml}) in reading order. */
export function collectionTableXml(rows: readonly string[], edition: EditionInfo, stats: SiteStats): string {
  return page('index', edition, stats, el('documents', { count: rows.length }, rows.join('')));
}

/** The collection table page from its rows as HTML ({@link documentRowHtml}), which go into the page at its slot. */
export function collectionTablePage(rows: readonly string[], edition: EditionInfo, stats: SiteStats): { xml: string; slots: string[] } {
  return { xml: page('index', edition, stats, el('documents', { count: rows.length, slot: 0 })), slots: [rows.join('')] };
}

function page(name: string, edition: EditionInfo, stats: SiteStats, body: string, sub?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('edition', { page: name, sub, lang: edition.language ?? 'en' }, head(edition, stats) + body)}\n`;
}

/** Whether a page key names an index page of entities (persons, places, organisations) or of dates. */
export type IndexKind = EntityType | 'date';

export const INDEX_PAGES: Record<IndexKind, 'persons' | 'places' | 'orgs' | 'dates'> = { person: 'persons', place: 'places', org: 'orgs', date: 'dates' };

/**
 * The page of an entity's index entry, by the first two letters of the name it is sorted under
 * (`me` for "Menzies, Robert"; `m` when the second character is no letter; `other` for a name
 * that starts with no letter), so that no page grows to megabytes in a large edition. An id the
 * authority lacks is filed under its id, so that the page never depends on other documents.
 */
export function entityPageKey(type: EntityType, id: string, entry: AuthorityEntry | undefined): string {
  const name = entry?.name || id;
  const sort = sortName(type === 'person' ? invertedName(name) : name) || sortName(id);
  if (!/^[a-z]/.test(sort)) return 'other';
  return /^[a-z]{2}/.test(sort) ? sort.slice(0, 2) : sort.charAt(0);
}

/** The page of a date's chronology entry: its month (`1938-03`), or its year for a year-only date, or `undated`. */
export function datePageKey(v: DateValue | undefined): string {
  const m = /^(-?\d{4,})(?:-(\d{2}))?/.exec(dateSortKey(v));
  if (!m) return 'undated';
  return m[2] ? `${m[1]}-${m[2]}` : m[1]!;
}

/** The group of an index page in the navigation: its initial (`m`), or its year (`1938`). */
export function indexPageGroup(kind: IndexKind, key: string): string {
  if (kind === 'date') return key.replace(/^(-?\d{4,})-\d{2}$/, '$1');
  return key === 'other' ? key : key.charAt(0);
}

/** File name (without `.html`) of an index page: `persons-m`, `dates-1938-03`. */
export function indexPageFile(kind: IndexKind, key: string): string {
  return `${INDEX_PAGES[kind]}-${key}`;
}

/** A label for an index page key as its navigation shows it: `Me`, `#`, `March 1938`. */
export function indexPageLabel(kind: IndexKind, key: string): string {
  if (kind !== 'date') return key === 'other' ? '#' : key.charAt(0).toUpperCase() + key.slice(1);
  return key === 'undated' ? 'undated' : formatIsoDate(key);
}

/**
 * The page each mention of a document is indexed on (entities with an id, dates with a key);
 * mentions that no index page lists (unidentified names, undated dates) are left out.
 */
export function mentionPages(mentions: readonly MentionSummary[], entries: ReadonlyMap<string, AuthorityEntry>): Map<string, MentionSummary[]> {
  const out = new Map<string, MentionSummary[]>();
  for (const m of mentions) {
    let key: string;
    if (m.type === 'date') {
      if (!dateKey(m.value)) continue;
      key = `date:${datePageKey(m.value)}`;
    } else {
      if (!m.ref) continue;
      key = `${m.type}:${entityPageKey(m.type, m.ref, entries.get(`${m.type}:${m.ref}`))}`;
    }
    const l = out.get(key);
    if (l) l.push(m);
    else out.set(key, [m]);
  }
  return out;
}

/** Authority entries by `type:id` (the first entry of an id wins, as in the index pages). */
export function authorityMap(authority: Authority): Map<string, AuthorityEntry> {
  const m = new Map<string, AuthorityEntry>();
  for (const e of authority.entries) if (!m.has(`${e.type}:${e.id}`)) m.set(`${e.type}:${e.id}`, e);
  return m;
}

/** An index page in the navigation of its kind, with the anchors of its entries (for the overview's redirects). */
export interface IndexPageLink {
  key: string;
  entries: number;
  anchors: string[];
  /** Names of the first and last entries (entity pages), which the overview shows. */
  first?: string;
  last?: string;
}

function groupLabel(kind: IndexKind, group: string): string {
  return kind === 'date' || group === 'undated' ? group : group === 'other' ? '#' : group.toUpperCase();
}

/**
 * The navigation of one index page: the pages of its own group (initial or year), the previous and
 * next pages, and for entities every initial (linked to its first page; a chronology has too many
 * years, the overview lists them). It depends on the neighbourhood of the page only, so that a new
 * page elsewhere does not change every page.
 */
export function indexNavXml(kind: IndexKind, key: string, keys: readonly string[]): string {
  return indexNavs(kind, keys, [key]).get(key)!;
}

/** A link in an index page's navigation. */
interface PageNavLink {
  key: string;
  href: string;
  label: string;
  current?: boolean;
}

/** The navigation of index pages as data: every group (entities only), the pages of the page's own group, the previous and next pages. */
function pageNavs(kind: IndexKind, keys: readonly string[], of: Iterable<string>): Map<string, { group: string; groups: PageNavLink[]; own: PageNavLink[]; prev?: PageNavLink; next?: PageNavLink }> {
  const groupOf = keys.map((k) => indexPageGroup(kind, k));
  const members = new Map<string, number[]>();
  groupOf.forEach((g, i) => {
    const l = members.get(g);
    if (l) l.push(i);
    else members.set(g, [i]);
  });
  const firsts = kind === 'date' ? [] : [...members].map(([g, l]) => ({ g, first: keys[l[0]!]! }));
  const index = new Map(keys.map((k, i) => [k, i]));
  const page = (k: string, current?: boolean): PageNavLink => ({ key: k, href: `${indexPageFile(kind, k)}.html`, label: indexPageLabel(kind, k), ...(current ? { current } : {}) });
  const out = new Map<string, { group: string; groups: PageNavLink[]; own: PageNavLink[]; prev?: PageNavLink; next?: PageNavLink }>();
  for (const key of of) {
    const i = index.get(key) ?? -1;
    const group = i >= 0 ? groupOf[i]! : indexPageGroup(kind, key);
    const groups = firsts.map(({ g, first }) => ({ key: g, href: `${indexPageFile(kind, first)}.html`, label: groupLabel(kind, g), ...(g === group ? { current: true } : {}) }));
    const own = (members.get(group) ?? []).map((j) => page(keys[j]!, keys[j] === key));
    const prev = i > 0 ? keys[i - 1] : undefined;
    const next = i >= 0 && i < keys.length - 1 ? keys[i + 1] : undefined;
    out.set(key, { group: groupLabel(kind, group), groups, own, ...(prev ? { prev: page(prev) } : {}), ...(next ? { next: page(next) } : {}) });
  }
  return out;
}

/** {@link indexNavXml} of several pages of one kind at once, in time proportional to the pages (not their square). */
export function indexNavs(kind: IndexKind, keys: readonly string[], of: Iterable<string> = keys): Map<string, string> {
  const out = new Map<string, string>();
  const pl = (p: PageNavLink) => el('p', { key: p.key, href: p.href, label: p.label, current: p.current ? 'true' : undefined });
  for (const [key, n] of pageNavs(kind, keys, of)) {
    const groups = n.groups.map((g) => el('g', { key: g.key, label: g.label, href: g.href, current: g.current ? 'true' : undefined })).join('');
    out.set(key, el('pages', { group: n.group }, groups + el('own', {}, n.own.map(pl).join('')) + (n.prev ? el('prev', {}, pl(n.prev)) : '') + (n.next ? el('next', {}, pl(n.next)) : '')));
  }
  return out;
}

/**
 * The entries of one index page (those of one initial, or the dates of one month), from the
 * mentions the documents make on it, in reading order: the XML body and the anchors of the entries.
 */
export function indexPageBody(kind: IndexKind, key: string, docs: readonly PageDoc[], authority: Authority, limits: CollectionLimits = DEFAULT_LIMITS): { body: string; anchors: string[]; slots: string[] } {
  const slots: string[] = [];
  const r = kind === 'date' ? chronologyXml(docs, limits, key, slots) : entityIndexXml(kind, docs, authority, limits, key, slots);
  return { body: r.xml, anchors: r.anchors, slots };
}

/** One index page as XML for xslt/site.xsl: its entries (from {@link indexPageBody}) with its navigation (from {@link indexNavXml}). */
export function indexPageXml(kind: IndexKind, key: string, body: string, edition: EditionInfo, stats: SiteStats, nav: string): string {
  return page(INDEX_PAGES[kind], edition, stats, nav + body, key);
}

/** Occurrences as XML children, or (with `slots`) as HTML kept aside and a `slot` number. */
function occurrences(groups: Group[], limits: CollectionLimits, label: string, slots: string[] | undefined): { xml: string; slot?: number } {
  if (!slots) return { xml: occurrencesXml(groups, limits) };
  slots.push(occurrencesHtml(groups, limits, label));
  return { xml: '', slot: slots.length - 1 };
}

/** An entry of an entity index: its id, authority entry, name as listed and sort key, and its occurrences by document. */
interface EntityRow {
  id: string;
  e: AuthorityEntry | undefined;
  name: string;
  display: string;
  sort: string;
  groups: Group[];
}

/** The entries of an entity index from the documents' mentions, sorted as the index lists them, and the mentions without an id. */
function entityRows(type: EntityType, docs: readonly PageDoc[], authority: Authority): { rows: EntityRow[]; unidentified: number } {
  const byId = new Map<string, Group[]>();
  let unidentified = 0;
  for (const { doc, mentions: all } of docs) {
    const local = new Map<string, MentionSummary[]>();
    for (const m of all) {
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
  const rows = [...byId.keys()].map((id) => {
    const e = entries.get(id);
    const groups = byId.get(id) ?? [];
    const name = e?.name || commonestSpelling(groups) || id;
    const display = type === 'person' ? invertedName(name) : name;
    return { id, e, name, display, sort: sortName(display) || id, groups };
  });
  rows.sort((a, b) => compareStrings(a.sort, b.sort) || compareStrings(a.id, b.id));
  return { rows, unidentified };
}

/** Spellings of an entry worth showing: those that only differ in case from the name, or are part of it, tell a reader nothing. */
function shownVariants(r: EntityRow): string[] {
  const lower = r.name.toLowerCase();
  return (r.e?.variants ?? []).filter((v) => !lower.includes(v.toLowerCase()));
}

/** The letter an entry is grouped under: the initial of its sort key, `#` when no letter. */
function entryLetter(r: EntityRow): string {
  const letter = r.sort.charAt(0).toUpperCase();
  return /[A-Z]/.test(letter) ? letter : '#';
}

function entityIndexXml(type: EntityType, docs: readonly PageDoc[], authority: Authority, limits: CollectionLimits, key?: string, slots?: string[]): { xml: string; anchors: string[] } {
  const { rows, unidentified } = entityRows(type, docs, authority);
  let x = '';
  for (const r of rows) {
    const groups = r.groups;
    let c = '';
    for (const v of shownVariants(r)) c += el('variant', {}, escapeXml(v));
    for (const id of r.e?.idnos ?? []) c += el('idno', { type: id.type, href: externalIdHref(id.type, id.value) }, escapeXml(id.value));
    if (r.e?.note) c += el('note', {}, escapeXml(r.e.note));
    const occ = occurrences(groups, limits, r.name, slots);
    c += occ.xml;
    x += el(
      'entry',
      {
        id: r.id,
        anchor: anchorOf(r.id),
        name: r.name,
        display: r.display,
        letter: entryLetter(r),
        known: r.e ? 'true' : 'false',
        reviewed: r.e ? String(r.e.reviewed) : undefined,
        documents: groups.length,
        occurrences: groups.reduce((n, g) => n + g.mentions.length, 0),
        slot: occ.slot,
      },
      c,
    );
  }
  const label = key === undefined ? undefined : indexPageLabel(type, key);
  return { xml: el('index', { type, entries: rows.length, unidentified: key === undefined ? unidentified : undefined, key, label }, x), anchors: rows.map((r) => anchorOf(r.id)) };
}

/** A date of the chronology with its occurrences by document. */
interface DayRow {
  key: string;
  value: DateValue;
  groups: Group[];
}

/** The dates of a chronology from the documents' mentions, in time order, grouped by year (`''` when it has none). */
function chronologyYears(docs: readonly PageDoc[]): { dates: number; years: { y: string; days: DayRow[] }[] } {
  const byKey = new Map<string, DayRow>();
  for (const { doc, mentions: all } of docs) {
    const local = new Map<string, MentionSummary[]>();
    for (const m of all) {
      if (m.type !== 'date') continue;
      const k = dateKey(m.value);
      if (!k) continue;
      const l = local.get(k);
      if (l) l.push(m);
      else {
        local.set(k, [m]);
        if (!byKey.has(k)) byKey.set(k, { key: k, value: m.value!, groups: [] });
      }
    }
    for (const [k, mentions] of local) byKey.get(k)!.groups.push({ doc, mentions });
  }
  const keys = [...byKey.keys()].sort((a, b) => compareStrings(dateSortKey(byKey.get(a)!.value), dateSortKey(byKey.get(b)!.value)) || compareStrings(a, b));
  const years: { y: string; days: DayRow[] }[] = [];
  for (const k of keys) {
    const d = byKey.get(k)!;
    const y = (/^-?\d{4,}/.exec(dateSortKey(d.value)) ?? [''])[0];
    const last = years[years.length - 1];
    if (last && last.y === y) last.days.push(d);
    else years.push({ y, days: [d] });
  }
  return { dates: keys.length, years };
}

function chronologyXml(docs: readonly PageDoc[], limits: CollectionLimits, key?: string, slots?: string[]): { xml: string; anchors: string[] } {
  const { dates, years } = chronologyYears(docs);
  let x = '';
  const anchors: string[] = [];
  for (const { y, days } of years) {
    let d = '';
    for (const { key: k, value, groups } of days) {
      const label = dateLabel(value);
      const occ = occurrences(groups, limits, label, slots);
      d += el('day', { key: k, anchor: `d-${anchorOf(k)}`, label, iso: k, cert: value.cert, slot: occ.slot }, occ.xml);
      anchors.push(`d-${anchorOf(k)}`);
    }
    x += el('year', { y: y || 'undated' }, d);
  }
  const label = key === undefined ? undefined : indexPageLabel('date', key);
  return { xml: el('chronology', { dates, key, label }, x), anchors };
}

// ---- index pages as HTML ------------------------------------------------------------------------
// The index pages are laid out here, byte-for-byte what xslt/site.xsl makes of the XML above (a test
// renders both), and put into a frame the stylesheet renders once per kind ({@link framePage}): a
// page costs string building instead of a transform (docs/render.md, "Site parts").

const KIND_LABELS: Record<EntityType, string> = { person: 'Persons', place: 'Places', org: 'Organisations' };

/** A value that went through an XML attribute (the parser turns tab, newline and carriage return into spaces), as HTML text. */
function attrHtmlText(s: string): string {
  return htmlText(s.replace(/[\t\n\r]/g, ' '));
}

/** A value that went through an XML attribute, as an HTML attribute value. */
function attrHtmlAttr(s: string): string {
  return htmlAttr(s.replace(/[\t\n\r]/g, ' '));
}

/** A value that went through XML element content (line ends normalised to newlines), as HTML text. */
function contentHtmlText(s: string): string {
  return htmlText(s.replace(/\r\n?/g, '\n'));
}

/** A URI attribute as the HTML serialiser writes it: characters outside ASCII percent-encoded as UTF-8 (escape-uri-attributes). */
function uriAttr(s: string): string {
  return attrHtmlAttr(s.replace(XML_INVALID, '\uFFFD')).replace(/[^\u0000-\u007F]+/g, (c) => encodeURI(c));
}

function entryHtml(r: EntityRow, limits: CollectionLimits): string {
  const anchor = attrHtmlAttr(anchorOf(r.id));
  const unreviewed = r.e !== undefined && String(r.e.reviewed) === 'false';
  let x = `<article class="entry${r.e ? '' : ' unknown'}${unreviewed ? ' unreviewed' : ''}" id="${anchor}" aria-labelledby="${anchor}-h"><h3 id="${anchor}-h">${attrHtmlText(r.display !== '' ? r.display : r.name)}</h3>`;
  const variants = shownVariants(r);
  if (variants.length) x += `<p class="variants"><span class="label">Spellings in the sources:</span> ${contentHtmlText(variants.join('; '))}</p>`;
  if (r.e?.note) x += `<p class="entry-note">${contentHtmlText(r.e.note)}</p>`;
  const idnos = r.e?.idnos ?? [];
  if (idnos.length) {
    x += `<p class="idnos">${idnos
      .map((id) => {
        const text = attrHtmlText(id.type) + ' ' + contentHtmlText(id.value);
        const href = externalIdHref(id.type, id.value);
        return href ? `<a class="ext" href="${uriAttr(href)}" rel="external">${text}</a>` : text;
      })
      .join(' · ')}</p>`;
  }
  if (unreviewed) x += '<p class="status">Proposed by the converter; not yet reviewed by an editor.</p>';
  if (!r.e) x += '<p class="status">Not in the authority file.</p>';
  const occ = r.groups.reduce((n, g) => n + g.mentions.length, 0);
  const docs = r.groups.length;
  x += `<p class="entry-count">${occ} mention${occ === 1 ? '' : 's'} in ${docs} document${docs === 1 ? '' : 's'}</p>`;
  return `${x}${occurrencesHtml(r.groups, limits, r.name)}</article>`;
}

function letterId(letter: string): string {
  return `letter-${letter === '#' ? 'other' : attrHtmlAttr(letter)}`;
}

/** Entity entries grouped by letter (in order of first appearance), as the stylesheet's for-each-group writes them. */
function entrySectionsHtml(rows: readonly EntityRow[], limits: CollectionLimits): { html: string; letters: string[] } {
  const byLetter = new Map<string, EntityRow[]>();
  for (const r of rows) {
    const l = entryLetter(r);
    const g = byLetter.get(l);
    if (g) g.push(r);
    else byLetter.set(l, [r]);
  }
  let html = '';
  if (rows.length) html += '<div class="filter"><label for="entry-filter">Filter entries</label><input type="search" id="entry-filter" data-filter-entries=".entry" autocomplete="off"></div>';
  for (const [letter, group] of byLetter) {
    html += `<section class="letter" aria-labelledby="${letterId(letter)}"><h2 id="${letterId(letter)}">${attrHtmlText(letter)}</h2>`;
    for (const r of group) html += entryHtml(r, limits);
    html += '</section>';
  }
  return { html, letters: [...byLetter.keys()] };
}

function yearsHtml(years: readonly { y: string; days: DayRow[] }[], limits: CollectionLimits): string {
  let html = '';
  for (const { y, days } of years) {
    const year = attrHtmlAttr(y || 'undated');
    html += `<section class="year" aria-labelledby="y-${year}"><h2 id="y-${year}">${attrHtmlText(y || 'undated')}</h2>`;
    for (const { key, value, groups } of days) {
      const anchor = attrHtmlAttr(`d-${anchorOf(key)}`);
      const label = dateLabel(value);
      html += `<article class="entry day" id="${anchor}" aria-labelledby="${anchor}-h"><h3 id="${anchor}-h"><time datetime="${attrHtmlAttr(key.split('--')[0]!)}">${attrHtmlText(label)}</time>`;
      if (label !== key) html += ` <span class="iso">${attrHtmlText(key.replace(/--/g, '/'))}</span>`;
      if (value.cert) html += ` <span class="cert">(certainty: ${attrHtmlText(value.cert)})</span>`;
      html += `</h3>${occurrencesHtml(groups, limits, label)}</article>`;
    }
    html += '</section>';
  }
  return html;
}

/** The title of an index page (the frame's `<title>` names it too). */
export function indexPageTitle(kind: IndexKind, key?: string): string {
  const label = kind === 'date' ? 'Chronology' : KIND_LABELS[kind];
  return key === undefined ? label : `${label}: ${indexPageLabel(kind, key)}`;
}

/**
 * The content (inside `<main>`) of one index page (the entries of one initial, or the dates of one
 * month) but its navigation, and the anchors of its entries, from the mentions the documents make
 * on it in reading order.
 */
export interface IndexPageParts {
  /** The heading and counts, which the navigation follows. */
  top: string;
  /** The entries, after the navigation. */
  body: string;
  anchors: string[];
  /** Names of the first and last entries (entity pages). */
  first?: string;
  last?: string;
}

/** An index page's content from its parts and its navigation (from {@link indexNavsHtml}). */
export function indexPageContent(p: IndexPageParts, nav: string): string {
  return p.top + nav + p.body;
}

export function indexPageHtml(kind: IndexKind, key: string, docs: readonly PageDoc[], authority: Authority, limits: CollectionLimits = DEFAULT_LIMITS): IndexPageParts {
  const head = `<h1>${attrHtmlText(indexPageTitle(kind, key))}</h1>`;
  if (kind === 'date') {
    const { dates, years } = chronologyYears(docs);
    const anchors = years.flatMap((y) => y.days.map((d) => `d-${anchorOf(d.key)}`));
    return { top: `${head}<p class="counts">${dates} dates on this page; <a href="dates.html">all dates</a>.</p>`, body: yearsHtml(years, limits), anchors };
  }
  const { rows } = entityRows(kind, docs, authority);
  const counts = `<p class="counts">${rows.length} entries on this page; all <a href="${INDEX_PAGES[kind]}.html">${KIND_LABELS[kind].toLowerCase()}</a>.</p>`;
  const display = (r: EntityRow) => (r.display !== '' ? r.display : r.name);
  return {
    top: head + counts,
    body: entrySectionsHtml(rows, limits).html,
    anchors: rows.map((r) => anchorOf(r.id)),
    ...(rows.length ? { first: display(rows[0]!), last: display(rows[rows.length - 1]!) } : {}),
  };
}

/**
 * The content of a whole index on one page (a small edition: every entry, with a list of initials
 * or years), as the index pages were before they were split.
 */
export function indexSingleHtml(kind: IndexKind, docs: readonly PageDoc[], authority: Authority, stats: SiteStats, unidentified: number, limits: CollectionLimits = DEFAULT_LIMITS): { html: string; entries: number } {
  const head = `<h1>${attrHtmlText(indexPageTitle(kind))}</h1>`;
  if (kind === 'date') {
    const { dates, years } = chronologyYears(docs);
    let html = `${head}<p class="counts">${dates} dates mentioned in ${stats.documents} documents.</p>`;
    if (years.length) html += `<nav class="letters" aria-label="Years"><ul>${years.map(({ y }) => `<li><a href="#y-${attrHtmlAttr(y || 'undated')}">${attrHtmlText(y || 'undated')}</a></li>`).join('')}</ul></nav>`;
    return { html: html + yearsHtml(years, limits), entries: dates };
  }
  const { rows } = entityRows(kind, docs, authority);
  let html = `${head}<p class="counts">${rows.length} entries in ${stats.documents} documents${unidentified ? `; ${unidentified} mentions not yet identified` : ''}.</p>`;
  const sections = entrySectionsHtml(rows, limits);
  if (rows.length) html += `<nav class="letters" aria-label="Initial letters"><ul>${sections.letters.map((l) => `<li><a href="#${letterId(l)}">${attrHtmlText(l)}</a></li>`).join('')}</ul></nav>`;
  return { html: html + sections.html, entries: rows.length };
}

/**
 * The overview page of a split index (persons.html, dates.html …): counts, its pages by group, each
 * with the names it runs from and to, and a map from entry anchor to page, so that a link
 * `persons.html#ID` (from a document page) is sent on to the page holding the entry.
 */
export function indexOverviewHtml(kind: IndexKind, pages: readonly IndexPageLink[], stats: SiteStats, unidentified: number): string {
  const date = kind === 'date';
  const map: Record<string, string> = {};
  for (const p of pages) for (const a of p.anchors) map[a] ??= indexPageFile(kind, p.key);
  const entries = pages.reduce((n, p) => n + p.entries, 0);
  const groups: { key: string; pages: IndexPageLink[] }[] = [];
  for (const p of pages) {
    const g = indexPageGroup(kind, p.key);
    const last = groups[groups.length - 1];
    if (last && last.key === g) last.pages.push(p);
    else groups.push({ key: g, pages: [p] });
  }
  const id = (g: string) => `${date ? 'y' : 'letter'}-${attrHtmlAttr(g)}`;
  let html = `<h1>${attrHtmlText(indexPageTitle(kind))}</h1><p class="counts">${entries}${date ? ' dates mentioned' : ' entries'} in ${stats.documents} documents${unidentified ? `; ${unidentified} mentions not yet identified` : ''}.</p>`;
  if (groups.length > 1) html += `<nav class="letters" aria-label="${date ? 'Years' : 'Initial letters'}"><ul>${groups.map((g) => `<li><a href="#${id(g.key)}">${attrHtmlText(groupLabel(kind, g.key))}</a></li>`).join('')}</ul></nav>`;
  for (const g of groups) {
    html += `<section class="${date ? 'year' : 'letter'}" aria-labelledby="${id(g.key)}"><h2 id="${id(g.key)}">${attrHtmlText(groupLabel(kind, g.key))}</h2><ul class="index-overview">`;
    for (const p of g.pages) {
      const range = p.first === undefined ? '' : p.first === p.last ? `${attrHtmlText(p.first)} ` : `${attrHtmlText(p.first)} – ${attrHtmlText(p.last ?? '')} `;
      html += `<li><a href="${attrHtmlAttr(indexPageFile(kind, p.key))}.html">${attrHtmlText(indexPageLabel(kind, p.key))}</a> <span class="more">${range}(${p.entries} ${date ? (p.entries === 1 ? 'date' : 'dates') : p.entries === 1 ? 'entry' : 'entries'})</span></li>`;
    }
    html += '</ul></section>';
  }
  html += `<script type="application/json" id="index-redirects">${JSON.stringify(map).replace(/</g, '\\u003c')}</script>`;
  html += `<script>(function () { var m = JSON.parse(document.getElementById('index-redirects').textContent); function go() { var h = decodeURIComponent(location.hash.slice(1)); if (h && Object.prototype.hasOwnProperty.call(m, h)) location.replace(m[h] + '.html#' + encodeURIComponent(h)); } go(); window.addEventListener('hashchange', go); })();</script>`;
  return html;
}

/** {@link indexNavs} as HTML: the navigation of each page as xslt/site.xsl's `pages` template writes it. */
export function indexNavsHtml(kind: IndexKind, keys: readonly string[], of: Iterable<string> = keys): Map<string, string> {
  const out = new Map<string, string>();
  const link = (n: PageNavLink, current: string) => `<li><a href="${attrHtmlAttr(n.href)}"${n.current ? ` aria-current="${current}"` : ''}>${attrHtmlText(n.label)}</a></li>`;
  for (const [key, n] of pageNavs(kind, keys, of)) {
    let x = `<nav class="letters index-pages" aria-label="${kind === 'date' ? 'Years' : 'Initial letters'}"><ul>${n.groups.map((g) => link(g, 'true')).join('')}</ul></nav>`;
    x += `<nav class="letters index-pages" aria-label="${kind === 'date' ? 'Months of ' : 'Pages of '}${attrHtmlAttr(n.group)}"><ul>${n.own.map((p) => link(p, 'page')).join('')}</ul></nav>`;
    if (n.prev || n.next) {
      x += '<p class="index-prev-next">';
      if (n.prev) x += `<a rel="prev" href="${attrHtmlAttr(n.prev.href)}">← ${attrHtmlText(n.prev.label)}</a>`;
      if (n.prev && n.next) x += ' · ';
      if (n.next) x += `<a rel="next" href="${attrHtmlAttr(n.next.href)}">${attrHtmlText(n.next.label)} →</a>`;
      x += '</p>';
    }
    out.set(key, x);
  }
  return out;
}

/**
 * A site page from the frame xslt/site.xsl renders for its kind (`<!--slot:0-->` where the content
 * goes, U+E000 where the page's title goes) and its content: every index page of a kind shares one
 * frame, so the stylesheet runs once per kind, not once per page.
 */
export function framePage(frame: string, title: string, content: string): string {
  const t = frame.indexOf(FRAME_TITLE);
  const withTitle = t < 0 ? frame : frame.slice(0, t) + attrHtmlText(title) + frame.slice(t + FRAME_TITLE.length);
  const i = withTitle.indexOf('<!--slot:0-->');
  return i < 0 ? withTitle : withTitle.slice(0, i) + content + withTitle.slice(i + '<!--slot:0-->'.length);
}

/** Where a frame's page title goes (a private-use character no title contains). */
export const FRAME_TITLE = '\uE000';

/**
 * The XML of a frame for {@link framePage}: an empty page of `page` whose content is a slot. The
 * title is a placeholder, unless it is the edition's own title, which the frame writes alone.
 */
export function frameXml(page: SitePage, edition: EditionInfo, title: string = FRAME_TITLE): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('edition', { page, lang: edition.language ?? 'en' }, el('frame', { title }))}\n`;
}

/** The search page (search.html), which loads the given number of search index shards. */
export function searchPageXml(edition: EditionInfo, stats: SiteStats, shards: number): string {
  return page('search', edition, stats, el('search', { shards }));
}

/**
 * The XML that xslt/site.xsl turns into one whole-collection page: the print edition's front
 * matter and indexes (every entry on one page), or a site page for a small collection. Each page
 * carries only what it shows, so memory and time stay proportional to the page.
 */
export function collectionXml(
  page: SitePage,
  summaries: readonly DocSummary[],
  authority: Authority,
  edition: EditionInfo,
  limits: CollectionLimits = DEFAULT_LIMITS,
): string {
  let body = head(edition, siteStats(summaries));
  const docs = (): PageDoc[] => summaries.map((s) => ({ doc: docRef(s), mentions: s.mentions }));
  switch (page) {
    case 'index':
      body += el('documents', { count: summaries.length }, summaries.map(documentRowXml).join(''));
      break;
    case 'persons':
      body += entityIndexXml('person', docs(), authority, limits).xml;
      break;
    case 'places':
      body += entityIndexXml('place', docs(), authority, limits).xml;
      break;
    case 'orgs':
      body += entityIndexXml('org', docs(), authority, limits).xml;
      break;
    case 'dates':
      body += chronologyXml(docs(), limits).xml;
      break;
    case 'search':
      break;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('edition', { page, lang: edition.language ?? 'en' }, body)}\n`;
}

/** The beginning of edition.txt: the edition's title, subtitle, editors and licence. */
export function editionTextHead(edition: EditionInfo): string {
  const parts: string[] = [];
  parts.push(`${edition.title}\n${rule(edition.title, '=')}`);
  if (edition.subtitle) parts.push(edition.subtitle);
  if (edition.editors?.length) parts.push(`Edited by ${edition.editors.join(', ')}`);
  if (edition.licence) parts.push(`Licence: ${edition.licence}`);
  return parts.join('\n\n');
}

function rule(s: string, c: string): string {
  return c.repeat(Math.min(78, Math.max(3, [...s].length)));
}

/**
 * One document's piece of edition.txt (title, date and identifiers, reading text): computed once
 * per document, so that the whole text is re-assembled from pieces when one document changes.
 */
export function editionTextPiece(s: DocSummary): string {
  const title = s.title || s.name;
  const meta = [dateLabel(s.date), ...s.idnos.map((i) => idnoLabel(i.type, i.value))].filter(Boolean).join(' · ');
  return `\n\n\n${title}\n${rule(title, '-')}${meta ? `\n${meta}` : ''}\n\n${s.text.trim()}`;
}

/** The whole edition as one plain text: each document's title, date and reading text, in order. */
export function editionText(summaries: readonly DocSummary[], edition: EditionInfo): string {
  return `${editionTextHead(edition)}${summaries.map(editionTextPiece).join('')}\n`;
}
