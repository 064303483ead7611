/**
 * The date grammar: a hand-written scanner over month names, ordinals, roman and numeric forms that
 * finds calendar expressions in running text and returns them as *partial* dates (year, month or day
 * may be missing). Resolving a partial date against its context (document date, surrounding
 * narrative) is done by the caller (src/dates/index.ts). Pure; no state between calls.
 */

/** A calendar expression as written: any of its fields may be missing (`the 7th`, `July 29`, `1928`). */
export interface PartialDate {
  year?: number;
  /** True when the year was written with two digits (`6.I.41`): the century comes from context. */
  shortYear?: boolean;
  month?: number;
  day?: number;
}

/** One expression found by the scanner, with its tight span in the scanned text. */
export interface Candidate {
  start: number;
  end: number;
  /** The date, or the start of an interval. */
  a: PartialDate;
  /** The end of an interval (`between 7 and 12 August 1939`, `1933-1943`). */
  b?: PartialDate;
  /**
   * A day (or day and month) whose missing parts come from the next, fuller expression of the same
   * list (`7` in `7 and 8 February 1940`); filled in by the scanner itself.
   */
  elliptic?: boolean;
  /** Preceded by `of`/`dated`: a date cited in passing, which does not move the narrative on. */
  cited?: boolean;
  /** A bare year or a year interval. */
  yearOnly?: boolean;
  /** A Japanese era year (`Showa 12`) that a preceding month and day (`July 7,`) may complete. */
  eraYear?: boolean;
  /** `November of last year` (-1), `of this year` (0), `of next year` (+1): the year relative to the document's. */
  yearRel?: -1 | 0 | 1;
  /** `the 5th inst.` (0), `ult.` (-1), `prox.` (+1): the month relative to the document's month. */
  monthRel?: -1 | 0 | 1;
  /** A year heading a line (`1938` before the diary entries of that year): it sets the narrative's year. */
  heading?: boolean;
  /** `last November` (-1: the latest before the reference) or `next January` (+1: the first after it). */
  rel?: -1 | 1;
}

/** Options of {@link scan}. */
export interface ScanOptions {
  /** Accept month names in lower case (`7 may 1938`): on for a lone expression, off in running text. */
  anyCase?: boolean;
  /** Accept a lone four-digit number as a year without a cue (`1928` given on its own). */
  bareYears?: boolean;
  /** Try every pattern at every offset (the plain, slower search that the tests compare the fast one with). */
  everywhere?: boolean;
}

const MONTH_NAMES: [string, number][] = [
  ['january', 1], ['jan', 1], ['januar', 1], ['janvier', 1],
  ['february', 2], ['feb', 2], ['febr', 2], ['februar', 2], ['fevrier', 2],
  ['march', 3], ['mar', 3], ['maerz', 3], ['märz', 3], ['mars', 3],
  ['april', 4], ['apr', 4], ['avril', 4],
  ['may', 5], ['mai', 5],
  ['june', 6], ['jun', 6], ['juni', 6], ['juin', 6],
  ['july', 7], ['jul', 7], ['juli', 7], ['juillet', 7],
  ['august', 8], ['aug', 8], ['aout', 8], ['août', 8],
  ['september', 9], ['sept', 9], ['sep', 9], ['septembre', 9],
  ['october', 10], ['oct', 10], ['oktober', 10], ['okt', 10], ['octobre', 10],
  ['november', 11], ['nov', 11], ['novembre', 11],
  ['december', 12], ['dec', 12], ['dezember', 12], ['dez', 12], ['decembre', 12], ['décembre', 12],
];
const MONTHS = new Map<string, number>(MONTH_NAMES);
/** Names that are ordinary words when written in lower case or at a sentence start without a number. */
const ABBREVIATED = new Set(['jan', 'feb', 'febr', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'okt', 'nov', 'dec', 'dez']);

const MONTH_ALT = [...MONTHS.keys()].sort((x, y) => y.length - x.length).join('|');
/** A month name, optionally abbreviated with a full stop; group `m`. */
const M = `(${MONTH_ALT})(?![\\p{L}])\\.?`;
/** A day of the month with an optional ordinal suffix (OCR variants `1th`, `2d`). */
const D = `([0-3]?\\d|[1-3][oO](?=th))(?:st|nd|rd|th|d|ST|ND|RD|TH)?(?![\\p{L}\\d])`;
/** A four-digit year 1500-2099. */
const Y = `(1[5-9]\\d{2}|20\\d{2})(?!\\d)`;

const ROMAN: Record<string, number> = {
  i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10, xi: 11, xii: 12,
};

