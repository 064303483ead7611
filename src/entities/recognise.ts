/**
 * Per-document recognition of person, place and organisation candidates from cues, patterns and
 * the gazetteer. Collection-level consistency and linking happen in `link.ts`. Pure.
 * Spans follow the annotation guidelines: titles, ranks and the possessive `'s` outside, demonyms
 * never places, a place inside an organisation's name part of the organisation.
 */
import type { EntityType } from '../model/index.js';
import { gazetteer, COMMON_WORDS, isPeopleWord, type PlaceEntry } from './gazetteer.js';
import {
  TITLES, TITLE_MODIFIERS, TITLE_SUFFIX, SPEECH_VERBS, SPEECH_ADVERBS, ORG_HEADS, GENERIC_HEADS, SINGLE_ORGS,
  ORG_ACRONYMS, DEMONYMS, GIVEN_NAMES, CALENDAR, NON_NAME, SIGNATURE_MARKS, TITLE_ABBREVIATIONS, PERSON_AFTER, HONORIFICS, NEWSPAPER_HEADS, ACTION_AUXILIARIES, NOT_PERSON,
} from './cues.js';
import { bareText, fold, foldTok, isPossessive, tokenize, type Token } from './text.js';
import { lexicon } from './lexicon.js';

/** How a candidate was found; decides which of two overlapping candidates wins. */
export type CueKind =
  | 'org-pattern' | 'org-list' | 'org-acronym'
  | 'person-title' | 'person-signature' | 'person-speech' | 'person-initials' | 'person-given' | 'person-inverted'
  | 'person-apposition' | 'person-initial-ref' | 'person-known' | 'person-weak' | 'person-who' | 'person-heading' | 'person-signline' | 'person-possessive' | 'person-lexical'
  | 'place-abbr' | 'place-gazetteer' | 'place-context' | 'place-feature' | 'place-known' | 'org-known';

export interface Candidate {
  type: EntityType;
  start: number;
  end: number;
  cue: CueKind;
  /** Strength for overlap resolution: higher wins, then the longer span. */
  weight: number;
  /** Gazetteer entry for places. */
  place?: PlaceEntry;
  /** For persons: folded surname (key for linking); for `person-initial-ref`: the initial letter. */
  surname?: string;
  /** For persons: first letter of the given name or first initial when present. */
  given?: string;
  /** Surface text of the span. */
  text: string;
  /** For organisations named by a short form: the name whose word bag links it (`Immigration` → `Department of Immigration`). */
  orgName?: string;
  /** Set by the build's second pass when the span crosses a text unit: the span clipping leaves (null: none); see passes.ts `markClips`. */
  clip?: { start: number; end: number } | null;
}

const WEIGHT: Record<CueKind, number> = {
  'org-pattern': 6, 'org-list': 5, 'org-acronym': 3, 'org-known': 4,
  'person-signature': 6, 'person-title': 6, 'person-inverted': 5, 'person-initials': 5, 'person-apposition': 4,
  'person-speech': 4, 'person-given': 4, 'person-initial-ref': 4, 'person-known': 3.5, 'person-weak': 3, 'person-who': 3.8,
  'person-heading': 4.5, 'person-signline': 4.5, 'person-possessive': 3, 'person-lexical': 2.2,
  'place-abbr': 5, 'place-gazetteer': 3, 'place-feature': 4, 'place-context': 2.5, 'place-known': 2.5,
};

/** Lower-cased token text without a final stop or possessive. */
function bare(t: Token | undefined): string {
  if (!t) return '';
  return (t.bare ??= bareText(t.text));
}

function isTitle(toks: Token[], i: number): boolean {
  const t = toks[i];
  if (!t || !t.isWord) return false;
  return (t.title ??= titleWord(t));
}

function titleWord(t: Token): boolean {
  const b = bare(t);
  if (TITLES.has(b)) return true;
  // every suffix ends in r or t: test the pattern only then
  if (t.cap && b.length > 6 && (b.charCodeAt(b.length - 1) === 114 || b.charCodeAt(b.length - 1) === 116) && TITLE_SUFFIX.test(b)) return true;
  // compound ranks: `Admiral-General`, `SS-Colonel`, `Lieutenant-Colonel`
  const dash = b.lastIndexOf('-');
  if (dash > 0 && TITLES.has(b.slice(0, dash)) && TITLES.has(b.slice(dash + 1))) return true;
  if (dash > 0 && TITLES.has(b.slice(dash + 1)) && /^(ss|sa|nskk|vice|deputy|under|sub|lieutenant|lt|major|admiral|general|brigadier|colonel|rear|field|air|acting|chief|senior|first|second)$/.test(b.slice(0, dash))) return true;
  return false;
}

/** Token is an initial: a single capital (or `Pf`-like short capitalised abbreviation) followed by a stop. */
function isInitial(toks: Token[], i: number): boolean {
  const t = toks[i];
  const n = toks[i + 1];
  if (!t || !t.isWord || !(t.initial ??= /^\p{Lu}\p{Ll}?$/u.test(t.text))) return false;
  if (!!n && n.text === '.' && n.start === t.end) return true;
  return gluedInitial(toks, i);
}

/** `J.B Chifley`: the last of initials written without spaces lost its stop; a capitalised word follows. */
function gluedInitial(toks: Token[], i: number): boolean {
  const t = toks[i]!;
  const p = toks[i - 1];
  const n = toks[i + 1];
  return /^\p{Lu}$/u.test(t.text) && !!p && p.text === '.' && p.end === t.start && /^\p{Lu}$/u.test(toks[i - 2]?.text ?? '') && toks[i - 2]!.end === p.start
    && !!n && n.isWord && n.cap && n.text.length > 1 && n.line === t.line && n.start > t.end;
}

/** Tokens an initial takes: the letter and its stop, or the letter alone when its stop was lost. */
function initialWidth(toks: Token[], i: number): number {
  return toks[i + 1]?.text === '.' && toks[i + 1]!.start === toks[i]!.end ? 2 : 1;
}

/** A word that can be part of a personal name (capitalised, not a title, function word or month). */
function isNameWord(t: Token | undefined): boolean {
  if (!t || !t.isWord || !t.cap) return false;
  return (t.nameWord ??= nameWord(t));
}

function nameWord(t: Token): boolean {
  const b = bare(t);
  if (b.length < 2) return false;
  if (NON_NAME.has(b) || CALENDAR.has(b) || TITLES.has(b) || DEMONYMS.has(b) || NOT_PERSON.has(b) || TITLE_MODIFIERS.has(b)) return false;
  // plurals of titles and nationalities (`Commissioners`, `Germans`, `Czechs`)
  if (b.endsWith('s') && (TITLES.has(b.slice(0, -1)) || DEMONYMS.has(b.slice(0, -1)) || gazetteer().demonyms.has(b))) return false;
  if (isPeopleWord(b)) return false;
  // roman numerals (`Volume IV`) and acronym compounds (`SD-Abschnitte`) are not names
  if (/^[IVXLC]+$/.test(t.text) || /^\p{Lu}{2,}-/u.test(t.text) || (t.allCaps && ORG_ACRONYMS.has(t.text))) return false;
  if (ORG_HEADS.has(b) || GENERIC_HEADS.has(b)) return false;
  return true;
}

const DOC_TYPES = new Set(['letter', 'cablegram', 'telegram', 'memorandum', 'minute', 'note', 'dispatch', 'despatch', 'savingram', 'report', 'record', 'message', 'extract']);

const PREPOSITIONS = new Set(['of', 'for', 'in', 'at', 'to', 'from', 'by', 'with', 'on', 'into', 'under', 'camp', 'kl']);

const LOWER_TITLES = new Set(['comrade', 'member', 'mr', 'mrs', 'dr', 'herr', 'frau', 'professor', 'lieutenant', 'colonel', 'captain', 'ambassador', 'consul', 'regierungsrat', 'councillor', 'councilor', 'admiral', 'director', 'envoy', 'inspector', 'commissioner', 'major', 'sergeant', 'corporal', 'private']);

const PARTICLES = new Set(['de', 'von', 'van', 'der', 'den', 'du', 'la', 'le', 'di', 'da', 'del', 'zu', 'ter', 'vom']);

interface NameSpan {
  /** Token range [i, j). */
  i: number;
  j: number;
  surname: string;
  given?: string;
  hasInitials: boolean;
  hasGiven: boolean;
  words: number;
}

/**
 * Read a personal name starting at token i: initials (`S. M.`), given names, particles (`de`) and
 * capitalised words on one line; returns undefined when no surname-like word is found.
 */
