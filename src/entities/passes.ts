/**
 * The recogniser split into per-document passes and collection-level steps (TEI Guidelines 13.2
 * "Names and nyms": a name seen as a person in one document is a person in all of them), so that
 * the build can run every per-document pass in worker threads over compact inputs (text and skip
 * spans, never models) and keep only the merging of small extracts on the main thread:
 *
 * 1. `scanTexts` (per batch): what collection facts are made of (lower-case words, locatives,
 *    feature words, office fields); `CollectionScan` merges the extracts → `ScanKnowledge`.
 * 2. `firstPass` (per document): cue-based candidates, given the collection's common words.
 * 3. `collectKnowledge` (collection): weak cues filtered, known persons/places/organisations.
 * 4. `secondPass` (per document): consistency (known names, initials, departments, known bodies).
 * 5. `link` (link.ts, collection), then `clipMentions` (per document).
 *
 * `recogniseCollection` (index.ts) runs the same functions in one thread: it is the reference.
 * Pure.
 */
import type { Authority, Block, DocumentModel, EntityMention, Span } from '../model/index.js';
import { findCandidates, resolveOverlaps, type Candidate } from './recognise.js';
import { bareText, fold, foldTok, isPossessive, tokenize, FuzzyIndex, surnameOf, type Token } from './text.js';
import { gazetteer, COMMON_WORDS, isPeopleWord } from './gazetteer.js';
import { NON_NAME, CALENDAR, TITLES, DEMONYMS, NOT_PERSON, ORG_HEADS, GENERIC_HEADS, ACTION_AUXILIARIES, SPEECH_VERBS } from './cues.js';

/** What a per-document pass needs of a document: its source text and the spans of page furniture. */
export interface DocText {
  text: string;
  skip: Span[];
}

/** An office read from the text (`Minister for Immigration`): its field as folded words, and whether it passed the checks that need no collection facts. */
export interface OfficeField {
  ws: string[];
  ok: boolean;
}

/** The extract of pass 1 over a batch of texts: counts and word lists only (small to send between threads). */
export interface ScanExtract {
  /** Lower-case words written once in the batch, `\n`-joined. */
  lowerOnce: string;
  /** Lower-case words written twice or more in the batch, `\n`-joined. */
  lowerMany: string;
  /** Folded words written after `in/at/near/camp`. */
  locative: string[];
  /** Folded words written before a geographic head (`Tasman Sea`). */
  featureWords: string[];
  /** Lower-cased words after `Minister for|Department of …` / after a place preposition, with counts. */
  asField: [string, number][];
  asPlace: [string, number][];
  /** Per document of the batch, in order: the office fields it names. */
  offices: OfficeField[][];
}

/**
 * Count the words written wholly in lower case (`/(?<![\p{L}])\p{Ll}+(?![\p{L}])/gu`): runs of letters
 * all of which are lower case. Character codes for ASCII, Unicode classes for the rest (same matches).
 */
function countLowerWords(text: string, counts: Map<string, number>): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const first = letterAt(text, i);
    if (first >> 2 === 0) { i += first & 3; continue; }
    const start = i;
    let allLower = true;
    for (let x = first; x >> 2 !== 0; x = i < n ? letterAt(text, i) : 0) {
      if (x >> 2 === 2) allLower = false;
      i += x & 3;
    }
    if (allLower) {
      const word = text.slice(start, i);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
}

/** The code point at i as (kind << 2) | width: kind 0 no letter, 1 lower-case letter, 2 other letter; width in UTF-16 units. */
function letterAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ((c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : 0) << 2) | 1;
  const cp = text.codePointAt(i)!;
  const ch = String.fromCodePoint(cp);
  return ((LOWER_LETTER.test(ch) ? 1 : ANY_LETTER.test(ch) ? 2 : 0) << 2) | (cp > 0xffff ? 2 : 1);
}
const LOWER_LETTER = /^\p{Ll}$/u;
const ANY_LETTER = /^\p{L}$/u;
const LOCATIVE_WORD = /(?<![\p{L}])(?:in|at|near|camp|KL|of camp)\s+(\p{Lu}[\p{L}\-]+)/gu;
const FEATURE_WORD = /(?<![\p{L}])(\p{Lu}[\p{L}\-]+)\s+(?:Sea|Ocean|Islands?|Strait|River|Bay|Peninsula|Gulf|Desert|Mountains|Range|Valley|Lake|Coast|Basin|Plateau)(?![\p{L}])/gu;
const PLACE_PREP_WORD = /(?<![\p{L}])(?:in|at|near|from|to|of|for)[ \t]+(\p{Lu}[\p{L}\-]+)/gu;
const OFFICE_FIELD = /(?<![\p{L}])(?:Minister|Department|Dept\.?|Ministry)\s+(?:for|of)\s+(?:the\s+)?(\p{Lu}[\p{L}\-]+(?:[ \t]+(?:(?:and|&)[ \t]+)?\p{Lu}[\p{L}\-]+){0,3})/gu;