// Patterns, each tried over the whole text. Groups are positional per pattern.
/** `7 Aug. 1938`, `13th day of May 1945`, `9th of August`, `22.Jan.`, `2 July, 1946`. */
const RE_DMY = new RegExp(`(?=\\d)(?:(?<![\\p{L}\\d.,/]|\\b\\p{Lu}-)|(?<=\\bof))${D}\\.?(?:\\s+day)?(?:\\s+of)?[\\s.]*${M}(?:,?\\s*(?:${Y}|\\[${Y}\\]|'?(\\d{2})(?![\\d\\p{L}]|[.,:]\\d)))?`, 'giu');
/** `August 7, 1938`, `July 29`, `May 4th, 1945`, `Sept.7 1939`. */
const RE_MDY = new RegExp(`(?=[jfmasondJFMASOND])(?<![\\p{L}])${M}[ \\t]*(?:the[ \\t]+(?=\\d{1,2}(?:st|nd|rd|th)))?([0-3]?\\d)(?:st|nd|rd|th|d|ST|ND|RD|TH)?(?![\\p{L}\\d]|[./:]\\d|,(?!(?:1[5-9]|20)\\d\\d(?!\\d))\\d)(?:,?\\s*(?:${Y}|\\[${Y}\\]|'(\\d{2})(?![\\d\\p{L}]))|,[ \\t]*([3-9]\\d)(?![\\d\\p{L}]|[.,:/]\\d))?`, 'giu');
/** `December 1931`, `June, 1936`. */
const RE_MY = new RegExp(`(?=[jfmasondJFMASOND])(?<![\\p{L}])${M},?[ \\t]*(?:(?:of[ \\t]+)?${Y}|\\[${Y}\\]|'(\\d{2})(?![\\d\\p{L}]))`, 'giu');
/** `Dec 19.41`, `Jan. 11.43`: month name, day and a two-digit year after a full stop. */
const RE_MD_YY = new RegExp(`(?=[jfmasondJFMASOND])(?<![\\p{L}]|\\d(?:st|nd|rd|th)?\\.?\\s)${M}\\s*([0-3]?\\d)\\.(\\d{2})(?![\\d\\p{L}]|[.,]\\d|\\s*(?:a\\.\\s?m|p\\.\\s?m|hrs|hours|o'clock))`, 'giu');
/** A month on its own after a cue (`in September`, `the end of November`, `early in January`). */
const RE_MONTH_ALONE = /(?=[JFMASOND])(?<=\b(?:in|In|IN|of|during|During|since|Since|until|Until|till|by|By|from|From|to|early|late|before|Before|after|After|beginning|end|middle|last|Last|next|Next)[ \t]+|\bmid-[ \t]?|\bmid[ \t]+)(January|February|March|April|May|June|July|August|September|October|November|December)(?![\p{L}\d]|[ \t]*,?[ \t]*\d)/gu;
/** `6.I.41`, `6. I. 1941`. */
const RE_ROMAN = /(?<![\p{L}\d/]|\d\.)([0-3]?\d)([./-])\s?(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\2\s?(\d{4}|\d{2})(?![\d.\p{L}]|\.\d)/gu;
/** `28.2.1933`, `11.7.44`, `13/4/38`, `2/19/1943`, `1941-06-18`. */
const RE_NUM = /(?<![\p{L}\d/-]|\d\.)([0-3]?\d)([./-])\s?([01]?\d)\2\s?(\d{4}|\d{2})(?![\d\p{L}]|[./-]\d)/gu;
const RE_ISO = /(?<![\p{L}\d./-])(1[5-9]\d{2}|20\d{2})(?:-([01]\d)-([0-3]\d)|\.([01]?\d)\.([0-3]?\d))(?![\d\p{L}]|[./-]\d)/gu;
/** `3/1936`: month/year. */
const RE_MY_NUM = /(?<![\p{L}\d./-])([01]?\d)\/(1\d{3}|20\d{2})(?![\d\p{L}]|[./-]\d)/gu;
/** `1933-1943`, `1914/1918`, `1941/42`, `1934 37` (a dash lost in OCR). */
const RE_YEAR_RANGE = /(?<![\p{L}\d./-])(1\d{3}|20\d{2})(\s*[-–—/]\s*|--|\s)(\d{4}|\d{2})(?![\d\p{L}]|[./-]\d)/gu;
/** Years in a list or interval: `1936 and 1937`, `1938, 1939 and 1940`, `1923 to 1926`. */
const RE_YEAR_LIST = /(?<![\p{L}\d./,-])((?:1[89]|20)\d\d)((?:\s*,\s*(?:1[89]|20)\d\d)*)(\s*,?\s+(?:and|or|&|to|until|till)\s+)((?:1[89]|20)\d\d)(?![\d\p{L}]|[./,-]\d)/gu;
/** A bare four-digit year. */
const RE_YEAR = /(?<![\p{L}\d./,-])(1[6-9]\d{2}|20\d{2})(?![\d\p{L}]|[./,-]\d|-\p{Lu})/gu;
/** `the 7th`: a day of the month on its own. */
const RE_THE_DAY = /(?=[tT])\b(the|The|THE)\s+([0-3]?\d)(st|nd|rd|th)(?![\p{L}\d])/gu;
const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth',
  'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth',
  'twentieth'];
/** The day of an ordinal written in words (`twenty-third`), undefined when it is not one. */
function ordinalWord(w: string): number | undefined {
  const s = w.toLowerCase().replace(/[\s-]+/gu, '-');
  const i = ORDINAL_WORDS.indexOf(s);
  if (i >= 0) return i + 1;
  if (s === 'thirtieth') return 30;
  const m = /^(twenty|thirty)-(.+)$/u.exec(s);
  if (!m) return undefined;
  const j = ORDINAL_WORDS.indexOf(m[2]!);
  if (j < 0 || j > 8) return undefined;
  return (m[1] === 'twenty' ? 20 : 30) + j + 1;
}
/** `the first of February`, `the twenty-third day of May, 1945`: a day in words, then `of` and a month. */
const RE_WORD_DMY = new RegExp(`(?=[efnstEFNST])\\b((?:twenty|thirty|Twenty|Thirty)[- ]?)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)(?:\\s+day)?\\s+of\\s+${M}(?:,?\\s*${Y})?`, 'giu');

/** First year of the Japanese eras met in Tokyo-trial documents, less one (`Showa 13` = 1925 + 13 = 1938). */
const ERAS: Record<string, number> = { meiji: 1867, taisho: 1911, showa: 1925 };
/**
 * Japanese era dates: `the 7th day of the 7th month of the 12th year of Showa`, `12th year of Showa`,
 * `Showa 13`, `July 7, Showa 12`.
 */
const RE_ERA = /(?:(?:the\s+)?([0-3]?\d)(?:st|nd|rd|th)?\s+day\s+of\s+(?:the\s+)?([01]?\d)(?:st|nd|rd|th)?\s+month\s+of\s+(?:the\s+)?)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+year\s+of\s+(Showa|Taisho|Meiji|SHOWA|TAISHO|MEIJI)\b|\b(Showa|Taisho|Meiji|SHOWA|TAISHO|MEIJI)\s*,?\s*(\d{1,2})(?:st|nd|rd|th)?(?![\d\p{L}]|[.,/:-]\d)(?:\s+year\b)?)/gu;

/** `13th instant`, `the 24th inst.`, `5th ult.`, `2nd prox.`: a day of this, last or next month. */
const RE_DAY_REL = /(?<![\p{L}\d.,/])([0-3]?\d)(?:st|nd|rd|th)?\s+(inst\.?|instant|ult\.?|ultimo|prox\.?|proximo)(?![\p{L}])/gu;
/** A further day in a list after a day (`, 8th`, ` or 9th`). */
const RE_LIST_NEXT = /^(\s*,\s*|\s+(?:and|or|&)\s+|\s*,\s*(?:and|or)\s+)([0-3]?\d)(st|nd|rd|th)?(?![\p{L}\d]|[.:,/]\d|\s*(?:a\.m|p\.m|hours|o'clock))/u;
/** Days before a fuller date (`7 and ` / `7th, 8th or `), matched at the end of the preceding text. */
const RE_LIST_BEFORE = /((?:(?<![\p{L}\d.,/])[0-3]?\d(?:st|nd|rd|th)?\.?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|to|till|until)\s+(?:the\s+)?|\s*[-–]\s*))+)$/u;
const RE_DAY_TOKEN = /([0-3]?\d)(?:st|nd|rd|th)?\.?(\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|to|till|until)\s+(?:the\s+)?|\s*[-–]\s*)/gu;

