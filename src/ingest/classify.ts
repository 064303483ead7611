/**
 * Line-level recognisers for page furniture, identifiers, signatures, datelines, stamps and the
 * openings of certificates. Each works on one line (length-capped), anchored, without nested
 * quantifiers, so that scanning stays linear in the size of the file.
 */
import type { CertificateType } from '../model/index.js';

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
/** A calendar date with a year, as typed in datelines: `26 Feb 1938`, `August 7, 1938`, `13th day of May 1945`, `18.6.41`. */
export const DATE_SRC =
  `(?:\\d{1,2}(?:st|nd|rd|th|d)?\\.?,?\\s+(?:day\\s+of\\s+)?${MONTH},?\\s+\\d{2,4}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th|d)?,?\\s+\\d{2,4}|${MONTH},?\\s+\\d{4}|\\d{1,2}\\.\\s?\\d{1,2}\\.\\s?\\d{2,4}|\\d{1,2}\\.[IVX]{1,4}\\.\\d{2,4})`;
const DATE_ONLY = new RegExp(`^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?(?:the\\s+)?${DATE_SRC}\\.?$`, 'i');
const ENDS_WITH_DATE = new RegExp(`(?:^|[\\s,])${DATE_SRC}(?:,?\\s*\\d{1,2}(?:[.:]\\d{2})?\\s*(?:[ap]\\.?\\s?m\\.?|hours|hrs\\.?))?[.,]?$`, 'i');
/** Every date expression of a line or paragraph, for header facts. */
export const DATE_GLOBAL = new RegExp(`\\b${DATE_SRC}`, 'gi');

/** Page number on a line of its own (`28`, `4-`, `- 4 -`, `Page 3`): `fw type=pageNum` and the `n` of its `pb` (TEI Guidelines 11.6). */
export function isPageNumber(t: string): string | undefined {
  const m = /^(?:[-–—]\s*)?(?:Page\s+|p\.\s*)?(\d{1,4})(?:\s*[-–—])?\.?$/i.exec(t);
  return m ? m[1] : undefined;
}