/**
 * Pass 1 over a batch of texts: the raw material of collection knowledge (words the collection
 * writes in lower case, locatives, feature words, office fields), none of which depends on
 * another document, so that batches can be scanned in parallel and merged by {@link CollectionScan}.
 */
export function scanTexts(texts: readonly string[]): ScanExtract {
  const lower = new Map<string, number>();
  const locative = new Set<string>();
  const featureWords = new Set<string>();
  const asField = new Map<string, number>();
  const asPlace = new Map<string, number>();
  const offices: OfficeField[][] = [];
  for (const text of texts) {
    countLowerWords(text, lower);
    for (const m of text.matchAll(LOCATIVE_WORD)) locative.add(fold(m[1]!));
    for (const m of text.matchAll(FEATURE_WORD)) featureWords.add(fold(m[1]!));
    for (const m of text.matchAll(PLACE_PREP_WORD)) {
      const w = m[1]!.toLowerCase();
      const office = /(?:Minister|Department|Dept\.?|Ministry)[ \t]+$/u.test(text.slice(Math.max(0, m.index! - 12), m.index!));
      const map = office ? asField : /^(?:of|for)/.test(m[0]) ? undefined : asPlace;
      if (map) map.set(w, (map.get(w) ?? 0) + 1);
    }
    const docOffices: OfficeField[] = [];
    const seen = new Set<string>();
    for (const m of text.matchAll(OFFICE_FIELD)) {
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
      // a place (`Minister for Australia`), an institution word (`Department of State`, `Ministry of the Army`) is no field;
      // a field is never a place or people (`Indonesian`)
      const ok = !(gazetteer().byName.has(key) || (ws.length === 1 && (NOT_PERSON.has(key) || ORG_HEADS.has(key) || GENERIC_HEADS.has(key) || NON_NAME.has(key) || key.length < 4)))
        && !ws.some((x) => x !== 'and' && (DEMONYMS.has(x) || isPeopleWord(x) || gazetteer().byName.has(x)));
      docOffices.push({ ws, ok });
    }
    offices.push(docOffices);
  }
  const once: string[] = [];
  const many: string[] = [];
  for (const [w, n] of lower) (n >= 2 ? many : once).push(w);
  return { lowerOnce: once.join('\n'), lowerMany: many.join('\n'), locative: [...locative], featureWords: [...featureWords], asField: [...asField], asPlace: [...asPlace], offices };
}

/** Collection facts from pass 1: what the per-document passes and the knowledge step consult. */
export interface ScanKnowledge {
  /** Words the collection writes in lower case at least twice: common words, not names (`officer`, `following`). */
  common: ReadonlySet<string>;
  locative: ReadonlySet<string>;
  featureWords: ReadonlySet<string>;
  /** Office fields by first word, longest first: the field alone names the department. */
  depts: Map<string, string[][]>;
}

/** "Is this folded word one the collection writes in lower case?" (also its singular for longer words). */
export function commonTest(common: ReadonlySet<string>): (f: string) => boolean {
  return (f) => common.has(f) || (f.length > 4 && common.has(f.replace(/s$/, '')));
}

/** Merges the {@link ScanExtract}s of a collection's batches (in any arrival order) into {@link ScanKnowledge}. */
export class CollectionScan {
  private readonly many = new Set<string>();
  private readonly once = new Set<string>();
  private readonly locative = new Set<string>();
  private readonly featureWords = new Set<string>();
  private readonly asField = new Map<string, number>();
  private readonly asPlace = new Map<string, number>();
  private readonly offices: OfficeField[][][] = [];