/** `to 17`, `-9, 1938` after a month and day: the end of an interval within the month. */
const RE_DAY_RANGE_AFTER = /^\s*(?:[-–]|to|till|until)\s*([0-3]?\d)(?:st|nd|rd|th)?(?![\p{L}\d]|[.,/:]\d)(?:,?\s*(1\d{3}|20\d{2})(?!\d))?/u;

/** Words after a bare year that show it is a quantity (`1500 men`), not a year. */
const QUANTITY_AFTER = /^\s*(?:men|people|persons|soldiers|troops|workers|prisoners|tons?|marks|RM|Reichsmarks?|pounds|dollars|francs|rubles|roubles|yen|km|kilomet(?:er|re)s?|met(?:er|re)s?|feet|ft|yards|miles|copies|pages|hours|minutes|head|cases|[%£$])(?![\p{L}])/iu;
/** Words before a number that make it an identifier (`No. 1517`, `Doc. 1969`), not a date. */
const IDENTIFIER_BEFORE = /(?:\b(?:No|Nr|Nos|Nrs|Doc|Docs|Document|Documents|Exhibit|Exh|Ex|page|pages|p|pp|Section|Sec|Article|Art|Para|paragraph|file|File|Az|Reg|Serial|telegram|Telegram|cable|Cable|Item|item|Vol|vol|Volume|minute|Minute|folio|fol|Case|case|Order|order|number|Number|Nummer|Tgb|Br|Ref|Rf)\.?\s*(?:No\.?\s*)?|[#$£§]\s*|\d\s+|[A-Z]{1,3}\s*:?\s*|\d[,.]\s*)$/u;
/** Cue words before a bare year (`in 1928`, `since 1936`, `the year 1936`, `winter 1938/1939`). */
const YEAR_CUE_BEFORE = /(?:\b(?:in|In|IN|of|since|Since|until|Until|till|by|By|from|From|to|during|During|before|Before|after|After|year|years|Year|early|late|end|beginning|spring|summer|autumn|fall|winter|mid|between|Between|and|or|circa|ca\.|c\.|about|around|throughout|for|For|against|Spring|Summer|Autumn|Winter|the)\s+|[(,]\s*|\bmid-)$/u;
/** Words before a date that cite it in passing (`the decree of 28 February 1933`). */
const CITED_BEFORE = /\b(?:of|dated|Dated|born|Born|b\.|died|d\.)\s+(?:on\s+)?(?:the\s+)?$/u;
/** Words after `the 7th` that make it an ordinal of something else (`the 7th Army`). */
const ORDINAL_NOUN_AFTER = /^(?:\s+(?!(?:of|and|or|to|till|until|at|in|inst|instant|ult|ultimo|prox|proximo|when|with|the|he|she|they|we|it|there|a|an|was|were|is|will|would|had|has|but|as|on|by|for|not|if)\b|I(?![.\p{L}]))[\p{L}]|\s*\(\p{Lu}[^)]*\)\s+\p{L}|\s*[-–]\s*\d|\s+of\s+(?:each|every|the\s+(?!month)|\p{Ll}+\s+(?!month))|\s+of\s+(?:each|every)\b)/u;

// ---------------------------------------------------------------------------------------------
// Where the patterns are tried. Most of the patterns above need a month name, an era name or an
// ordinal day; tried at every offset of a document (`matchAll`), their Unicode case-insensitive
// scans were most of the dates stage's time. One cheap scan finds where a month name may begin,
// and each such pattern is then tried (sticky) only there: the same matches, in the same order.
// ---------------------------------------------------------------------------------------------

/** The first three letters of every month name: every month name of {@link M} begins with one. */
const MONTH_PREFIX = new RegExp([...new Set(MONTH_NAMES.map(([n]) => n.slice(0, 3)))].join('|'), 'gi');
/** Characters that Unicode case folding (the `iu` patterns) equates with an ASCII letter, but {@link MONTH_PREFIX} does not (`ſ`, Kelvin `K`). */
const FOLDS_TO_ASCII = /[\u017f\u212a]/u;
/** `the 7th`: what {@link RE_THE_DAY} needs, without its Unicode look-arounds. */
const THE_DAY_PREFIX = /(?:the|The|THE)\s+[0-3]?\d(?:st|nd|rd|th)/g;
/** What {@link RE_DAY_REL} needs, without its Unicode look-arounds. */
const DAY_REL_CORE = /\d(?:st|nd|rd|th)?\s+(?:inst|ult|prox)/;
const ERA_NAMES = ['Showa', 'Taisho', 'Meiji', 'SHOWA', 'TAISHO', 'MEIJI'];
const WS = /\s/u;
const NO_MATCH: RegExpMatchArray[] = [];

/**
 * Offsets where a month name may begin (three letters of one), ascending: all of them, and those not
 * after an ASCII letter (where a month that stands as a word begins), so that the month patterns are
 * tried there only. Undefined when the text holds a character that only Unicode case folding reads
 * as a letter of a month name: the caller then scans the whole text.
 */
export function monthStarts(text: string): { any: number[]; words: number[] } | undefined {
  if (FOLDS_TO_ASCII.test(text)) return undefined;
  const any = startsOf(MONTH_PREFIX, text);
  const words = any.filter((i) => {
    const c = i > 0 ? text.charCodeAt(i - 1) | 32 : 0;
    return !(c >= 97 && c <= 122);
  });
  return { any, words };
}

/** Every offset (overlapping ones too) where global `re` matches in `text`, ascending. */
function startsOf(re: RegExp, text: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push(m.index);
    re.lastIndex = m.index + 1;
  }
  return out;
}

const STICKY = new Map<RegExp, RegExp>();

/**
 * What `text.matchAll(re)` gives, trying `re` (sticky) only at `starts`, ascending offsets that include
 * every offset where a match can begin: the same matches for a fraction of the scanning. The whole
 * text when `starts` is undefined.
 */
export function matchesAt(re: RegExp, text: string, starts: readonly number[] | undefined): RegExpExecArray[] | IterableIterator<RegExpMatchArray> {
  if (!starts) return text.matchAll(re);
  let y = STICKY.get(re);
  if (!y) STICKY.set(re, (y = new RegExp(re.source, re.flags.replace('g', '') + 'y')));
  const out: RegExpExecArray[] = [];
  let from = 0;
  for (const p of starts) {
    if (p < from) continue;
    y.lastIndex = p;
    const m = y.exec(text);
    if (m) {
      out.push(m);
      from = p + Math.max(1, m[0].length);
    }
  }
  return out;
}

const isWs = (text: string, i: number): boolean => WS.test(text.charAt(i));
const isDigit = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const isAsciiLetter = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i) | 32;
  return c >= 97 && c <= 122;
};
/** What may stand between the day and the month of {@link RE_DMY}: digits, `o` of `3oth`, ordinal suffixes, `day`, `of`, full stops, white space. */
const DMY_GAP = new Set('0123456789stndrhayofSTNDRHAYOF.');