function readName(toks: Token[], i: number, allowAllCaps = true): NameSpan | undefined {
  let j = i;
  let hasInitials = false;
  let hasGiven = false;
  let words = 0;
  let given: string | undefined;
  let lastWord = -1;
  const line = toks[i]?.line;
  while (j < toks.length) {
    const t = toks[j]!;
    if (t.line !== line) break;
    if (isInitial(toks, j) && !(words > 0 && !toks[j + 2])) {
      // an initial after the surname (`TARANENKO, G. I.`) is handled by the inverted reader
      if (words > 0 && lastWord >= 0 && !hasGivenBefore(toks, i, j)) break;
      hasInitials = true;
      given ??= t.text[0]!.toLowerCase();
      j += initialWidth(toks, j);
      continue;
    }
    if (PARTICLES.has(t.text) && isNameWord(toks[j + 1]) && toks[j + 1]!.line === line) {
      j += 1;
      continue;
    }
    if (words > 0 && toks[j + 1]?.text === '/' && toks[j + 1]!.start === t.end) break;
    // a country after a name begins something else (`Mr I. Wille Indonesia Section`)
    if ((words > 0 || hasInitials) && t.cap && gazetteer().byName.get(foldTok(t))?.kind === 'country') break;
    if (isNameWord(t) && (allowAllCaps || !t.allCaps || words > 0 || hasInitials)) {
      if (GIVEN_NAMES.has(bare(t)) && isNameWord(toks[j + 1]) && toks[j + 1]!.line === line) {
        hasGiven = true;
        given ??= bare(t)[0];
      }
      words++;
      lastWord = j;
      j++;
      // a possessive ends the name
      if (isPossessive(t)) break;
      continue;
    }
    break;
  }
  if (lastWord < 0) return undefined;
  j = lastWord + 1;
  const sur = foldTok(toks[lastWord]!);
  if (!sur || sur.length < 2) return undefined;
  const n: NameSpan = { i, j, surname: sur, hasInitials, hasGiven, words };
  if (given) n.given = given;
  return n;
}

function hasGivenBefore(toks: Token[], i: number, j: number): boolean {
  for (let k = i; k < j; k++) if (GIVEN_NAMES.has(bare(toks[k]))) return true;
  return false;
}

/** Span end without a possessive `'s`. */
function endOf(t: Token): number {
  return isPossessive(t) ? t.end - 2 : t.end;
}

function personCand(text: string, toks: Token[], n: NameSpan, cue: CueKind): Candidate {
  const start = toks[n.i]!.start;
  const end = endOf(toks[n.j - 1]!);
  // two literals rather than a spread: same keys in the same order, without the copying
  return n.given
    ? { type: 'person', start, end, cue, weight: WEIGHT[cue], surname: n.surname, given: n.given, text: text.slice(start, end) }
    : { type: 'person', start, end, cue, weight: WEIGHT[cue], surname: n.surname, text: text.slice(start, end) };
}

/** Match the gazetteer at token i: the longest folded token sequence that names a place. */
function gazetteerAt(toks: Token[], i: number): { entry: PlaceEntry; j: number } | undefined {
  const g = gazetteer();
  const first = toks[i];
  if (!first || !first.isWord || !first.cap) return undefined;
  const f0 = foldTok(first);
  const sp = f0.indexOf(' ');
  const words = g.firstWord.get(sp < 0 ? f0 : f0.slice(0, sp));
  if (!words) return undefined;
  let best: { entry: PlaceEntry; j: number } | undefined;
  let key = '';
  let n = 0;
  for (let j = i; j < toks.length && n < words; j++) {
    const t = toks[j]!;
    if (j > i && t.line !== first.line) break;
    if (!t.isWord) {
      if (t.text === '-' || t.text === '.') continue;
      break;
    }
    if (j > i + 3 && !t.cap) break;
    const f = foldTok(t);
    if (!f) break;
    key = key ? `${key} ${f}` : f;
    n++;
    for (let q = f.indexOf(' '); q >= 0; q = f.indexOf(' ', q + 1)) n++;
    const e = g.byName.get(key);
    if (e) best = { entry: e, j: j + 1 };
  }
  return best;
}

const LOCATIVE = new Set(['in', 'at', 'from', 'to', 'near', 'via', 'of', 'into', 'towards', 'toward', 'through', 'outside', 'inside', 'around']);
const FEATURE_AFTER = new Set(['district', 'region', 'province', 'hill', 'hills', 'sector', 'area', 'valley', 'river', 'barrier', 'heights', 'island', 'islands', 'peninsula', 'bay', 'lake', 'prefecture', 'oblast', 'county']);
const FEATURE_BEFORE_OF = new Set(['gulf', 'bay', 'sea', 'strait', 'straits', 'lake', 'isle', 'island', 'cape', 'mount', 'city', 'town', 'village', 'port', 'province', 'district', 'camp', 'republic', 'free']);
const CALENDAR_RE = /^(\d|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)/i;

export interface DocCandidates {
  tokens: Token[];
  candidates: Candidate[];
}

/**
 * Find every candidate mention in one text: organisations from head nouns, persons from titles,
 * signatures, speech verbs, initials, given names and inverted forms, places from the gazetteer,
 * abbreviations and locative contexts. Overlaps are left for {@link resolveOverlaps}.
 */