  /** Add the extract of the batch at position `index` of the collection's batches. */
  add(index: number, x: ScanExtract): void {
    if (x.lowerMany) for (const w of x.lowerMany.split('\n')) this.many.add(w);
    if (x.lowerOnce) {
      for (const w of x.lowerOnce.split('\n')) {
        if (this.once.has(w)) this.many.add(w);
        else this.once.add(w);
      }
    }
    for (const w of x.locative) this.locative.add(w);
    for (const w of x.featureWords) this.featureWords.add(w);
    for (const [w, n] of x.asField) this.asField.set(w, (this.asField.get(w) ?? 0) + n);
    for (const [w, n] of x.asPlace) this.asPlace.set(w, (this.asPlace.get(w) ?? 0) + n);
    this.offices[index] = x.offices;
  }

  /** The collection's facts; offices are taken in document order, so the result does not depend on arrival order. */
  finish(): ScanKnowledge {
    const out = new Map<string, string[][]>();
    const seen = new Set<string>();
    // how often each word is a field (`Minister for X`) and how often a place (`in X`, `to X`): `Sarawak` is mostly a place
    const notPlace = (w: string): boolean => (this.asPlace.get(w) ?? 0) <= (this.asField.get(w) ?? 0);
    for (const batch of this.offices) {
      for (const doc of batch ?? []) {
        for (const { ws, ok } of doc) {
          const key = ws.join(' ');
          if (seen.has(key)) continue;
          seen.add(key);
          // a field is never a word written after `in` somewhere in the collection more often than as a field (`Sarawak`)
          if (!ok || ws.some((x) => x !== 'and' && !notPlace(x))) continue;
          let l = out.get(ws[0]!);
          if (!l) out.set(ws[0]!, (l = []));
          l.push(ws);
        }
      }
    }
    for (const l of out.values()) l.sort((a, b) => b.length - a.length);
    return { common: this.many, locative: this.locative, featureWords: this.featureWords, depts: out };
  }
}

/** Pass 2 (per document): cue-based candidates, which depend on the collection only through its common words. */
export function firstPass(doc: DocText, common: (f: string) => boolean): Candidate[] {
  return findCandidates(doc.text, doc.skip, common).candidates;
}

const WEAK_CUES = new Set(['person-weak', 'person-who', 'person-speech', 'person-initial-ref', 'person-possessive', 'person-lexical']);

/** Collection knowledge for the consistency pass, as plain data (sent to worker threads as one JSON string). */
export interface Knowledge {
  /** Folded surnames of persons (sorted). */
  personKeys: string[];
  /** Folded place names found by a locative context → their candidate. */
  placeKeys: [string, Candidate][];
  /** Folded organisation names of 3+ words (sorted). */
  orgForms: string[];
  /** Surnames given a strong person cue somewhere. */
  strongSurnames: string[];
  /** `type|folded name` an editor rejected. */
  rejected: string[];
  /** Office fields by first word (from {@link ScanKnowledge}). */
  depts: [string, string[][]][];
}

/** Collection facts a weak person cue yields to (from {@link ScanKnowledge}): locatives and feature words. */
export interface YieldFacts {
  locative: ReadonlySet<string>;
  featureWords: ReadonlySet<string>;
}

/** A weak person cue on a word the collection writes after a locative (`Auschwitz had to be evacuated`) or before a geographic head (lexical cue): it yields unless a strong cue names the surname. */
function yields(c: Candidate, facts: YieldFacts): boolean {
  return (c.cue === 'person-weak' || c.cue === 'person-who' || c.cue === 'person-possessive' || c.cue === 'person-lexical') && !!c.surname
    && (facts.locative.has(c.surname) || (c.cue === 'person-lexical' && facts.featureWords.has(c.surname)));
}

/** A document's first-pass candidates without the weak person cues that yield to a place (see {@link yields}); the same array when none does. */
export function withoutYielding(cs: Candidate[], facts: YieldFacts, strongSurnames: ReadonlySet<string>): Candidate[] {
  return cs.some((c) => yields(c, facts)) ? cs.filter((c) => !(yields(c, facts) && !strongSurnames.has(c.surname!))) : cs;
}

