/**
 * Entities: persons, places, organisations, recognised and linked to authority entries
 * (TEI Guidelines 13.2 "Names and nyms", 13.3 "Biographical and Prosopographical Data"). Pure.
 *
 * Two passes over the collection: (1) cue-based candidates per document (`recognise.ts`);
 * (2) collection consistency (a name seen as a person once is a person everywhere, `Mr. Y.` after
 * `Yoshisawa`, OCR variants) and linking: one ref per real-world entity across the collection,
 * matched against the authority where it knows the entity, new unreviewed entries otherwise.
 */
import type { Authority, AuthorityEntry, Block, Diagnostic, DocumentModel, EntityMention, EntityType, Result, Span } from '../model/index.js';
import { positionOf } from '../model/index.js';
import { findCandidates, resolveOverlaps, type Candidate } from './recognise.js';
import { fold, slug, ocrSimilar, tokenize, FuzzyIndex, type Token } from './text.js';
import { gazetteer, COMMON_WORDS, isPeopleWord } from './gazetteer.js';
import { NON_NAME, CALENDAR, TITLES, DEMONYMS, NOT_PERSON, ORG_HEADS, GENERIC_HEADS, ACTION_AUXILIARIES, SPEECH_VERBS } from './cues.js';

export { tokenize, fold, slug, editDistance, ocrSimilar, FuzzyIndex } from './text.js';
export { gazetteer } from './gazetteer.js';
export type { PlaceEntry } from './gazetteer.js';
export { findCandidates, resolveOverlaps } from './recognise.js';
export type { Candidate } from './recognise.js';
export { reviewList, applyDecision, parseDecisions, serialiseDecisions, emptyDecisions } from './review.js';
export type { Decisions, Decision, ReviewEntry, Applied } from './review.js';

export interface RecognitionResult {
  /** Mentions per document name, in source order, non-overlapping. */
  mentions: Map<string, EntityMention[]>;
  /** The authority with entries for entities met for the first time added (reviewed: false). */
  authority: Authority;
  /** Matches an editor should confirm: fuzzy links and ambiguous names (for `tei-edition review`). */
  review: ReviewItem[];
}

/** Something the recogniser decided that an editor should look at. */
export interface ReviewItem {
  kind: 'new' | 'fuzzy' | 'ambiguous';
  type: EntityType;
  /** The entry the mentions were linked to. */
  id: string;
  /** Surface form as met in the source. */
  name: string;
  /** Other entries the name might belong to (ambiguous) or the entry it was fuzzily matched to. */
  candidates: string[];
  /** Where the form occurs, `file:line:col`, first few. */
  contexts: string[];
}

/** Editorial decisions that later runs respect (see `review.ts`). */
export interface RecogniseOptions {
  /** Names (any case) an editor rejected: never tagged again as that type. */
  rejected?: { type: EntityType; name: string }[];
}

interface DocWork {
  doc: DocumentModel;
  text: string;
  skip: Span[];
  cands: Candidate[];
}

/** Spans of page furniture (catchwords, page numbers, running heads): names there are not tagged again. */
function furnitureSpans(doc: DocumentModel): Span[] {
  const out: Span[] = [];
  const visit = (b: Block | { kind: string; span: Span; parts?: unknown[] }): void => {
    if (b.kind === 'fw') out.push(b.span);
    const parts = (b as { parts?: { kind: string; span: Span }[] }).parts;
    if (parts) for (const p of parts) visit(p);
  };
  for (const b of doc.front ?? []) visit(b);
  for (const d of [...(doc.body ?? []), ...(doc.back ?? [])]) for (const b of d.blocks) visit(b);
  return out;
}

/**
 * The smallest units a mention may not cross: text runs of paragraphs, headings and other flow
 * blocks (a page break or catchword interrupts them), closer parts, datelines and stamps. A TEI
 * `persName` cannot span two `<p>` or a `<pb/>` (TEI Guidelines 1.3, "Elements and their content").
 */
function textUnits(doc: DocumentModel): Span[] {
  const out: Span[] = [];
  const visit = (b: Block): void => {
    switch (b.kind) {
      case 'p': case 'head': case 'ab': case 'note':
        for (const p of b.parts) if (p.kind === 'text') out.push(p.span);
        break;
      case 'closer':
        for (const p of b.parts) if (p.kind !== 'pb' && p.kind !== 'fw') out.push(p.span);
        break;
      case 'dateline': case 'stamp':
        out.push(b.span);
        break;
      default:
        break;
    }
  };
  for (const b of doc.front ?? []) visit(b);
  for (const d of [...(doc.body ?? []), ...(doc.back ?? [])]) for (const b of d.blocks) visit(b);
  return out.sort((a, b) => a.start - b.start);
}