/**
 * Where {@link RE_DMY} may begin: the first digit of a number that only digits, ordinal suffixes,
 * `day`, `of`, full stops and white space separate from a month name (`7th day of May`, `22.Jan.`).
 */
function numericDayStarts(text: string, months: readonly number[]): number[] {
  const out = new Set<number>();
  let done = 0;
  for (const m of months) {
    let b = m;
    while (b > done && (DMY_GAP.has(text.charAt(b - 1)) || isWs(text, b - 1))) b--;
    for (let i = b; i < m; i++) if (isDigit(text, i) && (i === 0 || !isDigit(text, i - 1))) out.add(i);
    done = m;
  }
  return [...out].sort((x, y) => x - y);
}

/**
 * Where {@link RE_WORD_DMY} may begin: the ordinal word (and the `twenty`/`thirty` before it) that
 * ends before `[day] of` and a month name (`the first of May`, `the twenty-third day of May`).
 */
function wordDayStarts(text: string, months: readonly number[]): number[] {
  const out = new Set<number>();
  const wordEndingAt = (e: number): void => {
    let u = e;
    while (u > 0 && isAsciiLetter(text, u - 1)) u--;
    if (u === e) return;
    out.add(u);
    if (u >= 2 && (text.charAt(u - 1) === '-' || text.charAt(u - 1) === ' ')) {
      let t = u - 1;
      while (t > 0 && isAsciiLetter(text, t - 1)) t--;
      if (t < u - 1) out.add(t);
    }
  };
  const afterSpace = (e: number): number => {
    let k = e;
    while (k > 0 && isWs(text, k - 1)) k--;
    return k;
  };
  for (const p of months) {
    const k = afterSpace(p);
    if (k === p || k < 3 || (text.charCodeAt(k - 1) | 32) !== 102 || (text.charCodeAt(k - 2) | 32) !== 111) continue;
    const e = afterSpace(k - 2);
    if (e === k - 2) continue;
    wordEndingAt(e);
    if (e >= 3 && text.slice(e - 3, e).toLowerCase() === 'day') {
      const f = afterSpace(e - 3);
      if (f < e - 3) wordEndingAt(f);
    }
  }
  return [...out].sort((x, y) => x - y);
}

function monthOf(name: string): number | undefined {
  return MONTHS.get(name.toLowerCase());
}

/** True when a month name may be taken as a month here: capitalised or upper case, unless anyCase. */
function monthOk(name: string, anyCase: boolean): boolean {
  if (anyCase) return true;
  const c = name.charAt(0);
  return c !== c.toLowerCase();
}

/** A day number as printed, reading an OCR `o` as `0` (`3oth`). */
function dayOf(s: string): number {
  return Number(s.replace(/[oO]/gu, '0'));
}

function validDay(d: number): boolean {
  return d >= 1 && d <= 31;
}

function shortOrLong(y: string): PartialDate {
  return y.length === 2 ? { year: Number(y), shortYear: true } : { year: Number(y) };
}

/**
 * Every calendar expression in `text`, in source order, non-overlapping (the longest wins where two
 * patterns overlap). Spans are tight: they never include a trailing full stop unless it belongs to
 * an abbreviated month (`Dec.`).
 */
