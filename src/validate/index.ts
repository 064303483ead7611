/**
 * VALIDATE: TEI documents → diagnostics. Pure (xmllint-wasm runs in a worker, on no files).
 *
 * Three passes per document, each reported with file:line:col and a stable rule id:
 * 1. safety and well-formedness (our own parser: a DOCTYPE or entity declaration is refused before
 *    anything reads it);
 * 2. RelaxNG: the project schema (schemas/tei-edition.rng, embedded), and on request the official
 *    tei_all; many documents per xmllint call, the schema compiled once per call;
 * 3. editorial rules (rules.ts) over the parsed tree.
 */
import type { Authority, Diagnostic, Severity } from '../model/index.js';
import { PROJECT_SCHEMA_RNG } from './project-schema.js';
import { validateMany, type RngError } from './rng.js';
import { relaxNgProver } from './relaxng.js';
import { attributeTable, explainAttributes } from './schema-info.js';
import { RULES, type AuthorityIndex, type AuthorityKind, type Rule } from './rules.js';
import { TEI_NS, XML_NS, elements, findForbiddenDeclaration, lineCol, lineIndex, parseXml, textOffsets, type ParsedXml, type XAttr, type XElement, type XmlProblem } from './xml.js';

export { RULES, ruleById, isoDateProblem, type AuthorityIndex, type AuthorityKind, type Rule } from './rules.js';
export { validateMany, parseXmllintOutput, type RngError } from './rng.js';
export { parseXml, findForbiddenDeclaration } from './xml.js';
export { PROJECT_SCHEMA_RNG } from './project-schema.js';

/** A document to validate. */
export interface ValidateInput {
  /** Path for diagnostics (as the user gave it). */
  file: string;
  xml: string;
  /** The source text it was converted from, when known: enables the `lossless` rule. */
  source?: string;
  /** How to name the source in messages (default: "the source"). */
  sourceName?: string;
  /**
   * The diplomatic text of `xml` as src/tei `diplomaticText` computes it, when the caller has it
   * already (the build's summary scan makes it): the `lossless` rule then does not scan again.
   */
  diplomatic?: string;
}

export interface ValidatorOptions {
  /** RelaxNG grammar text of the project schema; default the embedded schemas/tei-edition.rng. */
  schema?: string;
  /** tei_all.rng text: when given, every document is also checked against it (rule `tei-all`). */
  teiAll?: string;
  /** Authority entries @ref may point at (see {@link authorityIndex}). */
  authority?: AuthorityIndex;
  /** Run the editorial rules (default true). */
  rules?: boolean;
  /** Skip RelaxNG (well-formedness and editorial rules only). */
  schemaCheck?: boolean;
  /** Severity overrides per rule id (e.g. make `certificate-signed` an error). */
  severity?: Record<string, Severity>;
  /**
   * Prove documents valid against the schema in JavaScript first and send only the others to
   * xmllint (default true; the diagnostics are the same either way, see relaxng.ts).
   */
  fastSchema?: boolean;
  /** Bytes of documents per xmllint call. */
  maxBatchBytes?: number;
}

export interface Validator {
  /** Validate a batch of documents; diagnostics come back grouped by input order, then by position. */
  validate(docs: readonly ValidateInput[]): Promise<Diagnostic[]>;
}

/** Rule ids of the passes that are not in {@link RULES}, with their fixed severities. */
export const PASS_RULES: { id: string; severity: Severity; description: string; fix: string }[] = [
  { id: 'xml-doctype-forbidden', severity: 'error', description: 'No DOCTYPE or entity declaration (they could fetch files or expand without bound: XXE, billion laughs).', fix: 'Remove the declaration; write characters directly or as &#x…; references.' },
  { id: 'xml-wellformed', severity: 'error', description: 'The file is well-formed XML 1.0 (tags closed and nested, attributes quoted, references defined, UTF-8).', fix: 'Correct the markup at the position given.' },
  { id: 'schema', severity: 'error', description: 'The document is valid against the project schema schemas/tei-edition.rng.', fix: 'Use only the elements and attributes of ENCODING.md, in the places the schema allows.' },
  { id: 'tei-all', severity: 'error', description: 'The document is valid against TEI P5 tei_all.rng (with --tei-all).', fix: 'As for schema; report a document valid against schema but not tei-all as a bug.' },
];

