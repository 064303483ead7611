/**
 * Collection linking (TEI Guidelines 13.3.1 "Basic Principles"; `@ref` to authority entries): one
 * ref per real-world entity across the collection, matched against the authority where it knows
 * the entity, new unreviewed entries otherwise. Runs once per collection over the documents' final
 * candidates (compact: text and candidates, never models), so that the build can run every
 * per-document pass in worker threads and only this step on the main thread. Pure.
 */
import type { Authority, AuthorityEntry, EntityMention, EntityType } from '../model/index.js';
import type { Candidate } from './recognise.js';
import type { PlaceEntry } from './gazetteer.js';
import { positionFinder } from '../tei/xml.js';
import { fold, slug, ocrSimilar, FuzzyIndex, surnameOf } from './text.js';

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

/** One document as linking sees it: where it is (for review contexts), its text and its final candidates. */
export interface LinkDoc {
  path: string;
  text: string;
  cands: Candidate[];
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

interface Mention { w: LinkDoc; c: Candidate; key: string; cl?: Cluster }

interface Cluster {
  type: EntityType;
  key: string;
  mentions: Mention[];
  /** The mentions' written forms (white space made single, `person-initial-ref` left out), in document order. */
  forms: string[];
  /** The first mention's gazetteer entry, for places. */
  place?: PlaceEntry;
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
  const p = positionIn(m.w, m.c.start);
  return `${m.w.path}:${p.line}:${p.column}`;
}

/** Position finders of each document's text (line starts found once: review contexts ask for many positions). */
const finders = new WeakMap<LinkDoc, (offset: number) => { line: number; column: number }>();

/** `positionOf` (src/model) of an offset of a document, through its line-start index. */
function positionIn(w: LinkDoc, offset: number): { line: number; column: number } {
  let find = finders.get(w);
  if (!find) finders.set(w, (find = positionFinder(w.text)));
  return find(offset);
}

/** Number of space-separated words of a normalised form (`split(' ').length` without the array). */
function wordCount(f: string): number {
  let n = 1;
  for (let i = f.indexOf(' '); i >= 0; i = f.indexOf(' ', i + 1)) n++;
  return n;
}

/** Most frequent surface form, title case preferred over all caps, then the longest. */
function canonical(forms: string[]): string {
  const counts = new Map<string, number>();
  for (const f of forms) counts.set(f, (counts.get(f) ?? 0) + (f === f.toUpperCase() ? 0.5 : 1));
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
}

/**
 * Link the final candidates of a collection (in document order) to clusters and authority entries;
 * must see every document at once, since a cluster's name, id and OCR merges depend on all of them.
 * `options.review: false` leaves the review list empty (a build does not report it; finding each
 * cluster's `file:line:col` contexts costs a line index of nearly every document).
 */
export function link(work: LinkDoc[], authority: Authority, options: { review?: boolean } = {}): { byDoc: Map<LinkDoc, EntityMention[]>; authority: Authority; review: ReviewItem[] } {
  const clusters: Record<EntityType, Map<string, Cluster>> = { person: new Map(), place: new Map(), org: new Map() };
  const getCluster = (type: EntityType, key: string): Cluster => {
    let c = clusters[type].get(key);
    if (!c) { c = { type, key, mentions: [], forms: [], name: '' }; clusters[type].set(key, c); }
    return c;
  };
  // organisation word bags by text (the same names recur in thousands of mentions)
  const bags = new Map<string, string>();
  const bagKey = (text: string): string => {
    let k = bags.get(text);
    if (k === undefined) bags.set(text, (k = orgBag(text).join(' ')));
    return k;
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

  const byDoc = new Map<LinkDoc, Mention[]>();
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
        key = bagKey(c.orgName ?? c.text);
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
  // spaced form → the first id (in placeIds order) written so
  const placeIdBySpaced = new Map<string, string>();
  for (const p of placeIds) { const sp = p.replace(/-/g, ' '); if (!placeIdBySpaced.has(sp)) placeIdBySpaced.set(sp, p); }
  const unknownIndex = new FuzzyIndex();
  for (const ms of byDoc.values()) for (const m of ms) {
    if (m.c.type !== 'place' || m.c.place) continue;
    const f = m.key;
    if (unknownPlaces.has(f)) { m.key = unknownPlaces.get(f)!; continue; }
    const t1 = placeIdIndex.find(f);
    const target = t1 ? placeIdBySpaced.get(t1) : unknownIndex.find(f);
    const k = target ?? f;
    unknownIndex.add(k);
    unknownPlaces.set(f, k);
    m.key = k;
  }

  // organisations: a short form inside a longer one of the same document, or a 3+ word subset in the collection
  // (facts of keys and texts kept once: a document's organisations are compared pairwise)
  const keyWords = new Map<string, { words: string[]; set: Set<string> }>();
  const wordsOf = (k: string): { words: string[]; set: Set<string> } => {
    let x = keyWords.get(k);
    if (!x) { const words = k.split(' '); keyWords.set(k, (x = { words, set: new Set(words) })); }
    return x;
  };
  const textFacts = new Map<string, { ofFor: boolean; ofBag?: Set<string> }>();
  const factsOf = (text: string): { ofFor: boolean; ofBag?: Set<string> } => {
    let x = textFacts.get(text);
    if (!x) textFacts.set(text, (x = { ofFor: /\b(of|for)\b/i.test(text) }));
    return x;
  };
  // the words of the organisation's of-phrase (`Security Council of the United Nations` → united nations)
  const ofBag = (text: string): Set<string> => {
    const x = factsOf(text);
    return (x.ofBag ??= new Set(orgBag(text.split(/\b(?:of|for)\b/i).slice(1).join(' '))));
  };
  const within = (a: string[], b: Set<string>): boolean => a.every((x) => b.has(x));
  for (const ms of byDoc.values()) {
    const orgs = ms.filter((m) => m.c.type === 'org');
    if (orgs.length < 2) continue;
    const count = new Map<string, number>();
    for (const m of orgs) count.set(m.key, (count.get(m.key) ?? 0) + 1);
    for (const m of orgs) {
      const bag = wordsOf(m.key).words;
      // a short form names the longer body when the longer one is a head with an of/for phrase
      // (`the League` / `League of Nations`) or is written at least as often (`Labour Office` /
      // `International Labour Office`); a more frequent short form is a body of its own
      // (`Hitler Youth` beside `Junior Hitler Youth`)
      if (factsOf(m.c.text).ofFor) continue; // `League of Nations` is a full name, not a short form of `Council of the League of Nations`
      // a body named in the other's of-phrase is not its short form (`United Nations` / `Security Council of the United Nations`)
      const longer = orgs.filter((o) => o !== m && wordsOf(o.key).words.length > bag.length && within(bag, wordsOf(o.key).set)
        && (factsOf(o.c.text).ofFor || (count.get(o.key) ?? 0) >= (count.get(m.key) ?? 0))
        && !within(bag, ofBag(o.c.text)));
      if (longer.length) m.key = longer.sort((a, b) => wordsOf(a.key).words.length - wordsOf(b.key).words.length || (a.key < b.key ? -1 : 1))[0]!.key;
    }
  }
  const orgKeys = new Map<string, number>();
  for (const ms of byDoc.values()) for (const m of ms) if (m.c.type === 'org') orgKeys.set(m.key, (orgKeys.get(m.key) ?? 0) + 1);
  const orgRep = new Map<string, string>();
  const orgSorted = [...orgKeys.keys()].sort((a, b) => b.split(' ').length - a.split(' ').length || (orgKeys.get(b)! - orgKeys.get(a)!) || (a < b ? -1 : 1));
  // the first representative (in orgSorted order) whose bag holds this one's: looked up through the
  // representatives holding the bag's rarest word, kept in that order (a scan of all keys was quadratic)
  const repsByWord = new Map<string, { key: string; words: string[] }[]>();
  for (const k of orgSorted) {
    const bag = k.split(' ');
    let target: string | undefined;
    if (bag.length >= 3) {
      let rarest: { key: string; words: string[] }[] | undefined;
      for (const w of bag) {
        const l = repsByWord.get(w) ?? [];
        if (!rarest || l.length < rarest.length) rarest = l;
      }
      target = rarest!.find((o) => o.key !== k && o.words.length >= bag.length && subsetOf(bag, o.words))?.key;
    }
    orgRep.set(k, target ?? k);
    if (!target) {
      const rep = { key: k, words: bag };
      for (const w of new Set(bag)) {
        let l = repsByWord.get(w);
        if (!l) repsByWord.set(w, (l = []));
        l.push(rep);
      }
    }
  }
  for (const ms of byDoc.values()) for (const m of ms) if (m.c.type === 'org') m.key = orgRep.get(m.key) ?? m.key;

  // clusters, with their forms gathered in document order (the order mentions were made in: going
  // through them cluster by cluster instead cost a cache miss per mention)
  const spaced = new Map<string, string>();
  for (const ms of byDoc.values()) {
    for (const m of ms) {
      const cl = getCluster(m.c.type, m.key);
      cl.mentions.push(m);
      m.cl = cl;
      if (m.c.cue !== 'person-initial-ref') {
        let f = spaced.get(m.c.text);
        if (f === undefined) spaced.set(m.c.text, (f = m.c.text.replace(/\s+/g, ' ')));
        cl.forms.push(f);
      }
      if (m.c.place && !cl.place) cl.place = m.c.place;
    }
  }

  // names and authority matching
  const entries = authority.entries.map((e) => ({ ...e, variants: [...e.variants], idnos: [...e.idnos] }));
  const usedIds = new Set(entries.map((e) => e.id));
  const review: ReviewItem[] = [];
  const wantReview = options.review !== false;
  const original: Record<EntityType, AuthorityEntry[]> = { person: [], place: [], org: [] };
  for (const e of entries) original[e.type].push(e);
  const byType = (t: EntityType): AuthorityEntry[] => original[t];
  const keyOf = (c: Cluster): string => c.key;
  // sorted by type + key (built once per cluster, not per comparison)
  const ordered = [...clusters.person.values(), ...clusters.place.values(), ...clusters.org.values()].map((c) => ({ k: c.type + c.key, c })).sort((a, b) => (a.k < b.k ? -1 : 1)).map((x) => x.c);
  // each cluster's folded forms
  const folded = new Map<string, string>();
  const formKeysOf = new Map<Cluster, Set<string>>();
  const needed = new Set<string>();
  for (const cl of ordered) {
    const formKeys = new Set<string>();
    for (const f of cl.forms) {
      let k = folded.get(f);
      if (k === undefined) folded.set(f, (k = fold(f)));
      formKeys.add(k);
    }
    for (const k of formKeys) needed.add(k);
    formKeysOf.set(cl, formKeys);
  }
  // the entries of each type by the folded forms of their names that some cluster writes (and places
  // by id), in `original` order, kept up to date as variants are added: a cluster finds its exact
  // matches without folding every name of the authority again (a one-document rebuild meets the whole
  // collection's authority)
  const byForm: Record<EntityType, Map<string, AuthorityEntry[]>> = { person: new Map(), place: new Map(), org: new Map() };
  const placeById = new Map<string, AuthorityEntry[]>();
  // a name starting with two ASCII letters folds to a key starting with the same two letters in lower
  // case (fold only drops marks, punctuation and letters after the second): most names of a large
  // authority are passed over without folding when few clusters ask
  const prefix = (a: number, b: number): number => (a | 32) * 128 + (b | 32);
  const asciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const neededPrefixes = new Set<number>();
  for (const k of needed) if (k.length >= 2) neededPrefixes.add(prefix(k.charCodeAt(0), k.charCodeAt(1)));
  const indexForm = (e: AuthorityEntry, form: string): void => {
    const c0 = form.charCodeAt(0);
    const c1 = form.charCodeAt(1);
    if (asciiLetter(c0) && asciiLetter(c1) && !neededPrefixes.has(prefix(c0, c1))) return;
    const k = fold(form);
    if (!needed.has(k)) return;
    const l = byForm[e.type].get(k);
    if (!l) byForm[e.type].set(k, [e]);
    else if (!l.includes(e)) l.push(e);
  };
  for (const t of ['person', 'place', 'org'] as const) {
    original[t].forEach((e) => {
      indexForm(e, e.name);
      for (const n of e.variants) indexForm(e, n);
      if (t === 'place') placeById.set(e.id, [...(placeById.get(e.id) ?? []), e]);
    });
  }
  const exactMatches = (type: EntityType, formKeys: Set<string>, key: string): AuthorityEntry[] => {
    const found = new Set<AuthorityEntry>();
    for (const f of formKeys) for (const e of byForm[type].get(f) ?? []) found.add(e);
    if (type === 'place') for (const e of placeById.get(key) ?? []) found.add(e);
    return found.size < 2 ? [...found] : original[type].filter((e) => found.has(e));
  };
  for (const cl of ordered) {
    const forms = cl.forms;
    const formKeys = formKeysOf.get(cl)!;
    if (cl.type === 'person') {
      // the surname most often written (title case preferred), then the fullest form with that surname
      const lastOf = (f: string): string => (/,/.test(f) ? f.split(',')[0]! : f).trim().split(/\s+/).pop() ?? f;
      const sur = canonical(forms.map(lastOf).map((x) => (x === x.toUpperCase() && x.length > 1 ? x[0] + x.slice(1).toLowerCase() : x)));
      const full = forms.filter((f) => wordCount(f) > 1 && fold(lastOf(f)) === fold(sur));
      cl.name = canonical(full.length ? full : [sur]) || keyOf(cl);
    } else if (cl.type === 'place') {
      const e = cl.place;
      cl.name = e?.name ?? canonical(forms);
      if (e?.geonames) cl.geonames = e.geonames;
    } else {
      // the longest forms (computed once: a department's cluster holds thousands of mentions)
      let most = 0;
      for (const f of forms) most = Math.max(most, wordCount(f));
      cl.name = canonical(forms.filter((f) => wordCount(f) === most));
    }
    // authority: exact name/variant match, then OCR-tolerant
    const candidates = byType(cl.type);
    let match = exactMatches(cl.type, formKeys, cl.key);
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
    const contexts = wantReview ? cl.mentions.slice(0, 3).map(linkContext) : [];
    if (match.length > 1) {
      const ownId = cl.type === 'place' && cl.place ? cl.key : slug(cl.type === 'person' ? personIdName(cl) : cl.name);
      match = bestMatches(match, cl.name, formKeys, ownId);
    }
    if (match.length === 1) {
      const e = match[0]!;
      cl.id = e.id;
      for (const f of new Set(forms)) if (fold(f) !== fold(e.name) && !e.variants.some((v) => v === f)) { e.variants.push(f); indexForm(e, f); }
      if (kind && wantReview) review.push({ kind, type: cl.type, id: e.id, name: cl.name, candidates: [e.id], contexts });
      continue;
    }
    let base = cl.type === 'place' && cl.place ? cl.key : slug(cl.type === 'person' ? personIdName(cl) : cl.name);
    if (usedIds.has(base)) { let n = 2; while (usedIds.has(`${base}-${n}`)) n++; base = `${base}-${n}`; }
    usedIds.add(base);
    cl.id = base;
    const variants = [...new Set(forms)].filter((f) => f !== cl.name).sort();
    const entry: AuthorityEntry = { id: base, type: cl.type, name: cl.name, variants, idnos: cl.geonames ? [{ type: 'geonames', value: cl.geonames }] : [], reviewed: false };
    entries.push(entry);
    if (wantReview) review.push({ kind: match.length > 1 ? 'ambiguous' : 'new', type: cl.type, id: base, name: cl.name, candidates: match.map((e) => e.id), contexts });
  }

  // mentions with refs (and corr for evident OCR errors of a well-attested name)
  const out = new Map<LinkDoc, EntityMention[]>();
  for (const [w, ms] of byDoc) {
    const list: EntityMention[] = [];
    for (const m of ms) {
      const cl = m.cl!;
      // a candidate the build's second pass clipped (passes.ts markClips): as clipMentions would leave it, without corr
      const clip = m.c.clip;
      if (clip === null) continue;
      const em: EntityMention = { kind: 'entity', type: m.c.type, span: clip ? { start: clip.start, end: clip.end } : { start: m.c.start, end: m.c.end } };
      if (cl.id) em.ref = cl.id;
      if (clip) { list.push(em); continue; }
      // only a surname written once can be an OCR misreading: test that first (the rest splits strings)
      if (m.c.type === 'person' && m.c.surname && m.c.cue !== 'person-initial-ref' && surnames.get(m.c.surname) === 1) {
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