export function scan(text: string, opts: ScanOptions = {}): Candidate[] {
  const anyCase = !!opts.anyCase;
  const found: Candidate[] = [];
  const push = (c: Candidate): void => {
    found.push(c);
  };
  // (each pattern is tried only where it can match, see matchesAt; `when` skips one that cannot)
  const ms = opts.everywhere ? undefined : monthStarts(text);
  const months = ms?.words;
  const when = (ok: boolean, re: RegExp): Iterable<RegExpMatchArray> => (ok || opts.everywhere ? text.matchAll(re) : NO_MATCH);

  for (const m of matchesAt(RE_DMY, text, ms && numericDayStarts(text, ms.any))) {
    const [whole, d, mon, y0, yb, yy] = m;
    const y = y0 ?? yb;
    const month = monthOf(mon!);
    const day = dayOf(d!);
    if (month === undefined || !validDay(day) || !monthOk(mon!, anyCase)) continue;
    const start = m.index!;
    let end = start + whole.length;
    let year: PartialDate = y ? { year: Number(y) } : {};
    if (yy) {
      // `28 August 36`: a two-digit year, unless it counts something (`7 May 20 men`)
      // (a number that could be a day, `6 July 22`, is read as `July 22`: years up to 1931 are rare here)
      if (Number(yy) <= 31 || QUANTITY_AFTER.test(text.slice(end, end + 16)) || /^\s*[-–]/u.test(text.slice(end))) {
        end = start + whole.search(/,?\s*'?\d{2}$/u);
      } else year = { year: Number(yy), shortYear: true };
    }
    if (!y && !yy) end = trimMonthEnd(text, end, mon!);
    push({ start, end, a: { day, month, ...year } });
  }
  for (const m of matchesAt(RE_MDY, text, months)) {
    const [whole0, mon, d, y0, yb, yq, yc] = m;
    const y = y0 ?? yb;
    const month = monthOf(mon!);
    const day = Number(d);
    if (month === undefined || !validDay(day) || !monthOk(mon!, anyCase)) continue;
    let whole = whole0;
    let yy = yq;
    // `Jan 19, 39`: a two-digit year after a comma, if it cannot be a day and counts nothing (`May 2, 45 men`)
    if (yc) {
      if (QUANTITY_AFTER.test(text.slice(m.index! + whole.length, m.index! + whole.length + 16))) whole = whole.slice(0, whole.lastIndexOf(','));
      else yy = yc;
    }
    const end = m.index! + whole.length;
    // `November the 11th Hundred`: an ordinal of something else
    if (/\bthe\s/u.test(whole) && !y && !yy && ORDINAL_NOUN_AFTER.test(text.slice(end, end + 20))) continue;
    const year: PartialDate = y ? { year: Number(y) } : yy ? { year: Number(yy), shortYear: true } : {};
    push({ start: m.index!, end, a: { day, month, ...year } });
  }
  for (const m of matchesAt(RE_MY, text, months)) {
    const [, mon, y0, yb, yy] = m;
    const month = monthOf(mon!);
    if (month === undefined || !monthOk(mon!, anyCase)) continue;
    const year: PartialDate = yy ? { year: Number(yy), shortYear: true } : { year: Number(y0 ?? yb) };
    push({ start: m.index!, end: m.index! + m[0].length, a: { month, ...year } });
  }
  for (const m of matchesAt(RE_MD_YY, text, months)) {
    const [, mon, d, yy] = m;
    const month = monthOf(mon!);
    const day = Number(d);
    if (month === undefined || !validDay(day) || !monthOk(mon!, anyCase)) continue;
    push({ start: m.index!, end: m.index! + m[0].length, a: { day, month, year: Number(yy), shortYear: true } });
  }
  for (const m of matchesAt(RE_MONTH_ALONE, text, months)) {
    const before = text.slice(Math.max(0, m.index! - 6), m.index!);
    const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 8);
    const rel = /\b[Ll]ast\s+$/u.test(before) || /^,?\s+last\b(?!\s+year)/u.test(after) ? -1
      : /\b[Nn]ext\s+$/u.test(before) || /^,?\s+next\b(?!\s+year)/u.test(after) ? 1 : undefined;
    push({ start: m.index!, end: m.index! + m[0].length, a: { month: monthOf(m[1]!)! }, ...(rel ? { rel } : {}) });
  }
  for (const m of matchesAt(RE_WORD_DMY, text, months && wordDayStarts(text, months))) {
    const [, tens, unit, mon, y] = m;
    const day = ordinalWord((tens ?? '') + unit!);
    const month = monthOf(mon!);
    if (day === undefined || month === undefined || !monthOk(mon!, anyCase)) continue;
    const start = m.index!;
    let end = start + m[0].length;
    if (!y) end = trimMonthEnd(text, end, mon!);
    push({ start, end, a: { day, month, ...(y ? { year: Number(y) } : {}) } });
  }
  for (const m of when(ERA_NAMES.some((e) => text.includes(e)), RE_ERA)) {
    const [whole, d, mo, n1, e1, e2, n2] = m;
    const era = ERAS[(e1 ?? e2)!.toLowerCase()]!;
    const n = Number(n1 ?? n2);
    if (n < 1 || n > 64) continue;
    const a: PartialDate = { year: era + n };
    if (d && mo) {
      const day = Number(d);
      const month = Number(mo);
      if (!validDay(day) || month < 1 || month > 12) continue;
      a.month = month;
      a.day = day;
    }
    const start = m.index! + (/^\s*(?:the\s+)?/iu.exec(whole)![0].length);
    push({ start, end: m.index! + whole.length, a, ...(d ? {} : { eraYear: true }) });
  }
  for (const m of when(DAY_REL_CORE.test(text), RE_DAY_REL)) {
    const day = Number(m[1]);
    if (!validDay(day)) continue;
    const w = m[2]!.charAt(0);
    push({ start: m.index!, end: m.index! + m[0].length, a: { day }, monthRel: w === 'u' ? -1 : w === 'p' ? 1 : 0 });
  }
  for (const m of text.matchAll(RE_ROMAN)) {
    const [, d, , r, y] = m;
    const day = Number(d);
    const month = ROMAN[r!.toLowerCase()];
    if (!validDay(day) || month === undefined) continue;
    push({ start: m.index!, end: m.index! + m[0].length, a: { day, month, ...shortOrLong(y!) } });
  }
  for (const m of text.matchAll(RE_NUM)) {
    const [, p, sep, q, y] = m;
    let day = Number(p);
    let month = Number(q);
    if (sep === '/' && month > 12 && day <= 12) [day, month] = [month, day]; // US order, `2/19/1943`
    if (!validDay(day) || month < 1 || month > 12) continue;
    if (isIdentifierContext(text, m.index!)) continue;
    // `27-12-1944`; with dashes a two-digit year needs a word that announces a date (`on 13-8-68`)
    if (sep === '-' && y!.length === 2 && !/\b(?:on|dated|of|from|since|until|till|commenced|to)\s+$/iu.test(text.slice(Math.max(0, m.index! - 12), m.index!))) continue;
    push({ start: m.index!, end: m.index! + m[0].length, a: { day, month, ...shortOrLong(y!) } });
  }
  for (const m of text.matchAll(RE_ISO)) {
    const [, y, mo, d, mo2, d2] = m;
    const month = Number(mo ?? mo2);
    const day = Number(d ?? d2);
    if (month < 1 || month > 12 || !validDay(day)) continue;
    push({ start: m.index!, end: m.index! + m[0].length, a: { year: Number(y), month, day } });
  }
  for (const m of text.matchAll(RE_MY_NUM)) {
    const [, mo, y] = m;
    const month = Number(mo);
    if (month < 1 || month > 12) continue;
    if (isIdentifierContext(text, m.index!)) continue;
    push({ start: m.index!, end: m.index! + m[0].length, a: { year: Number(y), month } });
  }
  for (const m of text.matchAll(RE_YEAR_RANGE)) {
    const [whole, y1, sep, y2] = m;
    const from = Number(y1);
    let to = Number(y2);
    if (y2!.length === 2) to = Math.floor(from / 100) * 100 + to;
    if (to <= from || to - from > 60) continue;
    const start = m.index!;
    const end = start + whole.length;
    if (isIdentifierContext(text, start)) continue;
    // A lost dash (`1934 37`) is only believed at the end of a phrase.
    if (/^\s$/u.test(sep!) && !/^\s*(?:[.,;:)\]]|$|\r?\n)/u.test(text.slice(end, end + 2))) continue;
    if (QUANTITY_AFTER.test(text.slice(end, end + 16))) continue;
    push({ start, end, a: { year: from }, b: { year: to }, yearOnly: true });
  }
  for (const m of text.matchAll(RE_YEAR_LIST)) {
    // ascending plausible years joined as a list are years, unless a word before makes them numbers
    const start = m.index!;
    const end = start + m[0].length;
    if (isIdentifierContext(text, start) || QUANTITY_AFTER.test(text.slice(end, end + 16))) continue;
    const items: { year: number; start: number }[] = [];
    const re = /\d{4}/gu;
    for (const y of m[0].matchAll(re)) items.push({ year: Number(y[0]), start: start + y.index! });
    if (!items.every((it, i) => i === 0 || it.year > items[i - 1]!.year)) continue;
    if (items.length === 2 && /^\s+(?:to|until|till)\s+$/u.test(m[3]!)) {
      push({ start, end, a: { year: items[0]!.year }, b: { year: items[1]!.year }, yearOnly: true });
      continue;
    }
    if (/\b(?:to|until|till)\b/u.test(m[3]!)) continue;
    for (const it of items) push({ start: it.start, end: it.start + 4, a: { year: it.year }, yearOnly: true });
  }
  for (const m of text.matchAll(RE_YEAR)) {
    const start = m.index!;
    const end = start + m[0].length;
    const heading = isYearHeading(text, start, end);
    if (!opts.bareYears && !heading && !isYearInContext(text, start, end)) continue;
    push({ start, end, a: { year: Number(m[1]) }, yearOnly: true, ...(heading ? { heading } : {}) });
  }

  const chosen = resolveOverlaps(found);
  const withLists = mergeIntervals(text, addMonthLists(text, addListDays(text, chosen)));
  for (const c of withLists) {
    if (CITED_BEFORE.test(text.slice(Math.max(0, c.start - 16), c.start))) c.cited = true;
    // `November of last year`, `the first of February of this year`: the year counts from the document's
    if (c.a.year === undefined && !c.b && c.rel === undefined && c.a.month !== undefined) {
      // `last November`, `on 19th August, next`: the latest such date before, or the first after, the document's
      const before = text.slice(Math.max(0, c.start - 6), c.start);
      const after = text.slice(c.end, c.end + 8);
      if (/\b[Ll]ast\s+$/u.test(before) || /^,?\s+last\b(?!\s+year)/u.test(after)) c.rel = -1;
      else if (/\b[Nn]ext\s+$/u.test(before) || /^,?\s+next\b(?!\s+year)/u.test(after)) c.rel = 1;
    }
    if (c.a.year === undefined && !c.b) {
      const ym = /^,?\s+of\s+(last|this|next)\s+year/u.exec(text.slice(c.end, c.end + 24));
      if (ym) c.yearRel = ym[1] === 'last' ? -1 : ym[1] === 'next' ? 1 : 0;
    }
  }
  return withLists;
}