/** One strict pass over an authority file: its well-formedness problems and its xml:ids by kind. */
interface AuthorityScan {
  problems: XmlProblem[];
  ids: Map<string, AuthorityKind>;
}

/**
 * The last scans, by file text: the build checks its authority files strictly (readAuthorityFiles)
 * and the validator indexes the same texts in the same process (a one-change rebuild), so the
 * second asks for a scan the first made. Only the latest few texts are kept.
 */
const scans = new Map<string, AuthorityScan>();

function scanAuthority(xml: string): AuthorityScan {
  const known = scans.get(xml);
  if (known) return known;
  const ids = new Map<string, AuthorityKind>();
  // One strict pass without a tree (authority files of a whole corpus run to megabytes).
  const parsed = parseXml(xml, {
    tree: false,
    onElement(el) {
      for (const a of el.attrs) {
        if (a.local !== 'id' || a.ns !== XML_NS) continue;
        const l = el.ns === TEI_NS ? el.local : '';
        ids.set(a.value, l === 'person' || l === 'place' || l === 'org' ? l : 'other');
      }
    },
  });
  const scan: AuthorityScan = { problems: parsed.problems, ids: !parsed.root || parsed.problems.length > 0 ? new Map() : ids };
  if (scans.size >= 6) scans.delete(scans.keys().next().value!);
  scans.set(xml, scan);
  return scan;
}

/**
 * The well-formedness problems of an authority file (a strict parse, as documents get): the build
 * reports them when it reads the authority, and the scan is kept for {@link authorityIndex}.
 */
export function authorityProblems(xml: string): XmlProblem[] {
  return scanAuthority(xml).problems;
}

/**
 * Index the xml:ids of authority files (`<listPerson>`, `<listPlace>`, `<listOrg>` documents,
 * TEI Guidelines 13.3) so that `@ref="authority/persons.xml#id"` can be checked; files that are
 * not well-formed contribute nothing (they get their own diagnostics when validated).
 */
export function authorityIndex(files: readonly { file: string; xml: string }[]): AuthorityIndex {
  const index: AuthorityIndex = { files: new Map() };
  for (const f of files) {
    const ids = scanAuthority(f.xml).ids;
    const base = f.file.slice(Math.max(f.file.lastIndexOf('/'), f.file.lastIndexOf('\\')) + 1);
    const known = index.files.get(base);
    if (known) for (const [k, v] of ids) known.set(k, v);
    else index.files.set(base, new Map(ids));
  }
  return index;
}

const KIND_CODE: Record<AuthorityKind, string> = { person: 'p', place: 'l', org: 'o', other: 'x' };
const CODE_KIND: Record<string, AuthorityKind> = { p: 'person', l: 'place', o: 'org', x: 'other' };

/**
 * The index as JSON, for a cache: reading it back ({@link authorityIndexFromJson}) costs a few
 * milliseconds where parsing a corpus's authority files again costs 40–150 (one-change rebuilds).
 */
export function authorityIndexToJson(index: AuthorityIndex): string {
  return JSON.stringify([...index.files].map(([file, ids]) => [file, [...ids.keys()], [...ids.values()].map((k) => KIND_CODE[k]).join('')]));
}

/** The index {@link authorityIndexToJson} wrote (same files and ids, in the same order), or undefined for text that is not one. */
export function authorityIndexFromJson(text: string): AuthorityIndex | undefined {
  try {
    const data = JSON.parse(text) as [string, string[], string][];
    if (!Array.isArray(data)) return undefined;
    const index: AuthorityIndex = { files: new Map() };
    for (const [file, ids, kinds] of data) {
      if (typeof file !== 'string' || !Array.isArray(ids) || typeof kinds !== 'string' || kinds.length !== ids.length) return undefined;
      const m = new Map<string, AuthorityKind>();
      for (let i = 0; i < ids.length; i++) {
        const kind = CODE_KIND[kinds[i]!];
        if (!kind || typeof ids[i] !== 'string') return undefined;
        m.set(ids[i]!, kind);
      }
      index.files.set(file, m);
    }
    return index;
  } catch {
    return undefined;
  }
}