export function findCandidates(text: string, skip: { start: number; end: number }[] = [], isCommon: (folded: string) => boolean = () => false): DocCandidates {
  const toks = tokenize(text);
  const out: Candidate[] = [];
  const add = (c: Candidate): void => {
    if (c.end <= c.start) return;
    if (skip.some((s) => c.start < s.end && s.start < c.end)) return;
    // the subject of an office is not a person (`Minister for National Development`, `Department of Immigration`)
    if (c.type === 'person' && OFFICE_OF.test(text.slice(Math.max(0, c.start - 40), c.start))) return;
    out.push(c);
  };
  findAbbreviations(text, add);
  for (const m of text.matchAll(QUOTED_PAPER)) {
    const start = m.index! + m[0].indexOf(m[1]!);
    const end = start + m[1]!.replace(/[’']s$/, '').length;
    add({ type: 'org', start, end, cue: 'org-list', weight: WEIGHT['org-list'], text: text.slice(start, end) });
  }
  for (const m of text.matchAll(NAMED_BODIES)) add({ type: 'org', start: m.index!, end: m.index! + m[0].length, cue: 'org-list', weight: WEIGHT['org-list'], text: m[0] });
  findOrgs(text, toks, add);
  findPersons(text, toks, add, isCommon);
  findLinePersons(text, toks, add, isCommon);
  findPlaces(text, toks, add, isCommon);
  findLexicalPersons(text, toks, out, add, isCommon);
  return { tokens: toks, candidates: out };
}

/** Text ending in an office and its `of`/`for`: what follows names the office's field, not a person. */
const OFFICE_OF = /(?<![\p{L}])(?:Minister|Ministry|Department|Dept\.?|Secretary|Director|Commissioner|Office|Bureau)[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?(?:\p{Lu}[\p{L}\-]*[ \t]+(?:(?:and|&)[ \t]+)?)*$/u;

/** Institutions of the period named without a head noun (`United Nations`, `Waffen SS`, `House of Commons`). */
const NAMED_BODIES = /(?<![\p{L}])(?:United Nations(?: Organi[sz]ation)?|Waffen[- ]SS|Red Cross|Red Army|Allgemeine SS|House of (?:Representatives|Commons|Lords|Keys|Assembly|Councillors|Peers|Delegates))(?![\p{L}])/gu;

/** A newspaper named by one word in quotes after `the` (`the 'Times'`, `the ‘Age’`, `the 'Bulletin'`). */
const QUOTED_PAPER = /(?<![\p{L}])the\s+['‘"“]((?:Times|Post|Herald|Gazette|Tribune|Chronicle|Telegraph|Journal|News|Argus|Age|Mail|Express|Observer|Economist|Guardian|Spectator|Star|Bulletin|Australian|Listener|Scotsman|Mercury|Advertiser|Courier|Register|Standard|Sun|Statesman|Nation|Worker|Pravda|Izvestia|Beobachter|Zeitung)(?:[’']s)?)['’"”]/gu;

/** `U.S.S.R.`, `U. S. S. R.`, `U S S R`, `USSR`, `U.S.A.`, `U.K.`: the letters decide. */
function findAbbreviations(text: string, add: (c: Candidate) => void): void {
  const g = gazetteer();
  const re = /(?<![\p{L}.])(?:(?:\p{Lu}\. ?){2,}|(?:\p{Lu}\.)+\p{Lu}(?![\p{L}.])|(?:\p{Lu} ){2,}\p{Lu}(?![\p{L}])|\p{Lu}{2,4}(?![\p{L}]))/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    let s = m[0];
    const dotted = s.includes('.');
    const spaced = !dotted && s.includes(' ');
    const letters = s.replace(/[^\p{L}]/gu, '');
    // `US` and `UK` without stops are too often words in all-caps text
    if (!dotted && !spaced && letters.length < 3) continue;
    if (spaced && letters.length < 3) continue;
    const e = g.abbreviations.get(letters);
    if (!e) continue;
    s = s.replace(/\s+$/, '');
    // a following capitalised word after `U.S.` belongs to a name (`U.S. Government`) — still a place by itself
    add({ type: 'place', start: m.index, end: m.index + s.length, cue: 'place-abbr', weight: WEIGHT['place-abbr'], place: e, text: s });
  }
}

function isOrgHead(t: Token | undefined): boolean {
  if (!t || !t.isWord || !t.cap) return false;
  const b = bare(t);
  if (ORG_HEADS.has(b)) return true;
  return b.length > 8 && /(ministry|ministerium|polizei|kanzlei|partei|gericht|hauptamt|amt|kommando|direktion|inspektion)$/.test(b);
}

/** The line of token i holds only upper-case words (a heading wrapped over lines), no numbers or marks. */
function capsLine(toks: Token[], i: number): boolean {
  const line = toks[i]!.line;
  for (let q = i; q >= 0 && toks[q]!.line === line; q--) if (!toks[q]!.isWord || !toks[q]!.allCaps) return false;
  return true;
}

const ORG_CONNECT = new Set(['of', 'for']);
const ORG_HEADS_NON_PRESS = new Set(['press']);
/** Words that end an organisation name on its left (`the`, `his`, …): function words only, not document words like `Record`. */
const ORG_LEFT_STOP = new Set('the a an and or of in on at to by for with from as this that these those his her their its our my your we i he she they it is was be if when whether while unless until since because although though but yet so then where once after before should would will could copy to dear subject re cablegram telegram letter memorandum note minute savingram dispatch despatch report extract'.split(' '));

/** Organisation names built around a head noun: `Central State Historical Record Office of the U.S.S.R.`, `Ministry of Labour`, `Country Party`. */
function findOrgs(text: string, toks: Token[], add: (c: Candidate) => void): void {
  for (let h = 0; h < toks.length; h++) {
    const t = toks[h]!;
    if (!t.isWord || !t.cap) continue;
    const b = bare(t);
    if (t.allCaps && ORG_ACRONYMS.has(t.text)) {
      add({ type: 'org', start: t.start, end: t.end, cue: 'org-acronym', weight: WEIGHT['org-acronym'], text: t.text });
      continue;
    }
    if (SINGLE_ORGS.has(b)) {
      add({ type: 'org', start: t.start, end: endOf(t), cue: 'org-list', weight: WEIGHT['org-list'], text: text.slice(t.start, endOf(t)) });
      continue;
    }
    const generic = GENERIC_HEADS.has(b);
    if (!isOrgHead(t) && !generic) continue;
    if (NEWSPAPER_HEADS.has(b) && !ORG_HEADS_NON_PRESS.has(b)) {
      // `the Morning Post`, `"Wiener Zeitung"`: a newspaper only after `the` or a quote
      let q = h - 1;
      while (q >= 0 && toks[q]!.cap && toks[q]!.isWord && toks[q]!.line === t.line) q--;
      const before = toks[q];
      if (q === h - 1 || !before || !(/^the$/i.test(before.text) || /^["“'‘]$/.test(before.text))) continue;
    }
    if (isPossessive(t) && !isOrgHead(toks[h + 1])) {
      // `the League's machinery`: the head ends here
    }
    // extend left over capitalised modifiers (also across a line break inside an all-caps heading)
    let i = h;
    while (i > 0) {
      const p = toks[i - 1]!;
      const cur = toks[i]!;
      if (p.line !== cur.line && !(p.allCaps && cur.allCaps && capsLine(toks, i - 1))) break;
      if (!p.isWord || !p.cap) break;
      const pb = bare(p);
      if (ORG_LEFT_STOP.has(pb) || CALENDAR.has(pb)) break;
      if (['mr', 'mrs', 'dr', 'sir', 'herr', 'frau', 'comrade', 'professor', 'director', 'chief', 'lord', 'member'].includes(pb)) break;
      if (isPossessive(p) && !/[’'][sS]$/u.test(p.text.toLowerCase().replace(/minister's|ministers'/, 'x'))) {
        // possessive of a person or place ends the modifiers, except `Prime Minister's Department`
        if (!TITLES.has(pb)) break;
      }
      i--;
    }
    // drop leading demonyms and place abbreviations: `Australian Department of …`, `U.K. Foreign Office`
    while (i < h && DEMONYMS.has(bare(toks[i]))) i++;
    // a numbered unit: `3rd Police District`, `6th Army`, `XII Corps`
    let ordinal = false;
    if (i > 1 && /^(st|nd|rd|th)$/i.test(toks[i - 1]!.text) && /^\d+$/.test(toks[i - 2]!.text) && toks[i - 2]!.end === toks[i - 1]!.start && toks[i - 2]!.line === toks[i]!.line) {
      i -= 2;
      ordinal = true;
    } else if (i > 0 && /^[IVXL]+$/.test(toks[i - 1]!.text) && toks[i - 1]!.line === toks[i]!.line && ['army', 'corps', 'division', 'brigade', 'regiment', 'battalion', 'fleet'].includes(b)) {
      i -= 1;
      ordinal = true;
    }
    // extend right: `of (the) Cap…`, `for Cap…`, `and Cap` inside an of-phrase, trailing place abbreviation
    let j = h + 1;
    let inOf = false;
    for (;;) {
      const n = toks[j];
      if (!n) break;
      const crossing = n.line !== toks[j - 1]!.line;
      if (crossing && !(n.allCaps && toks[j - 1]!.allCaps)) break;
      const nb = n.text.toLowerCase();
      if (ORG_CONNECT.has(nb)) {
        let k = j + 1;
        if (toks[k] && /^the$/i.test(toks[k]!.text)) k++;
        if (toks[k] && /^city$/i.test(toks[k]!.text) && toks[k + 1] && /^of$/i.test(toks[k + 1]!.text)) k += 2;
        const after = toks[k];
        const forOne = nb === 'for' && !(toks[k + 1]?.cap && toks[k + 1]!.isWord) && bare(toks[k + 1]) !== 'of' && !(bare(toks[k + 1]) === 'and' && toks[k + 2]?.cap);
        if (after && !forOne && after.cap && after.isWord && !CALENDAR.has(bare(after)) && !NON_NAME.has(bare(after)) && after.line === n.line) {
          const before = j;
          j = k;
          while (toks[j] && (toks[j]!.line === toks[j - 1]!.line || (toks[j]!.allCaps && toks[j - 1]!.allCaps)) && !TITLE_ABBREVIATIONS.has(bare(toks[j])) && !((TITLE_MODIFIERS.has(bare(toks[j])) || isTitle(toks, j)) && TITLE_ABBREVIATIONS.has(bare(toks[j + 1]))) && ((toks[j]!.cap && toks[j]!.isWord && !CALENDAR.has(bare(toks[j])) && (!NON_NAME.has(bare(toks[j])) || /^S[SA]$/.test(toks[j]!.text))) || toks[j]!.text === '.' && toks[j]!.start === toks[j - 1]!.end && toks[j - 1]!.text.length === 1)) {
            if (isPossessive(toks[j]!)) { j++; break; }
            j++;
          }
          if (j === k) { j = before; break; }
          inOf = true;
          continue;
        }
        break;
      }
      if (nb === 'and' && inOf && toks[j + 1]?.cap && toks[j + 1]!.isWord && toks[j + 1]!.line === n.line && !/^the$/i.test(toks[j + 1]!.text) && !isInitial(toks, j + 1)) {
        j += 1;
        while (toks[j] && toks[j]!.line === n.line && toks[j]!.cap && toks[j]!.isWord && !NON_NAME.has(bare(toks[j])) && !isInitial(toks, j)) j++;
        continue;
      }
      if (!crossing && n.isWord && n.cap && (isOrgHead(n) || (!inOf && ['district', 'section', 'region', 'group'].includes(bare(n))) || (j === h + 1 && !inOf && isOrgHead(toks[j + 1])))) {
        // compound heads: `Police Presidium`, `Record Office`
        j++;
        continue;
      }
      break;
    }
    // a unit number in roman numerals (`Luftgaukommando VII`, `Wehrkreiskommando XIII`)
    if (toks[j] && toks[j]!.line === toks[j - 1]!.line && /^(?:[IVXL]{2,}|V|X)$/.test(toks[j]!.text)) j++;
    // a trailing place abbreviation (`Ministry of Internal Affairs U.S.S.R.`)
    let end = endOf(toks[j - 1]!);
    const rest = text.slice(end, end + 12);
    const ab = /^ ((?:\p{Lu}\. ?){2,}\p{Lu}?\.?|(?:\p{Lu} ){2,}\p{Lu}\.?|USSR|USA)(?![\p{L}])/u.exec(rest);
    if (ab && gazetteer().abbreviations.has(ab[1]!.replace(/[^\p{L}]/gu, ''))) end += ab[0].replace(/\s+$/, '').length;
    const start = toks[i]!.start;
    const nWords = j - i;
    // `Party Member Popp`, `Ministerial Chancellery Secretary`, `District Police Lt.`: a role, not an institution
    const after = toks[j];
    if (after && after.line === toks[j - 1]!.line && (isTitle(toks, j) || bare(after) === 'member')) { h = Math.max(h, j - 1); continue; }
    const compound = nWords === 1 && b.length > 8 && !ORG_HEADS.has(b);
    if (generic) {
      // `the Government`, `the Japanese Government`: generic; `Provisional Government of the French Republic`: named
      if (!(inOf && i < h)) continue;
    } else if (nWords < 2 && i === h && !compound && !ordinal) {
      continue;
    }
    // the span must not be only a known place (`Soviet Union`)
    const span = text.slice(start, end);
    if (gazetteer().byName.get(fold(span))) continue;
    add({ type: 'org', start, end, cue: 'org-pattern', weight: WEIGHT['org-pattern'] + Math.min(nWords, 6) / 10, text: span });
    h = Math.max(h, j - 1);
  }
}

/** Persons from titles, signatures, speech verbs, initials, given names, inverted names and appositions. */
function findPersons(text: string, toks: Token[], add: (c: Candidate) => void, isCommon: (folded: string) => boolean): void {
  // speaker labels of a transcript (`Goering:` at the start of two or more lines)
  const labels = new Map<string, number>();
  for (let q = 0; q + 1 < toks.length; q++) {
    if (toks[q]!.lineStart && toks[q]!.cap && toks[q + 1]!.text === ':') labels.set(foldTok(toks[q]!), (labels.get(foldTok(toks[q]!)) ?? 0) + 1);
  }
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    // titles and ranks (chains: `Lt. Col.`, `Reich Minister`, `Party Member`)
    if (isTitle(toks, k) && (t.cap || LOWER_TITLES.has(bare(t)))) {
      let j = k + 1;
      const stopOk = (q: number): boolean => toks[q]?.text === '.' && toks[q]!.start === toks[q - 1]!.end && (TITLE_ABBREVIATIONS.has(bare(toks[q - 1])) || toks[q - 1]!.allCaps);
      if (stopOk(j)) j++;
      else if (toks[j]?.text === '.') continue;
      while (j < toks.length && (isTitle(toks, j) || TITLE_MODIFIERS.has(bare(toks[j])) || (toks[j]!.allCaps && toks[j]!.text.length <= 3 && stopOk(j + 1))) && toks[j]!.line === t.line) {
        j++;
        if (stopOk(j)) j++;
      }
      if (PARTICLES.has(toks[j]?.text ?? '') && isNameWord(toks[j + 1])) {
        const name = readName(toks, j);
        if (name) { add(personCand(text, toks, name, 'person-title')); k = name.j - 1; continue; }
      }
      const n = toks[j];
      if (n && n.line === t.line && n.cap && n.isWord && !SPEECH_VERBS.has(bare(n)) && !ORG_ACRONYMS.has(n.text) && !isOrgHead(n)) {
        // `Mr. Y.`: an initial standing for a name
        if (/^\p{Lu}$/u.test(n.text) && !isNameWord(toks[j + 2]) && !isInitial(toks, j + 2)) {
          const end = toks[j + 1]?.text === '.' ? toks[j + 1]!.end : n.end;
          add({ type: 'person', start: n.start, end, cue: 'person-initial-ref', weight: WEIGHT['person-initial-ref'], surname: n.text.toLowerCase(), text: text.slice(n.start, end) });
          continue;
        }
        const name = readName(toks, j);
        // after a rank or office (`General`, `Secretary`), a common word is not a name (`General Regions`)
        const honorific = HONORIFICS.has(bare(toks[j - 1])) || HONORIFICS.has(bare(toks[j - 2]));
        if (name && name.words === 1 && !name.hasInitials && !honorific && isCommon(name.surname) && !toks[name.i]!.allCaps) continue;
        if (name && !gazetteer().byName.get(fold(text.slice(toks[name.i]!.start, toks[name.j - 1]!.end)))?.strong || name && name.words + (name.hasInitials ? 1 : 0) >= 2) {
          const inv = readInverted(toks, name!.i);
          add(inv ? personCand(text, toks, inv, 'person-title') : personCand(text, toks, name!, 'person-title'));
          k = name!.j - 1;
          continue;
        }
      }
    }
    // signatures: `/s/ Papen`, `Signed: Dr. FRICK`, `[Initial: Semmler]`, `/Signature/ V. Maksakov`
    if (t.text === '/' || t.text === ':' || t.text === '[' || t.text === ')') {
      const prev = bare(toks[k - 1]);
      const isSig = (t.text === '/' && SIGNATURE_MARKS.includes(bare(toks[k - 1])) && toks[k - 2]?.text === '/')
        // `(signed) Keitel`, `(Sgd.) Hess`
        || (t.text === ')' && parenMark(toks, k))
        || (t.text === ':' && ['signed', 'signature', 'sgd', 'initial', 'initialed'].includes(prev));
      if (isSig) {
        let j = k + 1;
        while (j < toks.length && toks[j]!.line === t.line && (toks[j]!.text === '/' || toks[j]!.text === '.' || toks[j]!.text === 's' || isTitle(toks, j))) j++;
        if (toks[j] && toks[j]!.line === t.line) {
          const name = readName(toks, j);
          if (name) {
            const inv = readInverted(toks, j);
            add(personCand(text, toks, inv ?? name, 'person-signature'));
          }
        }
        continue;
      }
    }
    if (!t.isWord || !t.cap) continue;
    const b = bare(t);
    if (NON_NAME.has(b) || CALENDAR.has(b) || TITLES.has(b)) continue;
    // initials + surname: `S. M. Bruce`, `R.G. Casey`, `Henry H. Mize`
    if (isInitial(toks, k) && (k === 0 || !isInitial(toks, k - 2) || toks[k - 1]?.text !== '.')) {
      const name = readName(toks, k);
      if (name && name.hasInitials && name.words >= 1) {
        let initials = '';
        for (let q = k; q < name.j && isInitial(toks, q); q += initialWidth(toks, q)) initials += toks[q]!.text;
        const head = bare(toks[name.j - 1]);
        const listMarker = t.lineStart && initials.length === 1 && name.words === 1 && (isCommon(foldTok(toks[name.j - 1]!)) || toks[name.j - 1]!.text.includes('-'));
        const acronym = (initials.length >= 2 && (ORG_ACRONYMS.has(initials.toUpperCase()) || ['SA', 'SS'].includes(initials.toUpperCase())))
          // a file or telegram number (`O.JA4934`, `O.CH1240`): letters glued to digits
          || /^\d/.test(toks[name.j]?.text ?? '') && toks[name.j]!.start === toks[name.j - 1]!.end;
        if (!listMarker && !acronym && !gazetteer().abbreviations.has(initials.toUpperCase()) && !ORG_HEADS.has(head) && !gazetteer().byName.get(foldTok(toks[name.j - 1]!))?.strong) {
          add(personCand(text, toks, name, 'person-initials'));
          k = name.j - 1;
          continue;
        }
      }
    }
    // given name + surname: `Roger Makins`, `Neville Chamberlain`
    if (GIVEN_NAMES.has(b) && (isNameWord(toks[k + 1]) || isInitial(toks, k + 1)) && toks[k + 1]!.line === t.line) {
      const name = readName(toks, k);
      if (name && name.words >= 2) {
        add(personCand(text, toks, name, 'person-given'));
        k = name.j - 1;
        continue;
      }
    }
    // correspondence headings: `Shedden to Hankey`, `Cranborne to Commonwealth Government`, `Evatt to Bruce Cablegram`
    if (t.lineStart || (toks[k - 1]?.text === ',' && bare(toks[k - 2]) !== 'and')) {
      const name = readName(toks, k);
      if (name && name.words <= 3 && bare(toks[name.j]) === 'to' && toks[name.j]!.line === t.line && t.lineStart && !gazetteer().byName.get(name.surname)?.strong && !isCommon(name.surname) && !isOrgHead(toks[name.j - 1]) && !HEADING_DOC_WORDS.has(name.surname)) {
        add(personCand(text, toks, name, 'person-speech'));
        k = name.j - 1;
        continue;
      }
    }
    if (bare(toks[k - 1]) === 'to' && toks[k - 1]!.line === t.line && toks[k - 2] && isNameWord(toks[k - 2]) && toks[k - 2]!.lineStart) {
      const name = readName(toks, k);
      const after = toks[name?.j ?? k];
      if (name && name.words <= 3 && (!after || after.line !== t.line || DOC_TYPES.has(bare(after))) && !gazetteer().byName.get(name.surname)?.strong && !isCommon(name.surname) && !isOrgHead(toks[name.j - 1])) {
        add(personCand(text, toks, name, 'person-speech'));
        k = name.j - 1;
        continue;
      }
    }
    // inverted at line start: `Veith, Jean`, `TARANENKO, G. I.`
    if (t.lineStart) {
      const inv = readInverted(toks, k);
      if (inv) { add(personCand(text, toks, inv, 'person-inverted')); k = inv.j - 1; continue; }
    }
    // speech verbs: `Shigemitsu said`, `Shigemitsu further stated`, `-- said Shigemitsu --`
    if (isNameWord(t) && !gazetteer().byName.get(foldTok(t))?.strong) {
      const name = readName(toks, k);
      if (name) {
        let v = name.j;
        if (toks[v]?.text === ',') v++;
        if (SPEECH_ADVERBS.has(bare(toks[v]))) v++;
        const prevWord = bare(toks[k - 1]);
        const sentenceStart = t.lineStart || ['.', '!', '?', ':', '"', '“'].includes(toks[k - 1]?.text ?? '');
        const article = ['the', 'a', 'an', 'these', 'those', 'all', 'many', 'some', 'our', 'their', 'his', 'her'].includes(prevWord) || DEMONYMS.has(prevWord);
        // a speaker's label in a transcript: `Goering: Gentlemen!`
        if (t.lineStart && name.words <= 2 && toks[name.j]?.text === ':' && (labels.get(name.surname) ?? 0) >= 2 && toks[name.j]!.line === t.line && toks[name.j + 1]?.line === t.line && !gazetteer().byName.get(name.surname) && !isCommon(name.surname) && !DOC_TYPES.has(name.surname)) {
          add(personCand(text, toks, name, 'person-speech'));
          k = name.j - 1;
          continue;
        }
        const footnote = !t.allCaps && toks[name.j]?.text === '[' && /^\d+$/.test(toks[name.j + 1]?.text ?? '') && toks[name.j + 2]?.text === ']' && !(gazetteer().byName.get(name.surname)?.strong || (gazetteer().byName.get(name.surname)?.kind ?? 'city') !== 'city');
        const acts = toks[v] && ACTION_AUXILIARIES.has(bare(toks[v])) && !article && name.words <= 3 && !gazetteer().byName.has(name.surname) && !isCommon(name.surname) && !COMMON_WORDS.has(name.surname) && !t.allCaps;
        if (acts) {
          add(personCand(text, toks, name, 'person-weak'));
          k = name.j - 1;
          continue;
        }
        const speech = toks[v] && !article && !PREPOSITIONS.has(prevWord) && !(t.allCaps && name.words === 1 && t.text.length <= 4) && SPEECH_VERBS.has(bare(toks[v])) && !toks[v]!.cap && !(sentenceStart && name.words === 1 && (COMMON_WORDS.has(name.surname) || isCommon(name.surname)));
        const who = toks[v] && !article && !PREPOSITIONS.has(prevWord) && PERSON_AFTER.has(bare(toks[v])) && !/^\p{Lu}{2,}s$/u.test(t.text) && !(sentenceStart && name.words === 1 && (COMMON_WORDS.has(name.surname) || isCommon(name.surname)));
        if (speech || (['said', 'stated', 'replied', 'asked', 'answered', 'added'].includes(prevWord) && !t.allCaps)) {
          add(personCand(text, toks, name, 'person-speech'));
          k = name.j - 1;
          continue;
        }
        if (who || (footnote && !sentenceStart && !isCommon(name.surname))) {
          add(personCand(text, toks, name, who ? 'person-who' : 'person-weak'));
          k = name.j - 1;
          continue;
        }
        // a possessive in mid-sentence of a word that is no place, institution or common word (`Curtin's statement`)
        const last = toks[name.j - 1]!;
        if (isPossessive(last) && name.words <= 2 && !sentenceStart && !article && !PREPOSITIONS.has(prevWord)
          && !(toks[k - 1]?.isWord && toks[k - 1]!.cap) && !(name.words === 1 && GIVEN_NAMES.has(name.surname)) && !/men$/.test(name.surname)
          && !gazetteer().byName.has(name.surname) && !isCommon(name.surname) && !COMMON_WORDS.has(name.surname) && !ORG_HEADS.has(name.surname)
          && !NOT_PERSON.has(name.surname) && !GENERIC_HEADS.has(name.surname) && !gazetteerAt(toks, name.i)
          && !toks.slice(name.i, name.j).some((x, q) => /^\p{Lu}{2,}/u.test(x.text) || isOrgHead(x) || isTitle(toks, name.i + q) || x.text.split('-').some((p) => TITLES.has(p.toLowerCase()) || isCommon(fold(p)) || COMMON_WORDS.has(fold(p))))) {
          add(personCand(text, toks, name, 'person-possessive'));
          k = name.j - 1;
          continue;
        }
        // apposition: `Bruce, High Commissioner in London`, `Cameron, leader of the Country Party`
        if (toks[name.j]?.text === ',' && name.words <= 3 && !article && !['in', 'at', 'from', 'near', 'to', 'into', 'camp', 'kl'].includes(prevWord)) {
          let a = name.j + 1;
          if (bare(toks[a]) === 'the') a++;
          while ((TITLE_MODIFIERS.has(bare(toks[a])) && !isTitle(toks, a)) || DEMONYMS.has(bare(toks[a]))) a++;
          const ab = bare(toks[a]);
          if (isTitle(toks, a) || ['leader', 'head', 'formerly', 'later', 'member', 'chairman', 'commissioner', 'high'].includes(ab)) {
            if (!(sentenceStart && name.words === 1 && COMMON_WORDS.has(name.surname))) {
              add(personCand(text, toks, name, 'person-apposition'));
              k = name.j - 1;
              continue;
            }
          }
        }
        // `I, A. V. Kunin, hereby certify`
        if (toks[k - 1]?.text === ',' && toks[k - 2]?.text === 'I' && toks[name.j]?.text === ',') {
          add(personCand(text, toks, name, 'person-apposition'));
          k = name.j - 1;
          continue;
        }
      }
    }
  }
}

const HEADING_DOC_WORDS = new Set([...DOC_TYPES, 'inclosure', 'enclosure', 'directive', 'annex', 'appendix', 'attachment', 'submission', 'minutes', 'notes', 'aide-memoire', 'letters', 'cable', 'memo', 'brief', 'briefing']);

/**
 * A name read at token k for a heading or signature line: not a place the gazetteer knows well, not
 * an institution, not a common word of the collection.
 */
function lineName(toks: Token[], k: number, end: number, isCommon: (folded: string) => boolean): NameSpan | undefined {
  let i = k;
  // titles before the name stay outside it (`Mr R. G. Casey`, `Dr. FRICK`)
  while (i < end && (isTitle(toks, i) || TITLE_MODIFIERS.has(bare(toks[i])) || (toks[i]!.text === '.' && i > k))) i++;
  if (i >= end) return undefined;
  const name = readName(toks, i);
  if (!name || name.j > end) return undefined;
  for (let q = name.i; q < name.j; q++) {
    const t = toks[q]!;
    if (!t.isWord) continue;
    const b = bare(t);
    if (isOrgHead(t) || GENERIC_HEADS.has(b) || NOT_PERSON.has(b) || DOC_TYPES.has(b) || HEADING_DOC_WORDS.has(b)) return undefined;
  }
  const whole = fold(text(toks, name.i, name.j));
  const g = gazetteer();
  const ge = g.byName.get(whole) ?? g.byName.get(name.surname);
  if (ge && (ge.strong || ge.kind !== 'city')) return undefined;
  if (g.abbreviations.has(toks[name.i]!.text)) return undefined;
  if (name.words === 1 && !name.hasInitials && (isCommon(name.surname) || COMMON_WORDS.has(name.surname))) return undefined;
  // a section heading (`Export Incentives`, `U.S. FINANCE`) is made of words the collection writes in lower case
  for (let q = name.i; q < name.j; q++) {
    const t = toks[q]!;
    if (t.isWord && t.text.length > 1 && !GIVEN_NAMES.has(bare(t)) && !PARTICLES.has(bare(t)) && isCommon(foldTok(t))) return undefined;
  }
  const initials = toks.slice(name.i, name.j).filter((t) => t.isWord && t.text.length === 1).map((t) => t.text).join('');
  if (initials.length >= 2 && g.abbreviations.has(initials)) return undefined;
  return name;
}

function text(toks: Token[], i: number, j: number): string {
  return toks.slice(i, j).filter((t) => t.isWord).map((t) => t.text).join(' ');
}

/**
 * Names that stand on a line of their own: correspondence headings (`Bruce to Curtin`, `Letter from
 * X to Y`, `Minute From X To Y`, `Note by X`) and signatures (`Goering` between an office and a rank
 * line, a name closing a decree before `Source:`), where no title or verb is there to help.
 */
function findLinePersons(src: string, toks: Token[], add: (c: Candidate) => void, isCommon: (folded: string) => boolean): void {
  const lines: [number, number][] = [];
  for (let q = 1, a = 0; q <= toks.length; q++) {
    if (q === toks.length || toks[q]!.line !== toks[a]!.line) { lines.push([a, q]); a = q; }
  }
  for (let no = 0; no < lines.length; no++) {
    const [s, e] = lines[no]!;
    if (e - s > 16) continue;
    if (no < 5 && headingLine(src, toks, s, e, add, isCommon)) continue;
    // a signature line: [titles] NAME[.] between an office line and a rank line, or before `Source:`
    if (e - s > 10 || !toks[s]!.cap) continue;
    const next = lines[no + 1];
    const prev = lines[no - 1];
    // the rank line starts with a title, possibly after modifiers (`General Field-Marshal.`, `Reich Minister of …`)
    let r = next ? next[0] : 0;
    while (next && r < next[1] && TITLE_MODIFIERS.has(bare(toks[r])) && !isTitle(toks, r)) r++;
    const nextTitle = !!next && next[1] - next[0] <= 10 && r < next[1] && toks[r]!.cap && isTitle(toks, r);
    const nextSource = !!next && bare(toks[next[0]]) === 'source' && toks[next[0] + 1]?.text === ':';
    const prevOffice = !!prev && /^(the|for)$/.test(bare(toks[prev[0]])) && toks.slice(prev[0], prev[1]).some((t, q) => isTitle(toks, prev[0] + q) && t.cap);
    if (!nextTitle && !nextSource && !prevOffice) continue;
    const name = lineName(toks, s, e, isCommon);
    if (!name) continue;
    let z = name.j;
    if (z < e && ['.', ','].includes(toks[z]!.text)) z++;
    if (z !== e || name.words > 3 || !toks[name.i]!.cap) continue;
    add(personCand(src, toks, name, 'person-signline'));
  }
}

/** A correspondence heading `[DocType [No.] from|by] NAME to NAME [DocType]` on tokens [s, e); true when the line is one (names added). */
function headingLine(src: string, toks: Token[], s: number, e: number, add: (c: Candidate) => void, isCommon: (folded: string) => boolean): boolean {
  let k = s;
  const docWord = HEADING_DOC_WORDS.has(bare(toks[k]));
  if (docWord) {
    k++;
    if (/^\d+$/.test(toks[k]?.text ?? '')) k++;
    if (k < e && bare(toks[k]) === 'by') {
      const by = lineName(toks, k + 1, e, isCommon);
      if (by && by.j === e) add(personCand(src, toks, by, 'person-heading'));
      return true;
    }
    if (k < e && toks[k]!.text === ',') k++;
    else if (k >= e || bare(toks[k]) !== 'from') return true;
    else k++;
  }
  // each side is one name or several joined by `and` or commas (`Chifley and Evatt to Forde`)
  const side = (from: number): NameSpan[] => {
    const names: NameSpan[] = [];
    let q = from;
    for (;;) {
      const n = q < e ? lineName(toks, q, e, isCommon) : undefined;
      if (!n) return [];
      names.push(n);
      q = n.j;
      if (q < e && (bare(toks[q]) === 'and' || toks[q]!.text === ',')) { q++; continue; }
      return names;
    }
  };
  const firsts = side(k);
  const after = firsts.length ? firsts[firsts.length - 1]!.j : -1;
  if (after > 0 && after < e && bare(toks[after]) === 'to') {
    const seconds = side(after + 1);
    let z = seconds.length ? seconds[seconds.length - 1]!.j : -1;
    if (z > 0 && z < e && HEADING_DOC_WORDS.has(bare(toks[z]))) z++;
    if (z === e) {
      for (const n of [...firsts, ...seconds]) add(personCand(src, toks, n, 'person-heading'));
      return true;
    }
  }
  return docWord;
}

/** `(signed)`, `(Sgd.)`, `(gez.)` ending at the bracket k: a signature mark in a typed copy. */
function parenMark(toks: Token[], k: number): boolean {
  let q = k - 1;
  if (toks[q]?.text === '.') q--;
  return ['signed', 'sgd', 'sig', 'gez'].includes(bare(toks[q])) && toks[q - 1]?.text === '(';
}

/** `Veith, Jean` / `TARANENKO, G. I.`: surname, comma, given name(s) or initials, then end of phrase. */
function readInverted(toks: Token[], k: number): NameSpan | undefined {
  const t = toks[k];
  if (!isNameWord(t) || toks[k + 1]?.text !== ',') return undefined;
  let j = k + 2;
  let hasInitials = false;
  let hasGiven = false;
  let given: string | undefined;
  while (j < toks.length && toks[j]!.line === t!.line) {
    if (isInitial(toks, j)) { hasInitials = true; given ??= toks[j]!.text[0]!.toLowerCase(); j += initialWidth(toks, j); continue; }
    if (GIVEN_NAMES.has(bare(toks[j])) && toks[j]!.cap) { hasGiven = true; given ??= bare(toks[j])[0]; j++; continue; }
    break;
  }
  if (!hasInitials && !hasGiven) return undefined;
  if (hasInitials && gazetteer().abbreviations.has(toks.slice(k + 2, j).filter((x) => x.isWord).map((x) => x.text).join(''))) return undefined;
  const next = toks[j];
  if (next && next.line === t!.line && ![',', '.', ';', ')', '/'].includes(next.text) && !(hasInitials && isTitle(toks, j))) return undefined;
  // the final stop of the last initial is part of the span
  const n: NameSpan = { i: k, j, surname: foldTok(t!), hasInitials, hasGiven, words: 1 };
  if (given) n.given = given;
  return n;
}

/** Places from the gazetteer (strong names anywhere, weak ones in locative contexts) and from locative patterns. */
function findPlaces(text: string, toks: Token[], add: (c: Candidate) => void, isCommon: (folded: string) => boolean): void {
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (!t.isWord) continue;
    const prev = toks[k - 1];
    const pb = bare(prev);
    // `Hill 588`
    if (t.text === 'Hill' && toks[k + 1] && /^\d+$/.test(toks[k + 1]!.text)) {
      add({ type: 'place', start: t.start, end: toks[k + 1]!.end, cue: 'place-feature', weight: WEIGHT['place-feature'], text: text.slice(t.start, toks[k + 1]!.end) });
      continue;
    }
    // `Rue de Sanssuse`, `Juvenllestr.`, `Koenigstrasse`
    if (/^(Rue|Avenue|Boulevard|Via|Calle|Place)$/.test(t.text) && toks[k + 1]?.line === t.line) {
      const n = readName(toks, k + 1) ?? (PARTICLES.has(toks[k + 1]!.text) ? readName(toks, k + 2) : undefined);
      if (n) {
        const end = toks[n.j - 1]!.end;
        add({ type: 'place', start: t.start, end, cue: 'place-feature', weight: WEIGHT['place-feature'], text: text.slice(t.start, end) });
        k = n.j - 1;
        continue;
      }
    }
    if (t.cap && /(strasse|straße|str|platz|allee|gasse|weg|street|road)$/i.test(t.text) && t.text.length > 5 && !/^(Street|Road)$/.test(t.text)) {
      const end = toks[k + 1]?.text === '.' && toks[k + 1]!.start === t.end ? toks[k + 1]!.end : t.end;
      if (!/(weg|street|road)$/i.test(t.text) || /^[A-Z][a-z]+(strasse|straße|str)$/.test(t.text)) {
        add({ type: 'place', start: t.start, end, cue: 'place-feature', weight: WEIGHT['place-feature'], text: text.slice(t.start, end) });
        continue;
      }
    }
    if (!t.cap) continue;
    const b = bare(t);
    if (CALENDAR.has(b) || (NON_NAME.has(b) && b !== 'the')) continue;
    // `The Hague`, `the Ukraine`: try with and without the article
    const hit = gazetteerAt(toks, k);
    if (DEMONYMS.has(b) && (!hit || hit.j === k + 1)) continue;
    // a title the gazetteer also knows as a town (`Duce`, `Marshal`) is the title
    if (hit && hit.j === k + 1 && TITLES.has(b)) continue;
    // a demonym the gazetteer also lists as a spelling of its country (`Thai`, `Canadian`) is an adjective
    if (hit && hit.j === k + 1 && /(?:ian|ese|i|ish)$/.test(b) && gazetteer().demonyms.has(b) && fold(hit.entry.name) !== b) continue;
    // `Gulf of Bothnia`, `Sea of Japan`, `Lake of Geneva`
    if (['Gulf', 'Bay', 'Sea', 'Strait', 'Straits', 'Lake', 'Isle', 'Cape', 'Mount'].includes(t.text) && toks[k + 1]?.text === 'of' && isNameWord(toks[k + 2]) && toks[k + 2]!.line === t.line) {
      const h2 = gazetteerAt(toks, k + 2);
      const e2 = h2 ? h2.j : k + 3;
      const end = endOf(toks[e2 - 1]!);
      add({ type: 'place', start: t.start, end, cue: 'place-feature', weight: WEIGHT['place-feature'], text: text.slice(t.start, end) });
      k = e2 - 1;
      continue;
    }
    const locative = LOCATIVE.has(pb) || (t.lineStart && toks[k + 1]?.text === ',' && CALENDAR_RE.test(toks[k + 2]?.text ?? ''));
    const slashOrParen = (toks[k + 1]?.text === '/' || (toks[k - 1]?.text === '/' && toks[k - 1]!.end === t.start));
    if (hit) {
      const e = hit.entry;
      const lastTok = toks[hit.j - 1]!;
      // a name followed by a capitalised word continues (`Washington Post`, `Berlin Wall`): left to orgs/persons
      if (e.strong || locative || slashOrParen || (e.kind !== 'city' && e.kind !== 'country')) {
        if (b === 'the' && hit.j === k + 1) continue;
        const end = endOf(lastTok);
        // an initial before (`H. Washington`) or a title before makes it a person
        if (isTitle(toks, k - 1) || (prev?.text === '.' && isInitial(toks, k - 2))) continue;
        const start = b === 'the' && !fold(e.name).startsWith('the') ? toks[k + 1]!.start : t.start;
        add({ type: 'place', start, end, cue: 'place-gazetteer', weight: WEIGHT['place-gazetteer'] + (e.strong ? 0.5 : 0) + (hit.j - k > 1 ? 0.6 : 0), place: e, text: text.slice(start, end) });
        k = hit.j - 1;
        continue;
      }
    }
    if (!isNameWord(t) || COMMON_WORDS.has(b) || isCommon(foldTok(t))) continue;
    // locative patterns for names no gazetteer knows
    const next = toks[k + 1];
    let cue = false;
    if (next && next.line === t.line && FEATURE_AFTER.has(bare(next)) && !next.cap) cue = true; // `Grodekovo district`, `Chankufeng hill`
    if (bare(next) === 'and' && isNameWord(toks[k + 2]) && /s$/.test(bare(toks[k + 3])) && FEATURE_AFTER.has(bare(toks[k + 3])) && !toks[k + 3]!.cap) cue = true; // `the X and Y hills`
    if (next?.text === '/' && toks[k + 2] && gazetteerAt(toks, k + 2)) cue = true; // `Weissenburg/Bavaria`
    if (prev?.text === '/' && toks[k - 2] && gazetteerAt(toks, k - 2)) cue = true;
    if (next?.text === '(' && toks[k + 2] && gazetteerAt(toks, k + 2)?.entry.kind === 'country') cue = true; // `Annecy (France)`
    if (t.lineStart && next?.text === ',' && CALENDAR_RE.test(toks[k + 2]?.text ?? '') && !t.allCaps) cue = true; // dateline
    if (pb === 'of' && FEATURE_BEFORE_OF.has(bare(toks[k - 2]))) cue = true; // `Camp of Mauthausen`, `city of X`
    if (prev?.text === ',' && /^camp$/i.test(toks[k - 2]?.text ?? '')) cue = true; // `concentration camp, X`
    if (next && /^Concentration$/i.test(next.text)) cue = true; // `X Concentration Camp`
    if (['born', 'residing', 'resident'].includes(bare(toks[k - 2])) && pb === 'in') cue = true;
    if (cue && t.text.length >= 3) {
      add({ type: 'place', start: t.start, end: endOf(t), cue: 'place-context', weight: WEIGHT['place-context'], text: text.slice(t.start, endOf(t)) });
    }
  }
}

/**
 * Resolve overlapping candidates: the stronger cue wins, then the longer span; a place inside an
 * organisation's name is dropped (it belongs to the organisation, per the annotation guidelines).
 */
export function resolveOverlaps(cands: Candidate[]): Candidate[] {
  const sorted = [...cands].sort((a, b) => b.weight - a.weight || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  // Kept spans never overlap, so they are kept ordered by start and a candidate is tested against
  // its two neighbours only (binary search): O(n log n) instead of O(n²), which made documents of
  // a few megabytes take minutes (issue 7, found by measuring; same result as testing every kept span).
  const kept: Candidate[] = [];
  const hit = (k: Candidate | undefined, c: Candidate): boolean => !!k && c.start < k.end && k.start < c.end;
  for (const c of sorted) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.start <= c.start) lo = mid + 1;
      else hi = mid;
    }
    if (hit(kept[lo - 1], c) || hit(kept[lo], c)) continue;
    kept.splice(lo, 0, c);
  }
  return kept;
}

/** Words before a bare surname that make a person-like context (`minute by Barnes`, `made on Matthews`). */
const LEX_PERSON_BEFORE = new Set(['by', 'to', 'from', 'with', 'and', 'on']);
/** Faiths and peoples that the names lexicon lists as names. */
const LEX_NOT_NAMES = new Set(('muslim moslem christian catholic protestant jewish jew hindu buddhist islamic sikh arab arabs bantu maori aboriginal anglican methodist presbyterian lutheran baptist quaker bolshevik nazi fascist communist socialist marxist zionist'
  // feasts, records, makers, and US states the gazetteer lacks
  + ' ramadan christmas easter hansard boeing lockheed douglas alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming').split(' '));
/** Words before a place rather than a person (`defence of Quemoy`, `coast of Madura`). */
const LEX_PLACE_BEFORE = new Set(['of', 'in', 'at', 'near', 'across', 'through', 'towards', 'toward', 'via', 'into', 'around', 'throughout', 'within', 'outside', 'over']);
/** Past tenses that make a sentence-initial name act (besides speech verbs and `…ed`). */
const LEX_ACT_VERBS = new Set('spoke wrote took gave made sent met saw rang brought sought began drew struck held led kept put'.split(' '));
const LEX_ARTICLES = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'all', 'many', 'some', 'our', 'their', 'his', 'her', 'its', 'no', 'any', 'every']);