/** Drop a trailing full stop after a month name that is not an abbreviation (`1 August.`). */
function trimMonthEnd(text: string, end: number, mon: string): number {
  return text.charCodeAt(end - 1) === 46 /* . */ && !ABBREVIATED.has(mon.toLowerCase()) ? end - 1 : end;
}

function isIdentifierContext(text: string, start: number): boolean {
  return IDENTIFIER_BEFORE.test(text.slice(Math.max(0, start - 14), start));
}

/** A year standing at the head of a line, alone or before a day and month (`1938 11 February:`, a diary). */
function isYearHeading(text: string, start: number, end: number): boolean {
  if (!/(?:^|\n)[ \t]*$/u.test(text.slice(Math.max(0, start - 40), start))) return false;
  return RE_AFTER_HEADING_YEAR.test(text.slice(end, end + 24));
}

/** A bare four-digit number is a year when a cue word precedes it or it closes a publication line. */
function isYearInContext(text: string, start: number, end: number, inList = false): boolean {
  const before = text.slice(Math.max(0, start - 14), start);
  const after = text.slice(end, end + 16);
  if (QUANTITY_AFTER.test(after)) return false;
  if (!inList && /^[ \t]*[-–]?[ \t]*\d/u.test(after)) return false;
  if (/(?:\b(?:No|Nr|Nos|Doc|Document|Exhibit|page|p|pp|Section|Article|Art|Para|paragraph|Vol|Volume)\.?\s*|[#$£§]\s*)$/u.test(before)) return false;
  // `Nos. 1834 and 1835`: after `and`/`or`/`to`, a number continues whatever the number before it was
  const prev = /(?<![\d.,/])(\d{4})(?:\s*,\s*|\s+)(?:and|or|to|&)\s+$/u.exec(text.slice(Math.max(0, start - 24), start));
  if (prev) {
    const pStart = start - prev[0].length;
    return /^(?:1[6-9]|20)\d\d$/u.test(prev[1]!) && isYearInContext(text, pStart, pStart + 4, true);
  }
  if (YEAR_CUE_BEFORE.test(before)) {
    // `, 1946` counts only at the end of a line (a publication or date line), not in a list of numbers.
    if (/,\s*$/u.test(before) && !/^\s*(?:\.?\s*(?:\r?\n|$))/u.test(after)) return /\b(?:in|of|since)\s+\p{Lu}\p{L}+,\s*$/u.test(before);
    return true;
  }
  return false;
}

/** Keep the longest of overlapping candidates (earliest first on ties); result in source order. */
function resolveOverlaps(found: Candidate[]): Candidate[] {
  const sorted = [...found].sort((x, y) => (y.end - y.start) - (x.end - x.start) || x.start - y.start);
  const kept: Candidate[] = [];
  // kept spans, sorted by start, checked by binary search: overlapping candidates are few, texts long
  const starts: number[] = [];
  const ends: number[] = [];
  for (const c of sorted) {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < c.end) lo = mid + 1;
      else hi = mid;
    }
    // lo = first kept span starting at or after c.end; the one before it is the only one that can overlap
    if (lo > 0 && ends[lo - 1]! > c.start) continue;
    starts.splice(lo, 0, c.start);
    ends.splice(lo, 0, c.end);
    kept.push(c);
  }
  return kept.sort((x, y) => x.start - y.start);
}

/**
 * Lists and intervals around a date with a day: `7 and 12 August 1939` (preceding days),
 * `the 7th, 8th or 9th` (following days), `July 29 and 30`; `between … and …`, `from … to …` and
 * `7-9 August` become one interval, other lists one mention per day.
 */
function addListDays(text: string, cands: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  let prevEnd = 0;
  for (const c of cands) {
    if (c.start < prevEnd) continue; // swallowed by an interval before it (`August 7-9, 1938`)
    if (c.a.day !== undefined && !c.b) {
      const lo = Math.max(prevEnd, c.start - 60);
      const before = text.slice(lo, c.start);
      const lm = RE_LIST_BEFORE.exec(before);
      if (lm && /^[0-3]?\d/u.test(text.slice(c.start))) {
        const chainStart = lo + lm.index;
        const days: { day: number; start: number; end: number; conn: string; raw: string }[] = [];
        for (const dm of lm[1]!.matchAll(RE_DAY_TOKEN)) {
          const s = chainStart + dm.index!;
          days.push({ day: Number(dm[1]), start: s, end: s + dm[0].length - dm[2]!.length, conn: dm[2]!.trim().split(/\s+/u)[0]!, raw: dm[2]! });
        }
        const lead = text.slice(Math.max(0, chainStart - 10), chainStart);
        const last = days[days.length - 1];
        const isRange = days.length === 1 && last !== undefined && (
          (/\bbetween\s+(?:the\s+)?$/iu.test(lead) && last.conn === 'and') ||
          /^[-–]$|^to$|^till$|^until$/u.test(last.conn));
        // `vol. 16, 28 March`, `No. 7, 3rd September`: a number of something else before the date
        // (a list ends with `and`/`or`: `Koenigsplatz 6, 16 November` is an address, not a list)
        const numberOfSomething = isIdentifierContext(text, chainStart) || days.every((d) => /^\s*,\s*$/u.test(d.raw)) ||
          days.some((d, i) => d.conn === ',' && d.day >= (days[i + 1]?.day ?? c.a.day!));
        if (!numberOfSomething && days.every((d) => validDay(d.day)) && days.length > 0) {
          if (isRange && last) {
            const fill = { ...c.a, day: last.day };
            out.push({ start: last.start, end: c.end, a: fill, b: c.a });
            prevEnd = c.end;
            continue;
          }
          if (days.every((d) => d.conn !== '-' && d.conn !== '–' && !/^(?:to|till|until)$/u.test(d.conn))) {
            for (const d of days) out.push({ start: d.start, end: d.end, a: { ...c.a, day: d.day }, elliptic: true });
          }
        }
      }
    }
    // `February 16 to 17`, `August 7-9, 1938`: an interval within one month
    if (c.a.day !== undefined && !c.b) {
      const fm = RE_DAY_RANGE_AFTER.exec(text.slice(c.end, c.end + 24));
      if (fm && validDay(Number(fm[1])) && Number(fm[1]) > c.a.day && !cands.some((k) => !k.yearOnly && k.start > c.end && k.start < c.end + fm[0].length)) {
        const a: PartialDate = fm[2] && c.a.year === undefined ? { ...c.a, year: Number(fm[2]) } : c.a;
        const endAt = c.end + fm[0].length;
        out.push({ start: c.start, end: endAt, a, b: { ...a, day: Number(fm[1]) } });
        prevEnd = endAt;
        continue;
      }
    }
    out.push(c);
    prevEnd = c.end;
    // following days: `July 29 and 30`, `the 7th, 8th or 9th`
    if (c.a.day !== undefined && !c.b && c.a.year === undefined) {
      let pos = c.end;
      for (;;) {
        const nm = RE_LIST_NEXT.exec(text.slice(pos, pos + 20));
        if (!nm) break;
        const day = Number(nm[2]);
        if (!validDay(day)) break;
        const s = pos + nm[1]!.length;
        const e = pos + nm[0].length;
        // a following day that is itself the start of a fuller date is left to that date
        if (cands.some((k) => k.start === s)) break;
        if (ORDINAL_NOUN_AFTER.test(text.slice(e, e + 20)) && !nm[3]) break;
        out.push({ start: s, end: e, a: { ...c.a, day }, elliptic: true });
        pos = e;
        prevEnd = e;
      }
    }
  }
  return out;
}

const MONTH_WORD = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Febr|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?`;
/** Months before a month with a year (`July or August of 1942`, `October-November 1944`). */
const RE_MONTHS_BEFORE = new RegExp(`((?:(?<![\\p{L}])${MONTH_WORD}(?:\\s*[-–/]\\s*|\\s+(?:and|or|to|till|until)\\s+|\\s*,\\s*(?:and\\s+|or\\s+)?))+)$`, 'u');
const RE_MONTH_TOKEN = new RegExp(`(${MONTH_WORD})(\\s*[-–/]\\s*|\\s+(?:and|or|to|till|until)\\s+|\\s*,\\s*(?:and\\s+|or\\s+)?)`, 'gu');
/** A further month in a list after a month (`, August`, ` and September`). */
const RE_MONTH_NEXT = /^(\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+(?:early\s+|late\s+)?)(January|February|March|April|May|June|July|August|September|October|November|December)(?![\p{L}])/u;

/**
 * Lists of months: `July, August and September` after a cue, `July or August of 1942` (one mention
 * per month, the year shared), `October-November 1944` (one interval).
 */
function addMonthLists(text: string, cands: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  let prevEnd = 0;
  for (const c of cands) {
    if (c.a.month !== undefined && c.a.day === undefined && !c.b && c.a.year !== undefined) {
      // months already found before it (`in November/ December 1937`, `between July and September
      // 1943`, `during January, February and March 1942`) share its year or open an interval with it
      let k = out.length;
      let next = c.start;
      while (k > 0) {
        const p = out[k - 1]!;
        if (p.b || p.a.day !== undefined || p.a.month === undefined || p.a.year !== undefined || p.rel) break;
        if (!/^(?:\s*[-–/]\s*|\s+(?:and|or|to|till|until)\s+|\s*,\s*(?:and\s+|or\s+)?)$/u.test(text.slice(p.end, next))) break;
        k--;
        next = p.start;
      }
      if (k < out.length) {
        const first = out[k]!;
        const gap = text.slice(first.end, (out[k + 1] ?? c).start);
        const lead = text.slice(Math.max(0, first.start - 12), first.start);
        const interval = k === out.length - 1 && (/^\s*(?:[-–/]|to|till|until)\s*$/u.test(gap) ||
          (/^\s+and\s+$/u.test(gap) && /\b[Bb]etween\s+$/u.test(lead)));
        const yearOf = (m: number): PartialDate => ({ year: c.a.year! - (m > c.a.month! ? 1 : 0), ...(c.a.shortYear ? { shortYear: true } : {}) });
        if (interval) {
          out[k] = { start: first.start, end: c.end, a: { month: first.a.month!, ...yearOf(first.a.month!) }, b: c.a };
          prevEnd = c.end;
          continue;
        }
        for (let j = k; j < out.length; j++) {
          const p = out[j]!;
          out[j] = { ...p, a: { ...p.a, ...yearOf(p.a.month!) }, elliptic: true };
        }
      }
    }
    if (c.a.month !== undefined && c.a.day === undefined && !c.b) {
      const lo = Math.max(prevEnd, c.start - 60);
      const lm = RE_MONTHS_BEFORE.exec(text.slice(lo, c.start));
      if (lm) {
        const chainStart = lo + lm.index;
        const months: { month: number; start: number; end: number; conn: string }[] = [];
        for (const mm of lm[1]!.matchAll(RE_MONTH_TOKEN)) {
          const st = chainStart + mm.index!;
          const month = monthOf(mm[1]!.replace(/\.$/u, ''));
          if (month === undefined) continue;
          months.push({ month, start: st, end: st + mm[1]!.length, conn: mm[2]!.trim().split(/\s+/u)[0]! });
        }
        const last = months[months.length - 1];
        const between = /\b[Bb]etween\s+$/u.test(text.slice(Math.max(0, chainStart - 10), chainStart));
        if (months.length === 1 && last && (/^(?:[-–/]|to|till|until)$/u.test(last.conn) || (between && last.conn === 'and')) && last.month < c.a.month) {
          out.push({ start: last.start, end: c.end, a: { ...c.a, month: last.month }, b: c.a });
          prevEnd = c.end;
          continue;
        }
        if (months.every((m) => !/^(?:[-–/]|to|till|until)$/u.test(m.conn))) {
          for (const m of months) out.push({ start: m.start, end: m.end, a: { ...c.a, month: m.month }, elliptic: true });
        }
      }
    }
    out.push(c);
    prevEnd = c.end;
    if (c.a.month !== undefined && c.a.day === undefined && c.a.year === undefined && !c.b) {
      let pos = c.end;
      for (;;) {
        const nm = RE_MONTH_NEXT.exec(text.slice(pos, pos + 30));
        if (!nm) break;
        const st = pos + nm[1]!.length;
        const en = pos + nm[0].length;
        if (cands.some((k) => k.start < en && st < k.end)) break;
        out.push({ start: st, end: en, a: { ...c.a, month: monthOf(nm[2]!)! }, elliptic: true });
        pos = en;
        prevEnd = en;
      }
    }
  }
  return out;
}