/**
 * Index an {@link Authority} of the model under the file names of ARCHITECTURE.md
 * (persons.xml, places.xml, orgs.xml), for callers that hold the model rather than the files.
 */
export function authorityIndexFromModel(authority: Authority): AuthorityIndex {
  const fileOf: Record<string, string> = { person: 'persons.xml', place: 'places.xml', org: 'orgs.xml' };
  const index: AuthorityIndex = { files: new Map() };
  for (const e of authority.entries) {
    const f = fileOf[e.type]!;
    if (!index.files.has(f)) index.files.set(f, new Map());
    index.files.get(f)!.set(e.id, e.type);
  }
  return index;
}

/** Column of an element named by xmllint on a line: the start tag of that name spanning the line. */
function locateRngError(parsed: ParsedXml, lines: number[], err: RngError): { line: number; column: number; name?: string; el?: XElement } {
  if (parsed.root) {
    let fallback: XElement | undefined;
    for (const el of elements(parsed.root)) {
      const a = lineCol(lines, el.offset).line;
      const b = lineCol(lines, Math.max(el.offset, el.tagEnd - 1)).line;
      if (a > err.line) break;
      if (err.line < a || err.line > b) continue;
      if (!err.element || el.name === err.element || el.local === err.element) {
        // Text where the schema allows none: point at the text itself, not its parent's start tag.
        if (/^Did not expect text in element/.test(err.message)) {
          for (const c of el.children) {
            const m = c.type === 'text' ? /\S/.exec(c.text) : null;
            if (c.type === 'text' && m) return { ...lineCol(lines, textOffsets(c)[m.index] ?? c.offset), name: el.name, el };
          }
        }
        return { ...lineCol(lines, el.offset), name: el.name, el };
      }
      fallback ??= el;
    }
    if (fallback) return lineCol(lines, fallback.offset);
  }
  return { line: err.line, column: 1 };
}

/** Turn xmllint's terse RelaxNG messages into ones that say what to do. */
function explainRng(err: RngError): string {
  let m = err.message;
  const el = err.element ? `<${err.element}>` : 'this element';
  if (/failed to validate attributes/.test(m)) m = `${el} has an attribute or attribute value the schema does not allow (check names, enumerated values such as div/@subtype or fw/@type, and ISO dates)`;
  else if (/failed to validate content/.test(m)) m = `the content of ${el} is not allowed here (an element the schema does not allow in it, or in the wrong order)`;
  else if (/^Did not expect element (\S+) there$/.test(m)) m = `<${/^Did not expect element (\S+)/.exec(m)![1]}> is not allowed here`;
  else if (/^Expecting element (\S+), got (\S+)$/.test(m)) { const x = /^Expecting element (\S+), got (\S+)$/.exec(m)!; m = `expected <${x[1]}> but found <${x[2]}>`; }
  else if (/^Element (\S+) has extra content: (\S+)$/.test(m)) { const x = /^Element (\S+) has extra content: (\S+)$/.exec(m)!; m = `<${x[1]}> may not contain <${x[2]}> (or not at this point)`; }
  else if (/^Invalid attribute (\S+) for element (\S+)$/.test(m)) { const x = /^Invalid attribute (\S+) for element (\S+)$/.exec(m)!; m = `attribute ${x[1]} is not allowed on <${x[2]}>, or its value is not of an allowed form`; }
  else if (/^Element (\S+) failed to validate/.test(m)) m = `${el} is not valid here`;
  else if (/^Did not expect text in element (\S+) content$/.test(m)) m = `text is not allowed directly inside <${/^Did not expect text in element (\S+)/.exec(m)![1]}>; put it in a <p> or <ab> (or remove it)`;
  else if (/^Expecting an element (\S*), got nothing$/.test(m)) { const x = /^Expecting an element (\S*),/.exec(m)!; m = x[1] ? `${el} lacks a required <${x[1]}>` : `${el} lacks a required child element (see the schema's content model for it)`; }
  else if (/^Expecting an element (\S+), got (\S+)$/.test(m)) { const x = /^Expecting an element (\S+), got (\S+)$/.exec(m)!; m = `expected <${x[1]}> but found <${x[2]}>`; }
  else if (/^Element (\S+) has extra content: text$/.test(m)) m = `text is not allowed inside <${/^Element (\S+)/.exec(m)![1]}>`;
  return m;
}