/** A word of a lexical name: in the names lexicon, no place, demonym, title, month, institution or common word. */
function lexicalWord(t: Token | undefined, isCommon: (folded: string) => boolean): boolean {
  if (!t || !isNameWord(t) || t.allCaps) return false;
  // one document's tokens meet one isCommon: the answer can be kept on the token
  return (t.lexical ??= lexicalText(t, isCommon));
}

function lexicalText(t: Token, isCommon: (folded: string) => boolean): boolean {
  const word = t.text.replace(/[’'][sS]$/u, '');
  const parts = word.split('-');
  const lex = lexicon();
  for (const p of parts) {
    if (!/^\p{Lu}\p{Ll}+$/u.test(p) || !lex.names.has(p)) return false;
    const f = fold(p);
    if (gazetteer().byName.has(f) || gazetteer().demonyms.has(f) || isCommon(f) || COMMON_WORDS.has(f) || isPeopleWord(f)) return false;
  }
  return !gazetteer().byName.has(fold(word));
}

/**
 * Weak lexical cue (runs last): a capitalised run of name-lexicon words in mid-sentence that is no
 * English word (or is one, after `by/to/from/with/and/on`), outside any place or organisation
 * already found; and the other members of a comma/`and` list one of whose members is a person.
 */
function findLexicalPersons(text: string, toks: Token[], found: Candidate[], add: (c: Candidate) => void, isCommon: (folded: string) => boolean): void {
  const covered = (s: number, e: number, type?: EntityType): boolean => found.some((c) => c.start < e && s < c.end && (!type || c.type === type));
  const lex = lexicon();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (!t.isWord || !t.cap || t.allCaps) continue;
    const prev = toks[k - 1];
    if (prev && prev.line === t.line && ((prev.isWord && prev.cap) || PARTICLES.has(prev.text))) continue;
    const sentenceStart = t.lineStart || !prev || ['.', '!', '?', ':', '"', '“', '(', '[', ';'].includes(prev.text);
    if (capsLine(toks, k)) continue;
    // at a sentence start only a single name that acts: `Barnes also underlined`, `Mawby duly spoke`
    if (sentenceStart) {
      let v = k + 1;
      if (SPEECH_ADVERBS.has(bare(toks[v])) || /ly$/.test(bare(toks[v]))) v++;
      const verb = toks[v];
      const acts = !!verb && verb.isWord && !verb.cap && verb.line === t.line && v > k && (SPEECH_VERBS.has(bare(verb)) || ACTION_AUXILIARIES.has(bare(verb)) || LEX_ACT_VERBS.has(bare(verb)) || /[^e]ed$/.test(bare(verb)));
      if (!acts) continue;
    }
    // the run: name words, particles and hyphenated parts on one line
    let j = k;
    let last = -1;
    while (j < toks.length && toks[j]!.line === t.line) {
      if (lexicalWord(toks[j], isCommon)) { last = j; j++; if (isPossessive(toks[j - 1]!)) break; continue; }
      if (last >= 0 && PARTICLES.has(toks[j]!.text) && lexicalWord(toks[j + 1], isCommon)) { j++; continue; }
      break;
    }
    if (last < 0 || last !== j - 1) { k = Math.max(k, j - 1); continue; }
    const next = toks[j];
    // a following capitalised word makes a longer name of something else (`Barnes Committee`)
    if (next && next.line === t.line && next.isWord && next.cap && !isPossessive(toks[j - 1]!)) { k = j; continue; }
    const pb = bare(prev);
    if (LEX_ARTICLES.has(pb) || DEMONYMS.has(pb) || isTitle(toks, k - 1)) { k = j - 1; continue; }
    const start = t.start;
    const end = endOf(toks[j - 1]!);
    if (covered(start, end)) { k = j - 1; continue; }
    // glued to a mark (`DI/Az`), or in a comma list after a word that is no name (`Mau, Flo, Neu`, `Ost, Krakau`)
    if (prev && (prev.text === '/' || (prev.end === t.start && !['"', '“', '‘', "'"].includes(prev.text))) || next?.text === '/' || t.text.replace(/[’'][sS]$/u, '').length < 3) { k = j - 1; continue; }
    // a member of a list of places (`Java, Sumatra, and Madura`)
    const placeAt = (x: Token | undefined): boolean => !!x && found.some((c) => c.type === 'place' && c.start <= x.start && x.end <= c.end + 2);
    const lw = (q: number): string => bare(toks[q]);
    if (((prev?.text === ',' || pb === 'and' || pb === 'or') && (placeAt(toks[k - 2]) || (lw(k - 2) === ',' || lw(k - 2) === 'and') && placeAt(toks[k - 3])))
      || ((bare(next) === 'and' || bare(next) === 'or') && placeAt(toks[j + 1]))) { k = j - 1; continue; }
    if (LEX_NOT_NAMES.has(foldTok(t)) || LEX_PLACE_BEFORE.has(pb) || /^trans[-–]?$/.test(pb) || prev?.text === ')') { k = j - 1; continue; }
    // a type number or a glued bracket (`Boeing 747`, `Aus[tralian]`)
    if (next && ((next.line === t.line && /^\d/.test(next.text)) || (next.text === '[' && next.start === toks[j - 1]!.end))) { k = j - 1; continue; }
    const person = (x: Token | undefined): boolean => !!x && (!x.isWord || !x.cap || lexicalWord(x, isCommon) || found.some((c) => c.type === 'person' && c.start <= x.start && x.end <= c.end + 2));
    // in a list, a name-lexicon word is a person only beside a person found by another cue (`Quemoy and Matsu` are not)
    const strongPerson = (x: Token | undefined): boolean => !!x && found.some((c) => c.type === 'person' && c.cue !== 'person-lexical' && c.start <= x.start && x.end <= c.end + 2);
    const listed = (x: Token | undefined): boolean => !!x && x.isWord && x.cap && x.line === t.line && !strongPerson(x);
    if (((prev?.text === ',' || pb === 'and' || pb === 'or') && listed(toks[k - 2])) || ((bare(next) === 'and' || bare(next) === 'or') && listed(toks[j + 1]))) { k = j - 1; continue; }
    const words = toks.slice(k, j).filter((x) => x.isWord && !PARTICLES.has(x.text));
    const english = words.some((x) => x.text.replace(/[’'][sS]$/u, '').split('-').some((p) => lex.english.has(p.toLowerCase())));
    // an English word is a name only after by/to/from/with/on, or after `and` that follows a person (`Gutman and Ballard`),
    // and not before `of` nor as an abstract noun (`Purity of Race`)
    const personBefore = pb !== 'and' || person(toks[k - 2]) && !!toks[k - 2]?.cap && found.some((c) => c.type === 'person' && c.start <= toks[k - 2]!.start && toks[k - 2]!.end <= c.end + 2);
    const abstract = /(ity|ness|ism|ment|tion|ship|hood|dom)$/.test(foldTok(t)) || bare(next) === 'of';
    if (english && !(words.length === 1 && LEX_PERSON_BEFORE.has(pb) && personBefore && !abstract)) { k = j - 1; continue; }
    // an abbreviation (`Franz Eher, Succ.`)
    if (next?.text === '.' && next.start === toks[j - 1]!.end && toks[j - 1]!.text.length <= 4 && j - k === 1) { k = j - 1; continue; }
    add({ type: 'person', start, end, cue: 'person-lexical', weight: WEIGHT['person-lexical'], surname: foldTok(toks[j - 1]!), text: text.slice(start, end) });
    k = j - 1;
  }
  findListPersons(text, toks, found, add, isCommon);
}

/** `Mussert, Abel Bonnard, Paul Marion and Mezzasoma`: members of a list one of which is a person. */
function findListPersons(text: string, toks: Token[], found: Candidate[], add: (c: Candidate) => void, isCommon: (folded: string) => boolean): void {
  const overlapping = (s: number, e: number): Candidate[] => found.filter((c) => c.start < e && s < c.end);
  for (let k = 0; k < toks.length; k++) {
    const members: NameSpan[] = [];
    let q = k;
    for (;;) {
      const t = toks[q];
      if (!t || !t.isWord || !t.cap || t.allCaps) break;
      const n = readName(toks, q, false);
      if (!n || n.j <= q) break;
      members.push(n);
      q = n.j;
      const sep = toks[q];
      if (!sep || sep.line !== toks[k]!.line && sep.text !== ',') break;
      if (sep.text === ',' && bare(toks[q + 1]) === 'and') q += 2;
      else if (sep.text === ',' || bare(sep) === 'and') q += 1;
      else break;
    }
    if (members.length < 2) continue;
    const spans = members.map((n) => ({ n, start: toks[n.i]!.start, end: endOf(toks[n.j - 1]!) }));
    const hasPerson = spans.some((s) => overlapping(s.start, s.end).some((c) => c.type === 'person' && c.cue !== 'person-lexical' && c.start === s.start && c.end === s.end));
    if (hasPerson && !spans.some((s) => overlapping(s.start, s.end).some((c) => c.type !== 'person'))) {
      for (const s of spans) {
        if (overlapping(s.start, s.end).length) continue;
        const f = s.n.surname;
        const ws = toks.slice(s.n.i, s.n.j).filter((x, q) => x.isWord && !isInitial(toks, s.n.i + q));
        // an English word that is no name is a description (`Karl Herrmann, Lutheran Religion`)
        const described = ws.some((x) => x.text.replace(/[’'][sS]$/u, '').split('-').some((p) => lexicon().english.has(p.toLowerCase()) && (!lexicon().names.has(p) || (x === ws[ws.length - 1] && !GIVEN_NAMES.has(p.toLowerCase())))));
        const first = ws[0]!.text;
        const givenFirst = ws.length >= 2 && GIVEN_NAMES.has(first.toLowerCase());
        const lastTok = toks[s.n.j - 1]!;
        const abbreviation = s.n.words === 1 && toks[s.n.j]?.text === '.' && toks[s.n.j]!.start === lastTok.end && lastTok.text.length <= 4;
        if (abbreviation || LEX_NOT_NAMES.has(f) || s.n.words > 3 || (described && !givenFirst) || gazetteer().byName.has(f) || isCommon(f) || COMMON_WORDS.has(f) || ws.some((x) => isOrgHead(x) || x.allCaps)) continue;
        add({ type: 'person', start: s.start, end: s.end, cue: 'person-lexical', weight: WEIGHT['person-lexical'], surname: f, ...(s.n.given ? { given: s.n.given } : {}), text: text.slice(s.start, s.end) });
      }
    }
    k = q - 1;
  }
}