/** Surnames given a strong person cue in a document (a weak cue there never spreads). */
function strongOf(cs: Candidate[], into: Set<string>): void {
  for (const c of cs) if (c.type === 'person' && c.surname && !WEAK_CUES.has(c.cue)) into.add(c.surname);
}

/** What known names a document's filtered candidates contribute: person surname weights, places found by context, organisation forms. */
class KnownNames {
  readonly personKeys = new Map<string, number>();
  readonly placeKeys = new Map<string, Candidate>();
  readonly orgForms = new Set<string>();

  add(filtered: Candidate[]): void {
    for (const c of resolveOverlaps(filtered)) {
      if (c.type === 'person' && c.surname && c.cue !== 'person-initial-ref') this.personKeys.set(c.surname, (this.personKeys.get(c.surname) ?? 0) + (c.cue === 'person-lexical' ? 0 : c.cue === 'person-weak' || c.cue === 'person-possessive' ? 0.5 : 1));
      if (c.type === 'place' && c.cue === 'place-context') this.placeKeys.set(fold(c.text), c);
      if (c.type === 'org' && c.cue === 'org-pattern' && c.text.split(/\s+/).length >= 2) this.orgForms.add(fold(c.text));
    }
  }

  merge(x: { personKeys: [string, number][]; placeKeys: [string, Candidate][]; orgForms: string[] }): void {
    for (const [k, v] of x.personKeys) this.personKeys.set(k, (this.personKeys.get(k) ?? 0) + v);
    for (const [k, c] of x.placeKeys) this.placeKeys.set(k, c);
    for (const f of x.orgForms) this.orgForms.add(f);
  }
}

/**
 * The first pass over a batch as the build's workers run it: every document's candidates (as one JSON
 * string, which the main thread only hands back to the second pass) and the batch's share of the
 * collection knowledge, gathered where it does not depend on other batches, so that the main thread
 * merges small tables instead of cloning and resolving every candidate of the collection.
 */
export interface FirstExtract {
  /** `Candidate[][]` of the batch's documents as JSON. */
  cands: string;
  /** Surnames given a strong person cue in the batch. */
  strong: string[];
  /** Known names of the batch's documents that hold no yielding weak cue (see {@link withoutYielding}). */
  personKeys: [string, number][];
  placeKeys: [string, Candidate][];
  orgForms: string[];
  /** Documents (position in the batch, candidates) holding a yielding weak cue: whether it yields depends on the whole collection. */
  pending: [number, Candidate[]][];
}

/** Pass 2 over a batch with its share of the collection knowledge (see {@link FirstExtract}). */
export function firstPassBatch(docs: readonly DocText[], common: (f: string) => boolean, facts: YieldFacts): FirstExtract {
  const all = docs.map((d) => firstPass(d, common));
  const strong = new Set<string>();
  const known = new KnownNames();
  const pending: [number, Candidate[]][] = [];
  all.forEach((cs, i) => {
    strongOf(cs, strong);
    if (cs.some((c) => yields(c, facts))) pending.push([i, cs]);
    else known.add(cs);
  });
  return { cands: JSON.stringify(all), strong: [...strong], personKeys: [...known.personKeys], placeKeys: [...known.placeKeys], orgForms: [...known.orgForms], pending };
}

/**
 * Step 3 (collection) from the batches' {@link FirstExtract}s (in batch order): the documents whose
 * weak cues may yield are filtered against the whole collection's strong surnames, then the known
 * persons, places and organisations (and the authority's reviewed names) are gathered.
 */
export function knowledgeOfBatches(extracts: readonly FirstExtract[], scan: ScanKnowledge, authority: Authority, rejected: { type: string; name: string }[] = []): Knowledge {
  const strongSurnames = new Set<string>();
  for (const x of extracts) for (const s of x.strong) strongSurnames.add(s);
  const known = new KnownNames();
  for (const x of extracts) {
    known.merge(x);
    for (const [, cs] of x.pending) known.add(withoutYielding(cs, scan, strongSurnames));
  }
  return knowledgeOf(known, strongSurnames, scan, authority, rejected);
}

/**
 * Step 3 (collection): drop weak person cues that yield to a place the collection writes after a
 * locative, then gather known persons, places and organisations (and the authority's reviewed
 * names). Returns the filtered candidates (same order) and the knowledge for {@link secondPass}.
 */