/** Clip a mention to the unit its start lies in; undefined when nothing but white space is left. */
function clip(m: EntityMention, units: Span[], text: string): EntityMention | undefined {
  if (!units.length) return m;
  let lo = 0, hi = units.length - 1, u: Span | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = units[mid]!;
    if (x.start <= m.span.start) { u = x; lo = mid + 1; } else hi = mid - 1;
  }
  if (!u || m.span.start >= u.end || m.span.end <= u.end) return m;
  // keep the part in the unit holding most of the mention
  const next = units.find((x) => x.start >= u!.end && x.start < m.span.end);
  if (next && Math.min(next.end, m.span.end) - next.start > u.end - m.span.start) {
    let start = next.start;
    const end2 = Math.min(next.end, m.span.end);
    while (start < end2 && /\s/.test(text[start]!)) start++;
    if (start >= end2) return undefined;
    const { corr: _c2, ...rest2 } = m;
    void _c2;
    return { ...rest2, span: { start, end: end2 } };
  }
  let end = u.end;
  while (end > m.span.start && /\s/.test(text[end - 1]!)) end--;
  if (end <= m.span.start) return undefined;
  const { corr: _c, ...rest } = m;
  void _c;
  return { ...rest, span: { start: m.span.start, end } };
}

/**
 * A test "does this span overlap any of `spans`?" in O(log n) (sorted starts, running maximum of
 * ends), so that filtering every candidate of a long document stays O(n log n) (issue 7).
 */
function overlapsAny(spans: readonly Span[]): (c: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const maxEnd: number[] = [];
  let m = -Infinity;
  for (const s of sorted) {
    m = Math.max(m, s.end);
    maxEnd.push(m);
  }
  return (c) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < c.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && maxEnd[lo - 1]! > c.start;
  };
}