const RE_AFTER_HEADING_YEAR = new RegExp(`^[ \\t]*(?:\\r?\\n|$|[0-3]?\\d[ \\t]+${MONTH_WORD}(?![\\p{L}]))`, 'u');

/**
 * Two dates joined as an interval: `February 1937-August 1939`, `(from) 15 March to 5 May 1933`,
 * `between 1 May and 3 June 1940` (TEI `@from`/`@to`); the first borrows the year of the second.
 */
function mergeIntervals(text: string, cands: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < cands.length; i++) {
    const c1 = cands[i]!;
    const c2 = cands[i + 1];
    // `July 7, Showa 12`: a month and day completed by the era year after them
    if (c2 && c2.eraYear && c1.a.year === undefined && c1.a.month !== undefined && !c1.b && /^\s*,?\s*$/u.test(text.slice(c1.end, c2.start))) {
      out.push({ start: c1.start, end: c2.end, a: { ...c1.a, year: c2.a.year! } });
      i++;
      continue;
    }
    const years = !!(c2 && c1.yearOnly && c2.yearOnly && !c1.b && !c2.b && c1.a.year! < c2.a.year!);
    if (years && c2) {
      // `from 1935 to 1941`, `between 1870 and 1918`, `1930 to 1934`: one interval of years
      const gap = text.slice(c1.end, c2.start);
      const lead = text.slice(Math.max(0, c1.start - 12), c1.start);
      if (/^\s+(?:to|until|till)\s+$/u.test(gap) || (/^\s+and\s+$/u.test(gap) && /\b[Bb]etween\s+$/u.test(lead))) {
        out.push({ start: c1.start, end: c2.end, a: c1.a, b: c2.a, yearOnly: true });
        i++;
        continue;
      }
    }
    if (c2 && !c1.b && !c2.b && !c1.elliptic && !c2.elliptic && !c1.yearOnly && !c2.yearOnly &&
        c1.a.month !== undefined && c2.a.month !== undefined && (c1.a.day === undefined) === (c2.a.day === undefined)) {
      const gap = text.slice(c1.end, c2.start);
      const lead = text.slice(Math.max(0, c1.start - 12), c1.start);
      const joined = /^[ \t]*[-–][ \t]*$/u.test(gap) ||
        /^\s+(?:to|until|till|up to)\s+(?:the\s+)?$/u.test(gap) ||
        (/^\s+and\s+(?:the\s+)?$/u.test(gap) && /\b[Bb]etween\s+(?:the\s+)?$/u.test(lead));
      const key = (p: PartialDate): number => (p.year ?? 0) * 500 + (p.month ?? 0) * 32 + (p.day ?? 0);
      const ordered = c1.a.year === undefined || c2.a.year === undefined || key(c1.a) < key(c2.a);
      if (joined && ordered && (c1.a.year === undefined || c2.a.year !== undefined)) {
        const a: PartialDate = { ...c1.a };
        if (a.year === undefined && c2.a.year !== undefined) {
          a.year = c2.a.year - (a.month! > c2.a.month! ? 1 : 0);
          if (c2.a.shortYear) a.shortYear = true;
        }
        out.push({ start: c1.start, end: c2.end, a, b: c2.a, ...(c1.cited ? { cited: true } : {}) });
        i++;
        continue;
      }
    }
    out.push(c1);
  }
  return out;
}