/**
 * xmllint's cascade: "failed to validate content" of every ancestor, and "has extra content" after
 * the real error. Keep those only when there is nothing more specific.
 */
function pruneCascade(errs: RngError[]): RngError[] {
  const specific = errs.filter((e) => !/failed to validate content|^Element \S+ failed to validate|has extra content/.test(e.message));
  if (specific.length === 0) return errs.slice(0, 1);
  return specific;
}

/**
 * A date attribute that is not a real date, or a repeated xml:id, fails the schema's datatype too;
 * the editorial rule says more precisely what is wrong, so the schema's report on that line is dropped.
 */
function dropDuplicatedDateErrors(list: Diagnostic[]): Diagnostic[] {
  const lines = new Set(list.filter((d) => d.rule === 'date-valid' || d.rule === 'xml-id-unique').map((d) => d.line));
  if (lines.size === 0) return list;
  return list.filter((d) => !((d.rule === 'schema' || d.rule === 'tei-all') && lines.has(d.line) && /^attribute (when|notBefore|notAfter|from|to|id) |has an attribute or attribute value/.test(d.message)));
}

/**
 * Create a validator that validates many documents per call with the schema compiled once per
 * xmllint call; the tei_all pass runs only when its grammar is given (compiling it takes ~10 s).
 */