export function collectKnowledge(cands: Candidate[][], scan: ScanKnowledge, authority: Authority, rejected: { type: string; name: string }[] = []): { cands: Candidate[][]; knowledge: Knowledge } {
  // a word written after `in`, `at`, `near` or `camp` somewhere in the collection is a place there:
  // weak person cues (`Auschwitz had to be evacuated`) yield to it unless a strong cue names a person
  const strongSurnames = new Set<string>();
  for (const cs of cands) strongOf(cs, strongSurnames);
  const filtered = cands.map((cs) => withoutYielding(cs, scan, strongSurnames));
  const known = new KnownNames();
  for (const cs of filtered) known.add(cs);
  return { cands: filtered, knowledge: knowledgeOf(known, strongSurnames, scan, authority, rejected) };
}

/** The {@link Knowledge} of a collection's known names, with the authority's reviewed names added. */
function knowledgeOf(known: KnownNames, strongSurnames: Set<string>, scan: ScanKnowledge, authority: Authority, rejected: { type: string; name: string }[]): Knowledge {
  const { personKeys, placeKeys } = known;
  const orgForms = new Set(known.orgForms);
  // names an editor has reviewed are known too (unreviewed ones may be the converter's own mistakes)
  for (const e of authority.entries) {
    if (!e.reviewed) continue;
    for (const n of [e.name, ...e.variants]) {
      if (e.type === 'person') { const s = surnameOf(n); if (s) personKeys.set(s, (personKeys.get(s) ?? 0) + 1); }
      if (e.type === 'org' && n.split(/\s+/).length >= 2) orgForms.add(fold(n));
    }
  }
  // a name seen once with a weak cue only (`X who`, `X has`) is not spread over the collection; the lexical
  // cue (a name-lexicon word in mid-sentence) never spreads by itself: it adds nothing to the count
  return {
    personKeys: [...personKeys].filter(([, v]) => v >= 1).map(([k]) => k).sort(),
    placeKeys: [...placeKeys],
    orgForms: [...orgForms].sort().filter((f) => f.split(' ').length >= 3),
    strongSurnames: [...strongSurnames],
    rejected: [...new Set(rejected.map((r) => `${r.type}|${fold(r.name)}`))],
    depts: [...scan.depts],
  };
}

/** {@link Knowledge} ready for look-ups (sets, OCR indexes); built once per worker and run. */
export interface KnowledgeIndex {
  personKeys: ReadonlySet<string>;
  personIndex: FuzzyIndex;
  placeKeys: ReadonlyMap<string, Candidate>;
  placeIndex: FuzzyIndex;
  /** Organisation forms of 3+ words by first word, then second word (in `orgForms` order). */
  orgByFirst: Map<string, Map<string, string[][]>>;
  strongSurnames: ReadonlySet<string>;
  rejected: ReadonlySet<string>;
  depts: Map<string, string[][]>;
  /** Memos of OCR look-ups (`personIndex.find`, `placeIndex.find`): the same words recur in every document. */
  personFound: Map<string, string | undefined>;
  placeFound: Map<string, string | undefined>;
}

/** Build the look-up structures of {@link Knowledge} (OCR indexes of known persons and places, organisations by first word). */
export function indexKnowledge(k: Knowledge): KnowledgeIndex {
  const personIndex = new FuzzyIndex();
  for (const p of k.personKeys) personIndex.add(p);
  const placeKeys = new Map(k.placeKeys);
  const placeIndex = new FuzzyIndex();
  for (const p of [...placeKeys.keys()].sort()) placeIndex.add(p);
  // multi-word organisation forms, indexed by their first word
  const orgByFirst = new Map<string, Map<string, string[][]>>();
  for (const form of k.orgForms) {
    const ws = form.split(' ');
    let bySecond = orgByFirst.get(ws[0]!);
    if (!bySecond) orgByFirst.set(ws[0]!, (bySecond = new Map()));
    let l = bySecond.get(ws[1]!);
    if (!l) bySecond.set(ws[1]!, (l = []));
    l.push(ws);
  }
  return { personKeys: new Set(k.personKeys), personIndex, placeKeys, placeIndex, orgByFirst, strongSurnames: new Set(k.strongSurnames), rejected: new Set(k.rejected), depts: new Map(k.depts), personFound: new Map(), placeFound: new Map() };
}