/** Identifier stamps typed on the page (exhibit, defence and prosecution document numbers): `fw type=stamp` in the text, `msIdentifier/idno` in the header (Guidelines 10.4). */
export function idStamp(t: string): { type: string; value: string } | undefined {
  if (t.length > 60) return undefined;
  let m = /^(?:(?:Prosecution|Defen[cs]e|IPS)\s+)?(?:Exhibit|Exh\.)\s*(?:No\.?\s*)?#?\s*([0-9][0-9A-Za-z-]*)\.?$/i.exec(t);
  if (m) return { type: 'exhibit', value: m[1]! };
  m = /^Def(?:ense|ence)?\.?\s*Doc(?:ument)?\.?\s*(?:No\.?)?\s*#?\s*([0-9][0-9A-Za-z-]*)\.?$/i.exec(t);
  if (m) return { type: 'defenseDocument', value: m[1]! };
  m = /^(?:IPS\s+)?(?:Doc(?:ument)?\.?\s*)?(?:No\.?|#)\s*#?\s*([0-9][0-9A-Za-z-]*)\.?$/i.exec(t);
  if (m && /^(?:IPS|Doc)/i.test(t)) return { type: 'document', value: m[1]! };
  return undefined;
}

/** A running head naming the publication (`Nazi Conspiracy and Aggression Volume IV`). */
export function isRunningHead(t: string): boolean {
  return t.length <= 80 && /^[A-Z][A-Za-z ,'&-]{2,70}\s(?:Volume|Vol\.)\s+[IVXLC\d]+$/.test(t);
}

/** A signature mark: `/s/`, `Signed:`, `(Sgd)`, `Signature:`, `/Signature/`, `[signed: …]`, `sgd.` */
export function signatureAt(t: string): number {
  if (t.length > 160) return -1;
  const m = /(?:^|[\s(:;-])(\/s\/|\/sgd\/|\/signed\/|\(s\)|\(Sgd\.?\)|Sgd\.|\/Signature\/|\[signed\b|\[signature\b|\[illegible\s+signature\]|\((?:sig|signature|signed|sgd|sd)\.?\s?:?\))/i.exec(t);
  // (`(SD)` is the Sicherheitsdienst, not `(sd)` for signed)
  if (m && !/^\(S\s?D\)$/.test(m[1]!)) return m.index + (m[0].length - m[1]!.length);
  const s = /^(?:Signed|Signature|signed|Sgd|Witness(?:es)?)\s*[:.]\s*\S/i.exec(t);
  if (s || /^(?:Sign|Sig)\.\s*(?:Dr\.\s*)?[A-Z][A-Za-z'-]+/.test(t) || /^sign\.:\s*\S/i.test(t)) return 0;
  // `Signed-Keitel.`, `per sig. Liebehenschel`, `per Dr. Schlegelberger.`, `By Order of MUELLER`
  if (t.length <= 60 && /^(?:Signed\s?[-–]\s?[A-Z]|per\s+(?:sig\.?\s+)?(?:Dr\.\s+)?[A-Z][A-Za-z'-]+\.?$|By\s+order\s+of\s+(?:Dr\.\s+)?[A-Z][A-Z'-]+\.?$)/i.test(t)) return 0;
  // `signed ACKERMANN clerk`, `… true copy: signed: PAFF`
  if (/^signed\s+[A-Z][A-Z.'-]+(?:\s|$)/i.test(t) && !/^signed\s+(?:by|on|at|in|the|and|this|it)\b/i.test(t)) return 0;
  const c = /[:;,]\s*(signed\s*:)/i.exec(t);
  if (c) return c.index + c[0].length - c[1]!.length;
  return -1;
}

/**
 * What a dateline says without what the editors and telegraphists added after the date: note
 * references (`[1]`), editorial brackets (`5 January [1940]`, `[17 April 1940, 6.10 p.m.]`), the hour
 * in any typed form (`4-02 p.m.`, `5.24-9.22P.m`, `1O.25 p.m.`, `12 noon`, `evening`) and a trailing
 * classification (`MOST SECRET,`).
 */
function datelineCore(t: string): string {
  // (each rewrite only where its cheap end test allows: this runs on every line of the corpus)
  const end = lastNonSpace(t);
  let s = end === ']' || end === ')' ? t.replace(/(?:\s*\[\d{1,3}\](?:\(#f\d+\))?)+\s*$/, '') : t;
  if (s.includes('[')) s = s.replace(/[[\]]/g, '').replace(/\s+/g, ' ').trim();
  if (/[A-Z]{4}[.,]?$/.test(s)) s = s.replace(/,?\s*(?:(?:MOST|TOP)\s+)?(?:SECRET|CONFIDENTIAL|IMMEDIATE|URGENT|PERSONAL|RESTRICTED|CLEAR)(?:\s+(?:AND|&)\s+[A-Z]+)?[.,]?$/, '');
  if (/(?:m|noon|night|hours|hrs|ing)\.?[.,]?$/i.test(s)) s = s.replace(/,?\s*(?:[\dO]{1,2}(?:\s?[.:,-]\s?[\dO]{2})?(?:\s?-\s?\d{1,2}[.:]\d{2})?\s*\??\s*(?:[ap]\.?\s?m\.?|noon|midnight|hours|hrs\.?)|noon|midnight|morning|afternoon|evening|night)[.,]?$/i, '');
  return s.replace(/,$/, '').trim();
}

/** A dateline (TEI `<dateline>`, Guidelines 4.2.2): place and date (`Vienna, 26 Feb 1938`), or a date alone (`2 July, 1946.`). */
export function isDateline(line: string): boolean {
  if (line.length > 130 || !/\d/.test(line)) return false;
  const t = datelineCore(line);
  if (t.length > 110) return false;
  if (DATE_ONLY.test(t)) return true;
  if (!ENDS_WITH_DATE.test(t)) return false;
  // the part before the date must look like a place or a document kind + place: few words, capitalised
  const words = t.split(/\s+/).length;
  if (words > 14) return false;
  // (a title ending in its date has more words before the date than a place or a document kind and place)
  const before = t.replace(ENDS_WITH_DATE, '').trim();
  if (before.split(/\s+/).length > 7 && !before.endsWith(',') && !/\d|\b[A-Z]{3,}\b/.test(before) && !/\b(?:Cablegram|Savingram|Telegram|Teleprinter|Letter|Memorandum|Despatch|Dispatch|Minute|Note|Record|Received)\b/i.test(before)) return false;
  if (!/^[A-Z(]/.test(t)) return false;
  // not a sentence ending in a date
  const prefix = t.replace(ENDS_WITH_DATE, '').trim();
  return !/\b(?:born|died|deceased|the|was|were|is|on|of|in|dated|since|until|from|to|and|by|at|before|after|this|letter|telegram|note|report)$/i.test(prefix);
}

/** A place line standing before a date line (`Tokyo, Japan`): one to four capitalised words. */
export function isPlaceLine(t: string): boolean {
  return t.length <= 40 && /^[A-Z][A-Za-z'-]+(?:,?\s[A-Z][A-Za-z'-]+){0,3}\.?$/.test(t) && !/^(?:The|To|From|Copy|Secret|Subject)\b/i.test(t);
}

/** A stamp or seal described on its own line (`/Seal of …/`, `[Stamp of …]`, `[Seal]`); `open` when it continues on the next line. */
export function stampLine(t: string): 'closed' | 'open' | undefined {
  // unbracketed descriptions: `Official stamp of Personal Staff …`, `Stamped: SA Group …`, `OFFICIAL STAMP: TOP SECRET`
  if (t.length <= 120 && /^(?:Official\s+|Round\s+|Rubber\s+)?(?:Seal|Stamp)(?:ed)?(?:\s+of\b|\s*:)\s*\S/i.test(t) && !/\s(?:is|was|were|has|had|have|will|would|shall|should|must|may|can)\s/i.test(t)) return 'closed';
  const m = /^([/[(])\s*(?:Official\s+|Round\s+|Rubber\s+)?(?:Seal|Stamp)(?:ed)?\b/i.exec(t);
  if (!m) return undefined;
  const close = m[1] === '/' ? '/' : m[1] === '[' ? ']' : ')';
  const at = t.indexOf(close, 1);
  if (at >= 0 && at < t.length - 2) {
    // a label and the stamp's text (`[Stamp] The Reich Governor in Bavaria 22 July 1935`, `[rubber stamp] The President …`)
    const rest = t.slice(at + 1).trim();
    if (m[1] === '[' && at <= 20 && t.length <= 120 && !/[[\]]/.test(rest) && signatureAt(rest) < 0 && !certificateOpening(rest)) return 'closed';
    return undefined; // `[seal] Certified: …`: an inline stamp in a line of text
  }
  return at >= 0 ? 'closed' : 'open';
}

/** The closing character of a stamp opened by `first`. */
export function stampCloser(first: string): string {
  return first === '/' ? '/' : first === '[' ? ']' : ')';
}

/** A line that opens a certificate of the apparatus, and which kind (ENCODING.md "Certification apparatus"). */
export function certificateOpening(t: string): { type: CertificateType; heading: boolean } | undefined {
  // a stamp noted before the formula (`[seal] Certified: …`) does not hide it
  const s = (t.length > 400 ? t.slice(0, 400) : t).replace(/^\[(?:seal|stamp)[^\]]{0,40}\]\s*/i, '');
  if (/^C\s?E\s?R\s?T\s?I\s?F\s?I\s?C\s?A\s?T\s?E\b/i.test(s) && s.length <= 100) {
    if (/TRANSLAT/i.test(s)) return { type: 'translation', heading: true };
    if (/SOURCE|ORIGIN|AUTHENTICITY/i.test(s)) return { type: 'source', heading: true };
    return { type: 'other', heading: true };
  }
  if (/^(?:TRANSLATOR'?S?|TRANSLATION)\s+CERTIFICATE\b/i.test(s)) return { type: 'translation', heading: true };
  if (/^AFFIDAVIT\s+OF\s+(?:TRANSLAT)/i.test(s)) return { type: 'translation', heading: true };
  if (/^(?:The|This)\s+(?:above\s+)?(?:copy|translation)\s+is\s+(?:a\s+)?(?:correct|true|accurate)/i.test(s)) {
    return { type: /translation/i.test(s.slice(0, 30)) ? 'translation' : 'copy', heading: false };
  }
  if (/^(?:This\s+is\s+)?(?:a\s+)?(?:true|correct)\s+copy\b/i.test(s)) return { type: 'copy', heading: false };
  if (/^Copy\s+(?:on\s+.{1,40}?\s+)?(?:made|taken|prepared)\s+from\s+the\s+original/i.test(s)) return { type: 'copy', heading: false };
  if (/^Copy\s+certified\b/i.test(s)) return { type: 'copy', heading: false };
  if (/^Certified\s+(?:a\s+)?(?:true\s+)?copy\b/i.test(s)) return { type: 'copy', heading: false };
  if (/^(?:Subscribed\s+and\s+)?sworn\s+(?:to\s+)?(?:and\s+subscribed\s+)?(?:to\s+)?before\s+me\b/i.test(s)) return { type: 'oath', heading: false };
  if (/^Subscribed\s+and\s+sworn\b/i.test(s)) return { type: 'oath', heading: false };
  if (/^Before\s+me,?\s.{0,200}?(?:personally\s+)?appeared\b/i.test(s)) return { type: 'oath', heading: false };
  if (/^(?:Certified|Attested|Authenticated|Authentication|Verified)(?:\s+(?:correct|true|copy|as\s+correct|for\s+correctness))?\s*[:.]/i.test(s)) return { type: 'authentication', heading: false };
  if (/^(?:Certified\s+correct|Authenticated)\b/i.test(s)) return { type: 'authentication', heading: false };
  if (/^Correct\s*:/.test(s) || (/^Certified\s+[A-Z]/i.test(s) && !/^Certified\s+(?:at|on|in|by|that|to|as|this|the|a|and|under|before|from|for)\b/i.test(s) && s.length <= 60)) return { type: 'authentication', heading: false };
  if (/^For\s+the\s+correctness\b/i.test(s) || /^Correctness\s+certified\b/i.test(s)) return { type: 'authentication', heading: false };
  if (/^(?:STATEMENT|CERTIFICATE)\s+OF\s+(?:SOURCE|ORIGIN)/i.test(s) && s.length <= 100) return { type: 'source', heading: true };
  const i = /^I,\s.{0,160}?\b(?:do\s+)?(?:hereby\s+)?(?:certify|certifies|hereby\s+declare)\s+(?:that|the|under)\b/i.exec(s);
  if (i) {
    if (/conversant|translat/i.test(s)) return { type: 'translation', heading: false };
    if (/delivered\s+to\s+me|may\s+be\s+found|custody|source|officially\s+connected/i.test(s)) return { type: 'source', heading: false };
    if (/(?:true|exact|correct|accurate)\s+(?:and\s+\w+\s+)?cop(?:y|ies)\b/i.test(s)) return { type: 'copy', heading: false };
    if (/original|files\s+of|archives?\b/i.test(s)) return { type: 'source', heading: false };
    if (/sworn|oath/i.test(s)) return { type: 'oath', heading: false };
    if (/copy/i.test(s)) return { type: 'copy', heading: false };
    return { type: 'other', heading: false };
  }
  if (/^The\s+original\b.{0,200}?\b(?:is\s+preserved|may\s+be\s+found|is\s+kept|is\s+held|is\s+filed)\b/i.test(s)) return { type: 'source', heading: false };
  return undefined;
}

const ROLE_WORDS = new Set(
  (
    'lt lieut lieutenant col colonel capt captain maj major gen general brig brigadier adm admiral cmdr commander sgt sergeant cpl ' +
    'pvt private officer chief director head deputy acting secretary minister ambassador consul counsellor counselor attache charge ' +
    'affaires clerk registrar notary judge president chairman commissioner counsel interpreter translator archivist professor prof ' +
    'employee employees rank jagd jag usa usn usnr ausa ensign chancellery chancellor chancery police district state staff assistant representative ' +
    'inspector superintendent leader fuehrer fuhrer reichsfuehrer gruppenfuehrer obergruppenfuehrer standartenfuehrer sturmbannfuehrer ' +
    'oberfuehrer hauptsturmfuehrer obersturmfuehrer untersturmfuehrer brigadefuehrer ss sa governor prefect mayor burgomaster ' +
    'plenipotentiary delegate envoy keeper custodian manager administrator sekretaer kriminalsekretaer oberst hauptmann leutnant ' +
    'major-general lieutenant-general lt-col lt.col commanding commandant adjutant aide official officials division department office ' +
    'ministry bureau section archives archive record records central government council army navy air force regiment corps ' +
    'krim-assistent assistent referent regierungsrat ministerialrat oberregierungsrat ' +
    'reichspresident reichpresident reichsminister reichminister reichsstatthalter reichskommissar reichsleiter gauleiter kreisleiter forester ' +
    'adviser advisor ' +
    'marshal field-marshal reichsmarschall generalfeldmarschall generaloberst grossadmiral vice-admiral rear-admiral'
  ).split(/\s+/),
);

function wordsOf(t: string): string[] {
  return t.split(/[\s,]+/).filter((w) => w.length > 0).map((w) => w.replace(/[.:;()]+$/g, '').replace(/^[(]+/, ''));
}

/** A rank or office line (`Lt. Col. JAGD`, `Chancellery clerk.`, `DIRECTOR OF THE STATE CENTRAL RECORD`): mostly role words, no personal name after them. */
export function isRoleLine(t: string): boolean {
  if (t.length > 90 || /\d{3}/.test(t)) return false;
  const ws = wordsOf(t);
  // (an office named in full may run to twelve words: `The Reich War Ministry and Supreme Commander of the Armed Forces`)
  if (ws.length === 0 || ws.length > (/^The\s/.test(t) ? 12 : 10)) return false;
  let role = 0;
  // a sentence is not a rank line (`This Police-law shall be valid …`)
  if (/\b(?:shall|will|is|are|was|were|has|have|had|been)\b/i.test(t)) return false;
  // (a hyphenated rank counts by its last part: `Field-Marshal`, `Colonel-General`, `SS-Lieutenant`)
  // (and any SS or SA rank in -fuehrer: `SS-Obersturmannfuehrer`)
  const isRole = (w: string): boolean => ROLE_WORDS.has(w.toLowerCase()) || /f(?:ue|ü)hrer$/i.test(w) || (w.includes('-') && ROLE_WORDS.has(w.slice(w.lastIndexOf('-') + 1).toLowerCase()));
  for (const w of ws) if (isRole(w)) role++;
  if (role === 0) return false;
  // a role line ends with a role word, a short acronym or a place/organisation phrase, not with a bare surname after a title
  const last = ws[ws.length - 1]!;
  // (a longer line ending in a lower-case word is a sentence: `Gauleiter Sauckel took knowledge of this with satisfaction.`)
  if (ws.length > 5 && /^[a-z]/.test(last) && /[.!?]$/.test(t.trim())) return false;
  // (`Minister without Portfolio`, `Minister for Defence`: a connective word before the last is no title + surname)
  if (ws.length <= 3 && !isRole(last) && !/^[A-Z]{2,5}$/.test(last) && !(ws.length === 3 && /^(?:of|for|without|to|in|at|and)$/.test(ws[1]!))) return false;
  return true;
}

const NOT_A_NAME = /^(?:THE|FOR|BY|TO|OF|AND|IN|ON|AT|FROM|REICH|REICHS|SECRET|TOP|CONFIDENTIAL|COPY|URGENT|IMMEDIATE|RESTRICTED|PERSONAL|MOST|UNCLASSIFIED|DRAFT|NOTE|NOTES|TRANSLATION|CONTENTS|INDEX|SOURCE|END|ENDS|BEGINS|ANNEX|ENCLOSURE|APPENDIX|ATTACHMENT|MEMORANDUM|PART|SECTION|CHAPTER|ARTICLE|SUMMARY|CONCLUSION|CONCLUSIONS|INTRODUCTION|BACKGROUND|COMMENT|COMMENTS|RECOMMENDATION|RECOMMENDATIONS|MESSAGE|TELEGRAM|CABLEGRAM|LETTER|MINUTE|RECORD|AGENDA|DISCUSSION|DECISION|PRIORITY|CLEAR|CIPHER|PARAPHRASE|GENERAL|OTHER|OTHERS|MISCELLANEOUS)$/i;

/** A surname typed in capitals alone on the last line of a document proper (`BRUCE`, `OFFICER`), a common signature of cables. */
export function isCapsSurname(t: string): boolean {
  return /^[A-Z][A-Z'’-]{2,20}\.?$/.test(t) && !NOT_A_NAME.test(t.replace(/\.$/, ''));
}

const PARTICLES = new Set(['de', 'von', 'van', 'der', 'den', 'la', 'le', 'du', 'di', 'zu', 'y']);

/** A typed personal name alone on a line (`Litvinov.`, `HENRY H. MIZE`, `Professor Maksakov`, `Graf Schwerin von Krosigk`). */
export function isNameLine(t: string): boolean {
  if (t.length > 45 || /\d/.test(t)) return false;
  // (an editor's completion of an unsigned copy, `[R. G. MENZIES]`, `[MENZIES] [9]`, `[Seyss-Inquart]`)
  const ws = (t.endsWith(']') ? t.replace(/\s*\[\d{1,3}\]$/, '') : t)
    .replace(/\.$/, '')
    .replace(/^\((.*)\)$/, '$1')
    .replace(/^\[([A-Z][a-z][^\]]*|(?:[A-Z]\.\s?){1,3}[A-Z][A-Z'-]+|[A-Z][A-Z'-]{3,})\]$/, '$1')
    .split(/\s+/);
  if (ws.length > 5) return false;
  let surnames = 0;
  let initials = 0;
  for (const w of ws) {
    // glued initials (`G.F.PEARCE`), editorial completion (`B[RUCE]`), initials alone (`S.M.B.`)
    if (/^(?:[A-Z]\.){1,4}[A-Z][A-Za-z'’-]+$/.test(w) || /^[A-Z][A-Za-z]*\[[A-Za-z]+\][A-Za-z]*$/.test(w)) {
      surnames++;
      continue;
    }
    if (/^(?:[A-Z]\.){2,4}$/.test(w) || /^(?:[A-Z]\.){1,3}[A-Z]$/.test(w)) {
      initials += 2;
      continue;
    }
    if (/^[A-Z]\.?$/.test(w)) {
      initials++;
      continue;
    }
    if (PARTICLES.has(w)) continue;
    if (/f(?:ue|ü)hrer$/i.test(w)) return false; // an SS or SA rank, not a name
    if (/^[A-Z]\.(?:[A-Z]\.)*$/.test(w)) continue; // initials
    if (/^(?:Dr|Mr|Mrs|Prof|Professor|Frau|Herr|Graf|Sir|Lord|Baron|Count|Comrade|Lt|Col|Gen|Capt|Maj)\.?$/.test(w) || /^(?:DR|MR|MRS|PROF)\.$/.test(w)) continue;
    if (/^[A-Z][a-z'’-]+(?:-[A-Z][a-z]+)?$/.test(w) || /^[A-Z][A-Z'’-]{1,}$/.test(w) || /^Mc[A-Z][a-z]+$/.test(w) || /^Mc[A-Z]{2,}$/.test(w)) {
      surnames++;
      continue;
    }
    return false;
  }
  if (surnames === 0 && !(initials >= 2 && ws.length <= 3 && /\.$|\.\s*$/.test(t))) return false;
  const lower = ws.map((w) => w.toLowerCase().replace(/\.$/, ''));
  // a role word is a title unless it is a capitalised surname after initials (`F. KEITH OFFICER`)
  const hasInitials = ws.some((w) => /^[A-Z]\.$/.test(w));
  for (let k = 0; k < lower.length; k++) {
    const w = lower[k]!;
    if (ROLE_WORDS.has(w) && !['professor', 'prof'].includes(w) && !(hasInitials && k === ws.length - 1 && /^[A-Z]{2,}$/.test(ws[k]!))) return false;
  }
  if (NOT_A_NAME.test(ws[0]!.replace(/\.$/, ''))) return false;
  return true;
}

/** Whether a block of text ends a sentence (so a following lower-case start is a new paragraph only by layout). */
export function endsSentence(t: string): boolean {
  return SENTENCE_CLOSE.has(lastNonSpace(t));
}

const SENTENCE_CLOSE = new Set('.!?:;)]"\'”’');
const SPACE = /\s/;

/** The last character of `t` that is not white space (`/[…]\s*$/` without a regex scan of the whole line), or ''. */
function lastNonSpace(t: string): string {
  let i = t.length - 1;
  while (i >= 0 && SPACE.test(t.charAt(i))) i--;
  return i >= 0 ? t.charAt(i) : '';
}

/** Whether a text starts like the continuation of a sentence: lower-case, not a list marker. */
export function startsContinuation(t: string): boolean {
  if (!/^[a-z]/.test(t)) return false;
  return !/^(?:[a-z]{1,2}|[ivx]{1,4})[.)]\s/.test(t);
}

/**
 * A signatory of a list of signatures, name then office after a comma (`ADOLF HITLER, Fuehrer and Reich
 * Chancellor`, `Dr. HJALMAR SCHACHT, Reich Minister …`): the length of the name part, or -1.
 */
export function nameCommaRole(t: string): number {
  if (t.length > 120 || /\d/.test(t)) return -1;
  const c = t.indexOf(',');
  if (c <= 0) return -1;
  const name = t.slice(0, c).trim();
  const rest = t.slice(c + 1).trim();
  if (!/^[A-Z]/.test(rest) || !isNameLine(name)) return -1;
  // a capitalised surname, or a name of two words or more (`Count SCHWERIN VON KROSIGK`, `Wilhelm Frick`)
  if (!/[A-Z]{2}/.test(name) && name.split(/\s+/).length < 2) return -1;
  return isRoleLine(rest) ? c : -1;
}

/**
 * A valediction and the name on one line (`I am, Yours sincerely, R. G. CASEY`, `Yours sincerely S.M.
 * BRUCE`): where the name begins, or -1.
 */
export function valedictionName(t: string): number {
  if (t.length > 100) return -1;
  const m = /^(?:[^,]{0,40},\s*){0,2}(?:Yours|Your\s+(?:obedient|humble|devoted)\s+servant)(?:\s+(?:very\s+)?(?:sincerely|faithfully|truly|ever|respectfully|cordially))?[,.]?\s+/i.exec(t);
  if (!m) return -1;
  const rest = t.slice(m[0].length);
  return isNameLine(rest) || nameThenRole(rest) > 0 ? m[0].length : -1;
}

/**
 * An office followed by the name of its holder in capitals on one line (`The Reich President VON
 * HINDENBURG`, `The Reich Chancellor ADOLF HITLER`): where the name begins, or -1.
 */
export function roleThenName(t: string): number {
  if (t.length > 100 || /\d/.test(t)) return -1;
  const m = /(?:\s(?:DR\.|VON|VAN|DE|von|van|de|[A-Z]\.))*(?:\s[A-Z][A-Z'’-]{1,})+\.?$/.exec(t);
  if (!m || m.index === 0) return -1;
  const role = t.slice(0, m.index).trim();
  const name = t.slice(m.index).trim();
  // (not a rank and a service after a comma: `Captain, AUS`, `Capt, CAC`)
  if (!/[a-z]/.test(role) || /,$/.test(role) || !isRoleLine(role) || !/[A-Z]{3}/.test(name) || name.replace(/[^A-Z]/g, '').length < 5 || !isNameLine(name)) return -1;
  return t.length - name.length;
}

/** A name followed by its rank or office on one line (`J. A. LYONS Prime Minister`, `ALEXANDER CADOGAN (Chairman)`): the length of the name part, or -1. */
export function nameThenRole(line: string): number {
  // (a note reference after the office does not count: `JOHN CURTIN Acting Minister for External Affairs [3]`)
  const t = line.endsWith(']') || line.endsWith(')') ? line.replace(/\s*\[\d{1,3}\](?:\(#f\d+\))?$/, '') : line;
  if (t.length > 100 || /\d/.test(t)) return -1;
  const re = /\S+/g;
  const ends: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) ends.push(m.index + m[0].length);
  for (let k = 1; k <= Math.min(5, ends.length - 1); k++) {
    const name = t.slice(0, ends[k - 1]);
    const rest = t.slice(ends[k - 1]).trim();
    if (!/^[A-Z(]/.test(rest)) continue;
    if (!isNameLine(name) || !/[A-Z]{2}/.test(name)) continue;
    // a name in capitals runs on while the next word is in capitals too (`JOHN CURTIN Prime Minister`, `IVEN G. MACKAY High …`)
    if (/^[A-Z][A-Z.'’-]+(?:\s|$)/.test(rest)) continue;
    if (isRoleLine(rest) || /^\([A-Za-z][A-Za-z .-]{2,40}\)$/.test(rest)) return name.length;
  }
  return -1;
}