export function createValidator(opts: ValidatorOptions = {}): Validator {
  const schema = opts.schema ?? PROJECT_SCHEMA_RNG;
  const runRules = opts.rules ?? true;
  const schemaCheck = opts.schemaCheck ?? true;
  const sev = (id: string, d: Severity): Severity => opts.severity?.[id] ?? d;
  return {
    async validate(docs) {
      const out: Diagnostic[][] = docs.map(() => []);
      // Parse first; the RelaxNG passes then go to xmllint (worker threads) for every document
      // without a DOCTYPE or entity declaration (those never reach a parser) that is not proven
      // valid here, while the rules run; then merge. Documents our parser rejects keep only our
      // (positioned) message.
      const sendable: number[] = [];
      docs.forEach((doc, k) => {
        if (!findForbiddenDeclaration(doc.xml)) sendable.push(k);
      });
      const parsed: ParsedXml[] = [];
      // Line starts are needed only to place a diagnostic: found on first use, once per document.
      const lineCache: (number[] | undefined)[] = [];
      const linesOf = (k: number): number[] => (lineCache[k] ??= lineIndex(docs[k]!.xml));
      const wellFormed: number[] = [];
      const isWellFormed: boolean[] = [];
      docs.forEach((doc, k) => {
        const p = parseXml(doc.xml);
        parsed.push(p);
        for (const prob of p.problems) {
          const pos = lineCol(linesOf(k), prob.offset);
          out[k]!.push({ file: doc.file, line: pos.line, column: pos.column, severity: 'error', message: prob.message, rule: prob.rule });
        }
        const ok = !!p.root && p.problems.length === 0;
        isWellFormed.push(ok);
        if (ok) wellFormed.push(k);
      });
      // The project schema: a document proven valid in JavaScript (relaxng.ts) has nothing for
      // xmllint to report; only the others are sent to it (their messages are xmllint's, as ever).
      const prover = schemaCheck && opts.fastSchema !== false ? relaxNgProver(schema) : undefined;
      const proven = (k: number): boolean => {
        try {
          return isWellFormed[k]! && prover!.provesValid(docs[k]!.xml, parsed[k]!);
        } catch {
          return false; // never expected; xmllint then decides, as without the proof
        }
      };
      const toXmllint = prover ? sendable.filter((k) => !proven(k)) : sendable;
      const batchOpts = opts.maxBatchBytes ? { maxBatchBytes: opts.maxBatchBytes } : {};
      const pending: Promise<RngError[][]>[] = [];
      if (schemaCheck && toXmllint.length) pending.push(validateMany(toXmllint.map((k) => docs[k]!.xml), schema, batchOpts));
      else pending.push(Promise.resolve([]));
      if (schemaCheck && opts.teiAll && sendable.length) pending.push(validateMany(sendable.map((k) => docs[k]!.xml), opts.teiAll, batchOpts));
      // Keep a rejected promise from being reported as unhandled while the rules run.
      for (const p of pending) p.catch(() => undefined);

      const rngPass = (errs: RngError[][], rule: string, grammar: string, sent: number[]): void => {
        errs.forEach((list, j) => {
          const k = sent[j]!;
          if (!isWellFormed[k]) return;
          const seen = new Set<string>();
          for (const e of pruneCascade(list)) {
            const pos = locateRngError(parsed[k]!, linesOf(k), e);
            let message = e.parser ? e.message : explainRng(e);
            // An attribute the grammar refuses: name it, and the values it would take, at its position.
            if (!e.parser && pos.el && /failed to validate attributes|^Invalid attribute/.test(e.message)) {
              const why = explainAttributes(attributeTable(grammar), pos.el);
              if (why) {
                message = why.message;
                Object.assign(pos, lineCol(linesOf(k), why.attr.offset));
              }
            }
            // xmllint names elements by local name; say xi:include, not include.
            if (pos.name && e.element && pos.name !== e.element) message = message.split(`<${e.element}>`).join(`<${pos.name}>`);
            const key = `${pos.line}:${pos.column}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out[k]!.push({ file: docs[k]!.file, line: pos.line, column: pos.column, severity: 'error', message: e.parser ? message : `${message}${rule === 'tei-all' ? ' (TEI P5 tei_all)' : ''}`, rule: e.parser ? 'xml-wellformed' : rule });
          }
        });
      };

      if (runRules) {
        for (const k of wellFormed) {
          const doc = docs[k]!;
          const p = parsed[k]!;
          for (const rule of RULES as Rule[]) {
            const report = (at: XElement | XAttr | number, message: string, severity?: Severity): void => {
              const offset = typeof at === 'number' ? at : at.offset;
              const pos = lineCol(linesOf(k), offset);
              out[k]!.push({ file: doc.file, line: pos.line, column: pos.column, severity: severity ?? sev(rule.id, rule.severity), message, rule: rule.id });
            };
            const ctx = {
              file: doc.file,
              xml: doc.xml,
              root: p.root!,
              prologPis: p.prologPis,
              report,
              ...(opts.authority ? { authority: opts.authority } : {}),
              ...(doc.source !== undefined ? { source: doc.source } : {}),
              ...(doc.sourceName !== undefined ? { sourceName: doc.sourceName } : {}),
              ...(doc.diplomatic !== undefined ? { diplomatic: doc.diplomatic } : {}),
            };
            rule.check(ctx);
          }
        }
      }
      const rng = await Promise.all(pending);
      if (rng[0]) rngPass(rng[0], 'schema', schema, toXmllint);
      if (rng[1]) rngPass(rng[1], 'tei-all', opts.teiAll!, sendable);
      return out.flatMap((list) => dropDuplicatedDateErrors(list).sort((a, b) => a.line - b.line || a.column - b.column));
    },
  };
}

/**
 * Batch entry for the build (src/build/outputs.ts): validate documents against the project schema
 * and the editorial rules, resolving @ref against the given authority files.
 */
export async function validateBatch(
  docs: readonly ValidateInput[],
  opts: { authority?: readonly { file: string; xml: string }[]; teiAll?: string } = {},
): Promise<Diagnostic[]> {
  const vopts: ValidatorOptions = {};
  if (opts.authority && opts.authority.length) vopts.authority = authorityIndex(opts.authority);
  if (opts.teiAll) vopts.teiAll = opts.teiAll;
  return createValidator(vopts).validate(docs);
}