/**
 * Pass 4 (per document): collection consistency. A surname known as a person is a person here too
 * (also OCR variants), an initial stands for a person of the document, known places, departments
 * named by their field, known organisations in any case; then overlaps are resolved and editors'
 * rejections applied. `cands` are the document's filtered first-pass candidates.
 */
export function secondPass(doc: DocText, cands: Candidate[], scan: { common: (f: string) => boolean; locative: ReadonlySet<string> }, k: KnowledgeIndex): Candidate[] {
  const { common, locative } = scan;
  const { personKeys, placeKeys, orgByFirst, strongSurnames, rejected, depts } = k;
  const findPerson = (f: string): string | undefined => {
    if (k.personFound.has(f)) return k.personFound.get(f);
    const v = k.personIndex.find(f);
    k.personFound.set(f, v);
    return v;
  };
  const findPlace = (f: string): string | undefined => {
    if (k.placeFound.has(f)) return k.placeFound.get(f);
    const v = k.placeIndex.find(f);
    k.placeFound.set(f, v);
    return v;
  };
  const text = doc.text;
  const extra: Candidate[] = [];
  const toks: Token[] = tokenize(text);
  if (depts.size) extra.push(...departmentsByField(text, toks, depts));
  const docSurnames = new Set(cands.filter((c) => c.type === 'person' && c.surname && c.cue !== 'person-initial-ref').map((c) => c.surname!));
  for (let q = 0; q < toks.length; q++) {
    const t = toks[q]!;
    if (!t.isWord || !t.cap) continue;
    // a word token never ends in a stop: its bare form is the lower case without a possessive
    const b = (t.bare ??= bareText(t.text));
    const f = foldTok(t);
    const end = isPossessive(t) ? t.end - 2 : t.end;
    if (f.length >= 2 && !NON_NAME.has(b) && !CALENDAR.has(b) && !TITLES.has(b) && !DEMONYMS.has(b)) {
      const sentenceStart = t.lineStart || ['.', '!', '?', ':'].includes(toks[q - 1]?.text ?? '');
      const gz = gazetteer().byName.get(f);
      let key: string | undefined;
      if (common(f) || NOT_PERSON.has(f) || isPeopleWord(f)) key = undefined;
      else if (personKeys.has(f)) key = f;
      else if (f.length >= 5 && !gz && !COMMON_WORDS.has(f)) key = findPerson(f);
      if (key && !(sentenceStart && COMMON_WORDS.has(f))) {
        // a strong place name the collection gives a title or signature and never a locative (`Lord Halifax`) is the person
        const personFirst = !gz?.strong || (strongSurnames.has(key) && !locative.has(key));
        extra.push({ type: 'person', start: t.start, end, cue: 'person-known', weight: personFirst ? 3.6 : 3.2, surname: key, text: text.slice(t.start, end) });
      }
      const pk = placeKeys.get(f) ?? (f.length >= 6 && !gz && !common(f) ? placeKeys.get(findPlace(f) ?? '') : undefined);
      if (pk && !key) extra.push({ ...pk, start: t.start, end, cue: 'place-known', weight: 2.5, text: text.slice(t.start, end) });
    }
    // `Y. refrained`, `Y's supposition`: an initial standing for a person of this document
    if (t.cap && t.text.length <= 4 && /^\p{Lu}(?:[’']s)?$/u.test(t.text) && !/^[AI]/.test(t.text)) {
      const letter = t.text[0]!.toLowerCase();
      const n1 = toks[q + 1];
      const n2 = toks[q + 2];
      const possessive = t.text.length > 1;
      const stopThenLower = n1?.text === '.' && n1.start === t.end && n2 && !n2.cap && n2.isWord && n2.line === n1.line;
      const prevIsInitial = toks[q - 1]?.text === '.' && /^\p{Lu}$/u.test(toks[q - 2]?.text ?? '');
      if ((possessive || stopThenLower) && !prevIsInitial && [...docSurnames].some((s) => s.startsWith(letter))) {
        extra.push({ type: 'person', start: t.start, end: t.start + 1, cue: 'person-initial-ref', weight: 4, surname: letter, text: t.text[0]! });
      }
    }
  }
  // `the League` after `League of Nations`: the conventional short form of a named body
  const leagues = cands.filter((c) => c.type === 'org' && /^League of /i.test(c.text));
  if (leagues.length) {
    for (const m of text.matchAll(/(?<![\p{L}])League(?=[’']s|[^\p{L}])(?! of )/gu)) {
      extra.push({ type: 'org', start: m.index!, end: m.index! + 6, cue: 'org-known', weight: 3, text: 'League' });
    }
  }
  // organisations met elsewhere in the collection, in any case (`security police`)
  const words = toks.filter((t) => t.isWord);
  for (let q = 0; q < words.length; q++) {
    const bySecond = orgByFirst.get(foldTok(words[q]!));
    if (!bySecond || q + 1 >= words.length) continue;
    const forms = bySecond.get(foldTok(words[q + 1]!));
    if (!forms) continue;
    for (const ws of forms) {
      let ok = q + ws.length <= words.length;
      for (let r = 2; ok && r < ws.length; r++) if (foldTok(words[q + r]!) !== ws[r]) ok = false;
      if (!ok) continue;
      const a = words[q]!.start;
      const z = words[q + ws.length - 1]!.end;
      extra.push({ type: 'org', start: a, end: z, cue: 'org-known', weight: 4, text: text.slice(a, z) });
    }
  }
  const inSkip = overlapsAny(doc.skip);
  return resolveOverlaps([...cands, ...extra].filter((c) => !inSkip(c)))
    .filter((c) => !rejected.has(`${c.type}|${fold(c.text)}`));
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
      const end = isPossessive(toks[j - 1]!) ? toks[j - 1]!.end - 2 : toks[j - 1]!.end;
      out.push({ type: 'org', start: t.start, end, cue: 'org-known', weight: 3.7, text: text.slice(t.start, end), orgName: `Department of ${ws.join(' ')}` });
      lastEnd = toks[j - 1]!.end;
      k = j - 1;
      break;
    }
  }
  return out;
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

/** Spans of page furniture (catchwords, page numbers, running heads, TEI `fw`): names there are not tagged again. */
export function furnitureSpans(doc: DocumentModel): Span[] {
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
export function textUnits(doc: DocumentModel): Span[] {
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

/** Clip each linked mention to the text unit it lies in (see {@link textUnits}); mentions left with only white space are dropped. */
export function clipMentions(mentions: EntityMention[], units: Span[], text: string): EntityMention[] {
  const out: EntityMention[] = [];
  for (const m of mentions) {
    const span = clipSpan(m.span, units, text);
    if (span === undefined) out.push(m);
    else if (span) {
      const { corr: _c, ...rest } = m;
      void _c;
      out.push({ ...rest, span });
    }
  }
  return out;
}

/**
 * Where clipping to the text units leaves a span: undefined when it lies in one unit (unchanged),
 * null when nothing but white space is left, else the part in the unit holding most of it.
 */
export function clipSpan(span: Span, units: Span[], text: string): Span | null | undefined {
  if (!units.length) return undefined;
  let lo = 0, hi = units.length - 1, u: Span | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = units[mid]!;
    if (x.start <= span.start) { u = x; lo = mid + 1; } else hi = mid - 1;
  }
  if (!u || span.start >= u.end || span.end <= u.end) return undefined;
  // keep the part in the unit holding most of the mention
  const next = units.find((x) => x.start >= u!.end && x.start < span.end);
  if (next && Math.min(next.end, span.end) - next.start > u.end - span.start) {
    let start = next.start;
    const end2 = Math.min(next.end, span.end);
    while (start < end2 && /\s/.test(text[start]!)) start++;
    return start >= end2 ? null : { start, end: end2 };
  }
  let end = u.end;
  while (end > span.start && /\s/.test(text[end - 1]!)) end--;
  return end <= span.start ? null : { start: span.start, end };
}

/** Mark each candidate whose span crosses a text unit with where clipping leaves it ({@link clipSpan}), so that linking gives clipped mentions directly (the build's second pass, in the workers). */
export function markClips(cands: Candidate[], units: Span[], text: string): void {
  for (const c of cands) {
    const span = clipSpan(c, units, text);
    if (span !== undefined) c.clip = span;
  }
}