/** Recognise and link entities across a whole collection, so that a name seen as a person once is a person everywhere. */
export function recogniseCollection(docs: DocumentModel[], authority: Authority, options: RecogniseOptions = {}): Result<RecognitionResult> {
  const diagnostics: Diagnostic[] = [];
  const rejected = new Set((options.rejected ?? []).map((r) => `${r.type}|${fold(r.name)}`));
  // words the collection itself writes in lower case are common words, not names (`officer`, `following`)
  const lowerFreq = new Map<string, number>();
  for (const doc of docs) for (const m of doc.source.text.matchAll(/(?<![\p{L}])\p{Ll}+(?![\p{L}])/gu)) lowerFreq.set(m[0], (lowerFreq.get(m[0]) ?? 0) + 1);
  const common = (f: string): boolean => (lowerFreq.get(f) ?? 0) >= 2 || (f.length > 4 && (lowerFreq.get(f.replace(/s$/, '')) ?? 0) >= 2);
  const work: DocWork[] = docs.map((doc) => {
    const text = doc.source.text;
    const skip = furnitureSpans(doc);
    const { candidates } = findCandidates(text, skip, common);
    return { doc, text, skip, cands: candidates };
  });

  // ---- collection knowledge from the first pass
  // a word written after `in`, `at`, `near` or `camp` somewhere in the collection is a place there:
  // weak person cues (`Auschwitz had to be evacuated`) yield to it unless a strong cue names a person
  const locative = new Set<string>();
  for (const doc of docs) for (const m of doc.source.text.matchAll(/(?<![\p{L}])(?:in|at|near|camp|KL|of camp)\s+(\p{Lu}[\p{L}\-]+)/gu)) locative.add(fold(m[1]!));
  // a word the collection writes before a geographic head (`Tasman Sea`, `Huon Peninsula`) is no person for the lexical cue
  const featureWords = new Set<string>();
  for (const doc of docs) for (const m of doc.source.text.matchAll(/(?<![\p{L}])(\p{Lu}[\p{L}\-]+)\s+(?:Sea|Ocean|Islands?|Strait|River|Bay|Peninsula|Gulf|Desert|Mountains|Range|Valley|Lake|Coast|Basin|Plateau)(?![\p{L}])/gu)) featureWords.add(fold(m[1]!));
  const strongSurnames = new Set<string>();
  for (const w of work) for (const c of w.cands) if (c.type === 'person' && c.surname && !['person-weak', 'person-who', 'person-speech', 'person-initial-ref', 'person-possessive', 'person-lexical'].includes(c.cue)) strongSurnames.add(c.surname);
  for (const w of work) w.cands = w.cands.filter((c) => !((c.cue === 'person-weak' || c.cue === 'person-who' || c.cue === 'person-possessive' || c.cue === 'person-lexical') && c.surname && (locative.has(c.surname) || (c.cue === 'person-lexical' && featureWords.has(c.surname))) && !strongSurnames.has(c.surname)));
  const personKeys = new Map<string, number>();
  const placeKeys = new Map<string, Candidate>();
  const orgForms = new Map<string, number>();
  for (const w of work) {
    for (const c of resolveOverlaps(w.cands)) {
      if (c.type === 'person' && c.surname && c.cue !== 'person-initial-ref') personKeys.set(c.surname, (personKeys.get(c.surname) ?? 0) + (c.cue === 'person-lexical' ? 0 : c.cue === 'person-weak' || c.cue === 'person-possessive' ? 0.5 : 1));
      if (c.type === 'place' && c.cue === 'place-context') placeKeys.set(fold(c.text), c);
      if (c.type === 'org' && c.cue === 'org-pattern' && c.text.split(/\s+/).length >= 2) orgForms.set(fold(c.text), (orgForms.get(fold(c.text)) ?? 0) + 1);
    }
  }
  // names an editor has reviewed are known too (unreviewed ones may be the converter's own mistakes)
  for (const e of authority.entries) {
    if (!e.reviewed) continue;
    for (const n of [e.name, ...e.variants]) {
      if (e.type === 'person') { const s = surnameOf(n); if (s) personKeys.set(s, (personKeys.get(s) ?? 0) + 1); }
      if (e.type === 'org' && n.split(/\s+/).length >= 2) orgForms.set(fold(n), (orgForms.get(fold(n)) ?? 0) + 1);
    }
  }
  // a name seen once with a weak cue only (`X who`, `X has`) is not spread over the collection; the lexical
  // cue (a name-lexicon word in mid-sentence) never spreads by itself: it adds nothing to the count
  for (const [k, v] of [...personKeys]) if (v < 1) personKeys.delete(k);
  const personIndex = new FuzzyIndex();
  for (const p of [...personKeys.keys()].sort()) personIndex.add(p);
  const placeIndex = new FuzzyIndex();
  for (const p of [...placeKeys.keys()].sort()) placeIndex.add(p);
  // multi-word organisation forms, indexed by their first word
  const orgByFirst = new Map<string, string[][]>();
  for (const form of [...orgForms.keys()].sort()) {
    const ws = form.split(' ');
    if (ws.length < 3) continue;
    let l = orgByFirst.get(ws[0]!);
    if (!l) orgByFirst.set(ws[0]!, (l = []));
    l.push(ws);
  }


  const depts = departmentFields(docs);

  // ---- second pass: consistency
  for (const w of work) {
    const extra: Candidate[] = [];
    const toks: Token[] = tokenize(w.text);
    if (depts.size) extra.push(...departmentsByField(w.text, toks, depts));
    const docSurnames = new Set(w.cands.filter((c) => c.type === 'person' && c.surname && c.cue !== 'person-initial-ref').map((c) => c.surname!));
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      if (!t.isWord || !t.cap) continue;
      const b = t.text.toLowerCase().replace(/[’'][sS]$/u, '');
      const f = fold(t.text);
      const end = /[’'][sS]$/u.test(t.text) ? t.end - 2 : t.end;
      if (f.length >= 2 && !NON_NAME.has(b) && !CALENDAR.has(b) && !TITLES.has(b) && !DEMONYMS.has(b)) {
        const sentenceStart = t.lineStart || ['.', '!', '?', ':'].includes(toks[k - 1]?.text ?? '');
        const gz = gazetteer().byName.get(f);
        let key: string | undefined;
        if (common(f) || NOT_PERSON.has(f) || isPeopleWord(f)) key = undefined;
        else if (personKeys.has(f)) key = f;
        else if (f.length >= 5 && !gz && !COMMON_WORDS.has(f)) key = personIndex.find(f);
        if (key && !(sentenceStart && COMMON_WORDS.has(f))) {
          // a strong place name the collection gives a title or signature and never a locative (`Lord Halifax`) is the person
          const personFirst = !gz?.strong || (strongSurnames.has(key) && !locative.has(key));
          extra.push({ type: 'person', start: t.start, end, cue: 'person-known', weight: personFirst ? 3.6 : 3.2, surname: key, text: w.text.slice(t.start, end) });
        }
        const pk = placeKeys.get(f) ?? (f.length >= 6 && !gz && !common(f) ? placeKeys.get(placeIndex.find(f) ?? '') : undefined);
        if (pk && !key) extra.push({ ...pk, start: t.start, end, cue: 'place-known', weight: 2.5, text: w.text.slice(t.start, end) });
      }
      // `Y. refrained`, `Y's supposition`: an initial standing for a person of this document
      if (/^\p{Lu}(?:[’']s)?$/u.test(t.text) && !/^[AI]/.test(t.text)) {
        const letter = t.text[0]!.toLowerCase();
        const n1 = toks[k + 1];
        const n2 = toks[k + 2];
        const possessive = t.text.length > 1;
        const stopThenLower = n1?.text === '.' && n1.start === t.end && n2 && !n2.cap && n2.isWord && n2.line === n1.line;
        const prevIsInitial = toks[k - 1]?.text === '.' && /^\p{Lu}$/u.test(toks[k - 2]?.text ?? '');
        if ((possessive || stopThenLower) && !prevIsInitial && [...docSurnames].some((s) => s.startsWith(letter))) {
          extra.push({ type: 'person', start: t.start, end: t.start + 1, cue: 'person-initial-ref', weight: 4, surname: letter, text: t.text[0]! });
        }
      }
    }
    // `the League` after `League of Nations`: the conventional short form of a named body
    const leagues = w.cands.filter((c) => c.type === 'org' && /^League of /i.test(c.text));
    if (leagues.length) {
      for (const m of w.text.matchAll(/(?<![\p{L}])League(?=[’']s|[^\p{L}])(?! of )/gu)) {
        extra.push({ type: 'org', start: m.index!, end: m.index! + 6, cue: 'org-known', weight: 3, text: 'League' });
      }
    }
    // organisations met elsewhere in the collection, in any case (`security police`)
    const words = toks.filter((t) => t.isWord);
    for (let q = 0; q < words.length; q++) {
      const forms = orgByFirst.get(fold(words[q]!.text));
      if (!forms) continue;
      for (const ws of forms) {
        let ok = q + ws.length <= words.length;
        for (let r = 1; ok && r < ws.length; r++) if (fold(words[q + r]!.text) !== ws[r]) ok = false;
        if (!ok) continue;
        const a = words[q]!.start;
        const z = words[q + ws.length - 1]!.end;
        extra.push({ type: 'org', start: a, end: z, cue: 'org-known', weight: 4, text: w.text.slice(a, z) });
      }
    }
    const inSkip = overlapsAny(w.skip);
    w.cands = resolveOverlaps([...w.cands, ...extra].filter((c) => !inSkip(c)))
      .filter((c) => !rejected.has(`${c.type}|${fold(c.text)}`));
  }

  // ---- linking
  const linked = link(work, authority);
  const mentions = new Map<string, EntityMention[]>();
  for (const w of work) {
    const units = textUnits(w.doc);
    mentions.set(w.doc.source.name, (linked.byDoc.get(w) ?? []).map((m) => clip(m, units, w.text)).filter((m): m is EntityMention => !!m));
  }
  void positionOf;
  return { value: { mentions, authority: linked.authority, review: linked.review }, diagnostics };
}

/**
 * Fields of government offices named in the collection (`Minister for Immigration`, `Department of
 * Trade and Customs`), as folded word lists: the field alone then names the department.
 */
function departmentFields(docs: DocumentModel[]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const seen = new Set<string>();
  // how often each word is a field (`Minister for X`) and how often a place (`in X`, `to X`): `Sarawak` is mostly a place
  const asField = new Map<string, number>();
  const asPlace = new Map<string, number>();
  for (const doc of docs) {
    for (const m of doc.source.text.matchAll(/(?<![\p{L}])(?:in|at|near|from|to|of|for)[ \t]+(\p{Lu}[\p{L}\-]+)/gu)) {
      const w = m[1]!.toLowerCase();
      const office = /(?:Minister|Department|Dept\.?|Ministry)[ \t]+$/u.test(doc.source.text.slice(Math.max(0, m.index! - 12), m.index!));
      const map = office ? asField : /^(?:of|for)/.test(m[0]) ? undefined : asPlace;
      if (map) map.set(w, (map.get(w) ?? 0) + 1);
    }
  }
  const notPlace = (w: string): boolean => (asPlace.get(w) ?? 0) <= (asField.get(w) ?? 0);
  const re = /(?<![\p{L}])(?:Minister|Department|Dept\.?|Ministry)\s+(?:for|of)\s+(?:the\s+)?(\p{Lu}[\p{L}\-]+(?:[ \t]+(?:(?:and|&)[ \t]+)?\p{Lu}[\p{L}\-]+){0,3})/gu;
  for (const doc of docs) {
    for (const m of doc.source.text.matchAll(re)) {
      const ws: string[] = [];
      for (const word of m[1]!.split(/[ \t]+/)) {
        const b = word === '&' ? 'and' : word.toLowerCase();
        if (TITLES.has(b) || CALENDAR.has(b) || (NON_NAME.has(b) && b !== 'and') || /^\p{Lu}+$/u.test(word)) break;
        ws.push(b);
      }
      while (ws.length && ws[ws.length - 1] === 'and') ws.pop();
      if (!ws.length) continue;
      const key = ws.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      // a place (`Minister for Australia`), an institution word (`Department of State`, `Ministry of the Army`) is no field
      if (gazetteer().byName.has(key) || (ws.length === 1 && (NOT_PERSON.has(key) || ORG_HEADS.has(key) || GENERIC_HEADS.has(key) || NON_NAME.has(key) || key.length < 4))) continue;
      // a field is never a place or people (`Sarawak`, written after `in` somewhere in the collection; `Indonesian`)
      if (ws.some((x) => x !== 'and' && (DEMONYMS.has(x) || isPeopleWord(x) || gazetteer().byName.has(x) || !notPlace(x)))) continue;
      let l = out.get(ws[0]!);
      if (!l) out.set(ws[0]!, (l = []));
      l.push(ws);
    }
  }
  for (const l of out.values()) l.sort((a, b) => b.length - a.length);
  return out;
}

/**
 * A department named by its field alone (`persuade Immigration to`, `notably Trade and Customs`):
 * capitalised in mid-sentence, or acting at the start of one (`Immigration has adopted`), and not
 * itself part of a longer name or of the office it was read from.
 */
function departmentsByField(text: string, toks: Token[], depts: Map<string, string[][]>): Candidate[] {
  const out: Candidate[] = [];
  let lastEnd = -1;
  const word = (x: Token | undefined): string => (!x ? '' : x.text === '&' ? 'and' : x.isWord ? x.text.toLowerCase() : '');
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (!t.isWord || !t.cap || t.allCaps) continue;
    const forms = depts.get(t.text.toLowerCase());
    if (!forms) continue;
    for (const ws of forms) {
      let j = k;
      let ok = true;
      for (const w of ws) {
        const x = toks[j];
        if (!x || word(x) !== w || (w !== 'and' && !x.cap) || x.line !== t.line) { ok = false; break; }
        j++;
      }
      if (!ok) continue;
      const prev = toks[k - 1];
      const next = toks[j];
      const pb = prev ? prev.text.toLowerCase() : '';
      if (['of', 'for', 'the', 'a', 'an', 'minister', 'ministers', 'department', 'dept', 'ministry', 'secretary'].includes(pb)) break;
      if (prev?.text === '.' && ['dept', 'ministry'].includes((toks[k - 2]?.text ?? '').toLowerCase())) break;
      if (next && next.isWord && next.cap && next.line === t.line) break;
      if (next?.text === "'" || next?.text === '’') break;
      // after a stop, a bullet, a number or a bracket the capital proves nothing
      const sentenceStart = t.lineStart || !prev || (!prev.isWord && ![',', ';', '/', '&'].includes(prev.text));
      if (prev && prev.isWord && prev.cap && !sentenceStart) break;
      // the end of another capitalised name (`General Agreement on Tariffs and Trade`)
      if (['and', 'on', 'in'].includes(word(prev)) && toks[k - 2]?.cap && toks[k - 2]!.end !== lastEnd) break;
      // … or the start of one (`Treaty of Friendship, Commerce and Navigation`, `'Trade and Tariff Talks'`)
      if (word(next) === 'and' && toks[j + 1]?.cap && toks[j + 1]!.line === t.line && !depts.has(toks[j + 1]!.text.toLowerCase())) break;
      if (prev && /^['‘"“]$/.test(prev.text)) break;
      const acts = !!next && next.isWord && next.text !== 'was' && (ACTION_AUXILIARIES.has(next.text) || SPEECH_VERBS.has(next.text));
      if (sentenceStart && !acts) break;
      const end = /[’'][sS]$/u.test(toks[j - 1]!.text) ? toks[j - 1]!.end - 2 : toks[j - 1]!.end;
      out.push({ type: 'org', start: t.start, end, cue: 'org-known', weight: 3.7, text: text.slice(t.start, end), orgName: `Department of ${ws.join(' ')}` });
      lastEnd = toks[j - 1]!.end;
      k = j - 1;
      break;
    }
  }
  return out;
}

/** Folded surname of a personal name as written (`M. M. Litvinov` → `litvinov`, `Veith, Jean` → `veith`). */
export function surnameOf(name: string): string | undefined {
  const inverted = /^([^,]+),\s*(.+)$/.exec(name);
  const base = inverted ? inverted[1]! : name;
  const words = base.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w) && !/^\p{Lu}\.$/u.test(w));
  const last = words[words.length - 1];
  return last ? fold(last) : undefined;
}

/** Word bag of an organisation name for matching short and long forms (`Labour Office` ⊂ `International Labour Office`). */
function orgBag(name: string): string[] {
  const f = fold(name)
    .replace(/\b([a-z]) (?=[a-z]\b)/g, '$1')
    .split(' ')
    .filter((w) => w && !['of', 'the', 'and', 'for', 'in', 'on', 'city', 's'].includes(w))
    .map((w) => ORG_WORD_FORMS[w] ?? w.replace(/ization$/, 'isation'));
  // word order does not matter: `External Affairs Department` = `Department of External Affairs`
  return [...new Set(f)].sort();
}

/** Abbreviations and spellings of organisation words, so that `External Affairs Dept` = `External Affairs Department`. */
const ORG_WORD_FORMS: Record<string, string> = { dept: 'department', depts: 'departments', govt: 'government', min: 'ministry', cttee: 'committee', ctee: 'committee', assn: 'association', corp: 'corporation', co: 'company', labor: 'labour', defense: 'defence', organisation: 'organisation' };

function subsetOf(a: string[], b: string[]): boolean {
  const sb = new Set(b);
  return a.every((x) => sb.has(x));
}

interface Mention { w: DocWork; c: Candidate; key: string }

interface Cluster {
  type: EntityType;
  key: string;
  mentions: Mention[];
  /** Normalised display name. */
  name: string;
  id?: string;
  placeId?: string;
  geonames?: string;
}

/**
 * Narrow several authority entries that a cluster's forms all match to the one that is plainly
 * its own: the entry with the id this cluster would be given, else the entry whose main name is
 * the cluster's name, else the entry that matches the most
 * of its forms. A tie stays ambiguous (several entries returned). This keeps a second run over the
 * same sources linking to the entries the first run created, instead of adding duplicates when a
 * short variant (`League`) is shared by several entries.
 */
function bestMatches(match: AuthorityEntry[], name: string, formKeys: Set<string>, ownId: string): AuthorityEntry[] {
  const byId = match.filter((e) => e.id === ownId);
  if (byId.length === 1) return byId;
  const own = match.filter((e) => fold(e.name) === fold(name));
  if (own.length === 1) return own;
  const pool = own.length > 1 ? own : match;
  const score = (e: AuthorityEntry): number => [e.name, ...e.variants].filter((n) => formKeys.has(fold(n))).length;
  const best = Math.max(...pool.map(score));
  const top = pool.filter((e) => score(e) === best);
  return top.length === 1 ? top : pool;
}

function linkContext(m: Mention): string {
  const p = positionOf(m.w.text, m.c.start);
  return `${m.w.doc.source.path}:${p.line}:${p.column}`;
}

/** Most frequent surface form, title case preferred over all caps, then the longest. */
function canonical(forms: string[]): string {
  const counts = new Map<string, number>();
  for (const f of forms) counts.set(f, (counts.get(f) ?? 0) + (f === f.toUpperCase() ? 0.5 : 1));
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
}

function link(work: DocWork[], authority: Authority): { byDoc: Map<DocWork, EntityMention[]>; authority: Authority; review: ReviewItem[] } {
  const clusters = new Map<string, Cluster>();
  const getCluster = (type: EntityType, key: string): Cluster => {
    const k = `${type}|${key}`;
    let c = clusters.get(k);
    if (!c) { c = { type, key, mentions: [], name: '' }; clusters.set(k, c); }
    return c;
  };

  // persons: surname keys merged when OCR-similar; split by given-name initial when two differ
  const surnames = new Map<string, number>();
  for (const w of work) for (const c of w.cands) if (c.type === 'person' && c.cue !== 'person-initial-ref' && c.surname) surnames.set(c.surname, (surnames.get(c.surname) ?? 0) + 1);
  const sorted = [...surnames.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const rep = new Map<string, string>();
  const repIndex = new FuzzyIndex();
  for (const [s] of sorted) {
    const target = repIndex.find(s);
    if (target) { rep.set(s, rep.get(target) ?? target); continue; }
    rep.set(s, s);
    repIndex.add(s);
  }
  const givenBySurname = new Map<string, Set<string>>();
  for (const w of work) for (const c of w.cands) {
    if (c.type !== 'person' || !c.surname || c.cue === 'person-initial-ref') continue;
    const r = rep.get(c.surname) ?? c.surname;
    if (c.given) { let s = givenBySurname.get(r); if (!s) givenBySurname.set(r, (s = new Set())); s.add(c.given); }
  }

  const byDoc = new Map<DocWork, Mention[]>();
  for (const w of work) {
    const list: Mention[] = [];
    const lastGiven = new Map<string, string>();
    const recent: { surname: string; key: string }[] = [];
    for (const c of w.cands) {
      let key: string;
      if (c.type === 'person') {
        if (c.cue === 'person-initial-ref') {
          const hit = [...recent].reverse().find((r) => r.surname.startsWith(c.surname ?? '?'))
            ?? w.cands.filter((x) => x.type === 'person' && x.cue !== 'person-initial-ref' && x.surname?.startsWith(c.surname ?? '?')).map((x) => ({ surname: x.surname!, key: rep.get(x.surname!) ?? x.surname! })).find(() => true);
          if (!hit) continue;
          key = hit.key;
        } else {
          const r = rep.get(c.surname ?? fold(c.text)) ?? fold(c.text);
          const givens = givenBySurname.get(r);
          if (givens && givens.size > 1) {
            const g = c.given ?? lastGiven.get(r) ?? [...givens].sort()[0]!;
            lastGiven.set(r, g);
            key = `${r}|${g}`;
          } else key = r;
          recent.push({ surname: c.surname ?? r, key });
        }
      } else if (c.type === 'place') {
        key = c.place?.id ?? fold(c.text);
      } else {
        key = orgBag(c.orgName ?? c.text).join(' ');
      }
      list.push({ w, c, key });
    }
    byDoc.set(w, list);
  }

  // places: unknown names linked to OCR-similar gazetteer names of the collection
  const placeIds = new Set<string>();
  for (const ms of byDoc.values()) for (const m of ms) if (m.c.type === 'place' && m.c.place) placeIds.add(m.key);
  const unknownPlaces = new Map<string, string>();
  const placeIdIndex = new FuzzyIndex();
  for (const p of [...placeIds].sort()) placeIdIndex.add(p.replace(/-/g, ' '));
  const unknownIndex = new FuzzyIndex();
  for (const ms of byDoc.values()) for (const m of ms) {
    if (m.c.type !== 'place' || m.c.place) continue;
    const f = m.key;
    if (unknownPlaces.has(f)) { m.key = unknownPlaces.get(f)!; continue; }
    const t1 = placeIdIndex.find(f);
    const target = t1 ? [...placeIds].find((p) => p.replace(/-/g, ' ') === t1) : unknownIndex.find(f);
    const k = target ?? f;
    unknownIndex.add(k);
    unknownPlaces.set(f, k);
    m.key = k;
  }

  // organisations: a short form inside a longer one of the same document, or a 3+ word subset in the collection
  for (const ms of byDoc.values()) {
    const orgs = ms.filter((m) => m.c.type === 'org');
    const count = new Map<string, number>();
    for (const m of orgs) count.set(m.key, (count.get(m.key) ?? 0) + 1);
    for (const m of orgs) {
      const bag = m.key.split(' ');
      // a short form names the longer body when the longer one is a head with an of/for phrase
      // (`the League` / `League of Nations`) or is written at least as often (`Labour Office` /
      // `International Labour Office`); a more frequent short form is a body of its own
      // (`Hitler Youth` beside `Junior Hitler Youth`)
      if (/\b(of|for)\b/i.test(m.c.text)) continue; // `League of Nations` is a full name, not a short form of `Council of the League of Nations`
      // a body named in the other's of-phrase is not its short form (`United Nations` / `Security Council of the United Nations`)
      const longer = orgs.filter((o) => o !== m && o.key.split(' ').length > bag.length && subsetOf(bag, o.key.split(' '))
        && (/\b(of|for)\b/i.test(o.c.text) || (count.get(o.key) ?? 0) >= (count.get(m.key) ?? 0))
        && !subsetOf(bag, orgBag(o.c.text.split(/\b(?:of|for)\b/i).slice(1).join(' '))));
      if (longer.length) m.key = longer.sort((a, b) => a.key.split(' ').length - b.key.split(' ').length || (a.key < b.key ? -1 : 1))[0]!.key;
    }
  }
  const orgKeys = new Map<string, number>();
  for (const ms of byDoc.values()) for (const m of ms) if (m.c.type === 'org') orgKeys.set(m.key, (orgKeys.get(m.key) ?? 0) + 1);
  const orgRep = new Map<string, string>();
  const orgSorted = [...orgKeys.keys()].sort((a, b) => b.split(' ').length - a.split(' ').length || (orgKeys.get(b)! - orgKeys.get(a)!) || (a < b ? -1 : 1));
  for (const k of orgSorted) {
    const bag = k.split(' ');
    const target = bag.length >= 3 ? orgSorted.find((o) => o !== k && orgRep.get(o) === o && o.split(' ').length >= bag.length && subsetOf(bag, o.split(' '))) : undefined;
    orgRep.set(k, target ?? k);
  }
  for (const ms of byDoc.values()) for (const m of ms) if (m.c.type === 'org') m.key = orgRep.get(m.key) ?? m.key;

  for (const ms of byDoc.values()) for (const m of ms) getCluster(m.c.type, m.key).mentions.push(m);

  // names and authority matching
  const entries = authority.entries.map((e) => ({ ...e, variants: [...e.variants], idnos: [...e.idnos] }));
  const usedIds = new Set(entries.map((e) => e.id));
  const review: ReviewItem[] = [];
  const original: Record<EntityType, AuthorityEntry[]> = { person: [], place: [], org: [] };
  for (const e of entries) original[e.type].push(e);
  const byType = (t: EntityType): AuthorityEntry[] => original[t];
  const keyOf = (c: Cluster): string => c.key;
  for (const cl of [...clusters.values()].sort((a, b) => (a.type + a.key < b.type + b.key ? -1 : 1))) {
    const forms = cl.mentions.filter((m) => m.c.cue !== 'person-initial-ref').map((m) => m.c.text.replace(/\s+/g, ' '));
    if (cl.type === 'person') {
      // the surname most often written (title case preferred), then the fullest form with that surname
      const lastOf = (f: string): string => (/,/.test(f) ? f.split(',')[0]! : f).trim().split(/\s+/).pop() ?? f;
      const sur = canonical(forms.map(lastOf).map((x) => (x === x.toUpperCase() && x.length > 1 ? x[0] + x.slice(1).toLowerCase() : x)));
      const full = forms.filter((f) => f.split(' ').length > 1 && fold(lastOf(f)) === fold(sur));
      cl.name = canonical(full.length ? full : [sur]) || keyOf(cl);
    } else if (cl.type === 'place') {
      const e = cl.mentions.find((m) => m.c.place)?.c.place;
      cl.name = e?.name ?? canonical(forms);
      if (e?.geonames) cl.geonames = e.geonames;
    } else {
      // the longest forms (computed once: a department's cluster holds thousands of mentions)
      let most = 0;
      for (const f of forms) most = Math.max(most, f.split(' ').length);
      cl.name = canonical(forms.filter((f) => f.split(' ').length === most));
    }
    // authority: exact name/variant match, then OCR-tolerant
    const candidates = byType(cl.type);
    const formKeys = new Set(forms.map((f) => fold(f)));
    let match = candidates.filter((e) => [e.name, ...e.variants].some((n) => formKeys.has(fold(n))) || (cl.type === 'place' && e.id === cl.key));
    let kind: ReviewItem['kind'] | undefined;
    if (!match.length && cl.type === 'person') {
      const sur = cl.key.split('|')[0]!;
      match = candidates.filter((e) => [e.name, ...e.variants].some((n) => { const s = surnameOf(n); return !!s && (s === sur || ocrSimilar(s, sur)); }));
      if (match.length) kind = 'fuzzy';
    }
    if (!match.length && cl.type === 'org') {
      const bag = cl.key.split(' ');
      match = candidates.filter((e) => [e.name, ...e.variants].some((n) => { const nb = orgBag(n); return bag.length >= 2 && nb.length >= 2 && (subsetOf(bag, nb) || subsetOf(nb, bag)); }));
      if (match.length) kind = 'fuzzy';
    }
    const contexts = cl.mentions.slice(0, 3).map(linkContext);
    if (match.length > 1) {
      const ownId = cl.type === 'place' && cl.mentions.some((m) => m.c.place) ? cl.key : slug(cl.type === 'person' ? personIdName(cl) : cl.name);
      match = bestMatches(match, cl.name, formKeys, ownId);
    }
    if (match.length === 1) {
      const e = match[0]!;
      cl.id = e.id;
      for (const f of new Set(forms)) if (fold(f) !== fold(e.name) && !e.variants.some((v) => v === f)) e.variants.push(f);
      if (kind) review.push({ kind, type: cl.type, id: e.id, name: cl.name, candidates: [e.id], contexts });
      continue;
    }
    let base = cl.type === 'place' && cl.mentions.some((m) => m.c.place) ? cl.key : slug(cl.type === 'person' ? personIdName(cl) : cl.name);
    if (usedIds.has(base)) { let n = 2; while (usedIds.has(`${base}-${n}`)) n++; base = `${base}-${n}`; }
    usedIds.add(base);
    cl.id = base;
    const variants = [...new Set(forms)].filter((f) => f !== cl.name).sort();
    const entry: AuthorityEntry = { id: base, type: cl.type, name: cl.name, variants, idnos: cl.geonames ? [{ type: 'geonames', value: cl.geonames }] : [], reviewed: false };
    entries.push(entry);
    review.push({ kind: match.length > 1 ? 'ambiguous' : 'new', type: cl.type, id: base, name: cl.name, candidates: match.map((e) => e.id), contexts });
  }

  // mentions with refs (and corr for evident OCR errors of a well-attested name)
  const out = new Map<DocWork, EntityMention[]>();
  for (const [w, ms] of byDoc) {
    const list: EntityMention[] = [];
    for (const m of ms) {
      const cl = clusters.get(`${m.c.type}|${m.key}`)!;
      const em: EntityMention = { kind: 'entity', type: m.c.type, span: { start: m.c.start, end: m.c.end }, ...(cl.id ? { ref: cl.id } : {}) };
      if (m.c.type === 'person' && m.c.surname && m.c.cue !== 'person-initial-ref') {
        const sur = cl.name.split(/[\s,]+/).filter((x) => x.length > 2).pop();
        const own = m.c.text.split(/[\s,]+/).filter((x) => x.length > 2);
        const last = own[own.length - 1];
        if (sur && last && sur.length === last.length && fold(sur) !== fold(last) && fold(sur) !== m.c.surname && surnames.get(m.c.surname) === 1 && (surnames.get(fold(sur)) ?? 0) >= 3) {
          const fixed = last === last.toUpperCase() ? sur.toUpperCase() : sur;
          em.corr = m.c.text.slice(0, m.c.text.lastIndexOf(last)) + fixed;
        }
      }
      list.push(em);
    }
    out.set(w, list);
  }
  entries.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { byDoc: out, authority: { entries }, review };
}

/** xml:id base of a person cluster: the surname, with the given name when surnames are shared. */
function personIdName(cl: Cluster): string {
  const [sur, given] = cl.key.split('|');
  const words = cl.name.replace(/,.*$/, '').split(/\s+/);
  const last = words[words.length - 1] ?? sur ?? cl.name;
  if (!given) return /,/.test(cl.name) ? cl.name.split(',')[0]! : last;
  const first = words.find((x) => x.length > 2 && x[0]?.toLowerCase() === given) ?? given;
  return `${/,/.test(cl.name) ? cl.name.split(',')[0]! : last} ${first}`;
}