/** `the 7th` (and lists after it): days of the month standing alone; call after {@link scan}. */
export function scanBareDays(text: string, taken: Candidate[], opts: Pick<ScanOptions, 'everywhere'> = {}): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matchesAt(RE_THE_DAY, text, opts.everywhere ? undefined : startsOf(THE_DAY_PREFIX, text))) {
    const s = m.index! + m[1]!.length + (m[0].length - m[1]!.length - m[2]!.length - m[3]!.length);
    const e = m.index! + m[0].length;
    const day = Number(m[2]);
    if (!validDay(day)) continue;
    if (taken.some((k) => k.start < e && s < k.end)) continue;
    const after = text.slice(e, e + 24);
    if (ORDINAL_NOUN_AFTER.test(after)) continue;
    if (/^\s+of\s+(?!\p{Lu})/u.test(after) && !/^\s+of\s+(?:this|the)\s+month/u.test(after)) continue;
    const group: Candidate[] = [{ start: s, end: e, a: { day } }];
    let pos = e;
    let ofSomething = false;
    for (;;) {
      const nm = RE_LIST_NEXT.exec(text.slice(pos, pos + 20));
      if (!nm || !nm[3]) break;
      const d2 = Number(nm[2]);
      const s2 = pos + nm[1]!.length;
      const e2 = pos + nm[0].length;
      if (!validDay(d2) || taken.some((k) => k.start < e2 && s2 < k.end)) break;
      // `the 6th and 7th Divisions`: the noun after the list makes every ordinal of it one of something else
      if (ORDINAL_NOUN_AFTER.test(text.slice(e2, e2 + 24))) {
        ofSomething = true;
        break;
      }
      group.push({ start: s2, end: e2, a: { day: d2 } });
      pos = e2;
    }
    if (!ofSomething) out.push(...group);
  }
  return out;
}
