/**
 * A RelaxNG validity proof in JavaScript, over the tree the validator has parsed already. Pure.
 *
 * Why: xmllint-wasm costs ≈ 0.4–0.6 ms per document plus ≈ 10 ms per call and a worker with a
 * compiled wasm binary, while nearly every document the build checks is the converter's own valid
 * output. This module decides validity with James Clark's derivative algorithm ("An algorithm for
 * RELAX NG validation", 2002; RELAX NG specification §6, OASIS 2001) on hash-consed patterns whose
 * derivatives are memoised, so a document costs a few map look-ups per element.
 *
 * It only ever PROVES validity: a document it cannot prove valid (an error, or anything it is not
 * sure xmllint would accept silently: another namespace declaration, a datatype value outside the
 * plainly valid forms, a repeated ID, a very deep or very large file) goes to xmllint, whose
 * messages the validator reports as before. Every datatype check accepts a subset of the values
 * XML Schema Datatypes allows, so a proof here implies validity; a grammar using a construct
 * outside the supported subset (interleave, mixed, name classes, except, includes, combine) is not
 * compiled at all and every document goes to xmllint.
 */
import { TEI_NS, XML_NS, type ParsedXml, type XElement } from './xml.js';
import { parseXml } from './xml.js';

const RNG_NS = 'http://relaxng.org/ns/structure/1.0';
const XSD_LIB = 'http://www.w3.org/2001/XMLSchema-datatypes';

/** Checks of one datatype value: true only when the value is certainly valid. */
type Check = (s: string) => boolean;

interface Pat {
  id: number;
  k: 'empty' | 'notAllowed' | 'text' | 'choice' | 'group' | 'oneOrMore' | 'element' | 'attribute' | 'data' | 'value' | 'list' | 'after';
  a?: Pat;
  b?: Pat;
  /** element / attribute name: `{ns}local`. */
  name?: string;
  check?: Check;
  /** An element's content, until first compiled. */
  lazy?: () => Pat;
  /** A datatype that must be unique in the document (xsd:ID). */
  isId?: boolean;
  nullable: boolean;
  /** Whether textDeriv depends on the text (data, value or list reachable). */
  textSensitive: boolean;
  /** Memoised derivatives. */
  stod?: Map<string, Pat>;
  stcd?: Pat;
  etd?: Pat;
  td?: Pat;
  attMemo?: Map<string, Pat[]>;
  attLeaves?: Map<string, Pat[]>;
}

/** Thrown while compiling a grammar outside the supported subset. */
class Unsupported extends Error {}

/** The hash-consed pattern algebra of one grammar, with its memo tables. */
class Algebra {
  private table = new Map<string, Pat>();
  private nextId = 0;
  readonly empty: Pat = this.mk('empty', 'E', { nullable: true });
  readonly notAllowed: Pat = this.mk('notAllowed', 'N', { nullable: false });
  readonly text: Pat = this.mk('text', 'T', { nullable: true });

  private mk(k: Pat['k'], key: string, init: Partial<Pat> & { nullable: boolean }): Pat {
    let p = this.table.get(key);
    if (!p) {
      p = { id: this.nextId++, k, textSensitive: false, ...init } as Pat;
      this.table.set(key, p);
    }
    return p;
  }

  /** A choice, flattened, without NotAllowed or repeats, ordered by id (so equal choices are one object). */
  choice(a: Pat, b: Pat): Pat {
    if (a === b || b.k === 'notAllowed') return a;
    if (a.k === 'notAllowed') return b;
    const alts: Pat[] = [];
    const add = (p: Pat): void => {
      if (p.k === 'choice') {
        add(p.a!);
        add(p.b!);
      } else if (!alts.includes(p)) alts.push(p);
    };
    add(a);
    add(b);
    alts.sort((x, y) => x.id - y.id);
    let r = alts[alts.length - 1]!;
    for (let i = alts.length - 2; i >= 0; i--) {
      const x = alts[i]!;
      r = this.mk('choice', `C${x.id},${r.id}`, { a: x, b: r, nullable: x.nullable || r.nullable, textSensitive: x.textSensitive || r.textSensitive });
    }
    return r;
  }

  group(a: Pat, b: Pat): Pat {
    if (a.k === 'notAllowed' || b.k === 'notAllowed') return this.notAllowed;
    if (a.k === 'empty') return b;
    if (b.k === 'empty') return a;
    return this.mk('group', `G${a.id},${b.id}`, { a, b, nullable: a.nullable && b.nullable, textSensitive: a.textSensitive || (a.nullable && b.textSensitive) });
  }

  oneOrMore(a: Pat): Pat {
    if (a.k === 'notAllowed' || a.k === 'empty') return a;
    return this.mk('oneOrMore', `O${a.id}`, { a, nullable: a.nullable, textSensitive: a.textSensitive });
  }

  after(a: Pat, b: Pat): Pat {
    if (a.k === 'notAllowed' || b.k === 'notAllowed') return this.notAllowed;
    return this.mk('after', `A${a.id},${b.id}`, { a, b, nullable: false, textSensitive: a.textSensitive });
  }

  /** An element of the grammar; its content is compiled on first use (grammars recurse through elements). */
  element(name: string, content: () => Pat): Pat {
    return { id: this.nextId++, k: 'element', name, lazy: content, nullable: false, textSensitive: false };
  }

  content(p: Pat): Pat {
    if (!p.a) {
      p.a = p.lazy!();
      delete p.lazy;
    }
    return p.a;
  }

  attribute(name: string, value: Pat): Pat {
    return this.mk('attribute', `@${name}\u0000${value.id}`, { name, a: value, nullable: false });
  }

  data(key: string, check: Check, isId: boolean): Pat {
    return this.mk('data', `D${key}`, { check, isId, nullable: false, textSensitive: true });
  }

  value(v: string): Pat {
    return this.mk('value', `V${v}`, { check: (s) => s === v, nullable: false, textSensitive: true });
  }

  list(a: Pat): Pat {
    return this.mk('list', `S${a.id}`, { a, nullable: false, textSensitive: true });
  }

  // ---- derivatives (Clark 2002) ----

  private applyAfter(p: Pat, f: (x: Pat) => Pat): Pat {
    if (p.k === 'after') return this.after(p.a!, f(p.b!));
    if (p.k === 'choice') return this.choice(this.applyAfter(p.a!, f), this.applyAfter(p.b!, f));
    return this.notAllowed;
  }

  startTagOpenDeriv(p: Pat, name: string): Pat {
    const memo = (p.stod ??= new Map());
    let r = memo.get(name);
    if (r) return r;
    switch (p.k) {
      case 'choice':
        r = this.choice(this.startTagOpenDeriv(p.a!, name), this.startTagOpenDeriv(p.b!, name));
        break;
      case 'element':
        r = p.name === name ? this.after(this.content(p), this.empty) : this.notAllowed;
        break;
      case 'oneOrMore': {
        const rest = this.choice(p, this.empty);
        r = this.applyAfter(this.startTagOpenDeriv(p.a!, name), (x) => this.group(x, rest));
        break;
      }
      case 'group': {
        const x = this.applyAfter(this.startTagOpenDeriv(p.a!, name), (y) => this.group(y, p.b!));
        r = p.a!.nullable ? this.choice(x, this.startTagOpenDeriv(p.b!, name)) : x;
        break;
      }
      case 'after':
        r = this.applyAfter(this.startTagOpenDeriv(p.a!, name), (y) => this.after(y, p.b!));
        break;
      default:
        r = this.notAllowed;
    }
    memo.set(name, r);
    return r;
  }

  /** Distinct value patterns of the attribute leaves of `p` named `name` (what an attribute's value is matched against). */
  private attributeLeaves(p: Pat, name: string): Pat[] {
    const memo = (p.attLeaves ??= new Map());
    let r = memo.get(name);
    if (r) return r;
    const out: Pat[] = [];
    const seen = new Set<Pat>();
    const walk = (q: Pat): void => {
      if (seen.has(q)) return;
      seen.add(q);
      if (q.k === 'attribute') {
        if (q.name === name && !out.includes(q.a!)) out.push(q.a!);
      } else if (q.k === 'choice' || q.k === 'group') {
        walk(q.a!);
        walk(q.b!);
      } else if (q.k === 'oneOrMore' || q.k === 'after') walk(q.a!);
    };
    walk(p);
    memo.set(name, (r = out));
    return r;
  }

  /** attDeriv with the value already judged against each candidate value pattern (bit i of `mask` for `leaves[i]`). */
  private attDeriv(p: Pat, name: string, leaves: Pat[], mask: number): Pat {
    switch (p.k) {
      case 'after':
        return this.after(this.attDeriv(p.a!, name, leaves, mask), p.b!);
      case 'choice':
        return this.choice(this.attDeriv(p.a!, name, leaves, mask), this.attDeriv(p.b!, name, leaves, mask));
      case 'group':
        return this.choice(this.group(this.attDeriv(p.a!, name, leaves, mask), p.b!), this.group(p.a!, this.attDeriv(p.b!, name, leaves, mask)));
      case 'oneOrMore':
        return this.group(this.attDeriv(p.a!, name, leaves, mask), this.choice(p, this.empty));
      case 'attribute':
        return p.name === name && (mask & (1 << leaves.indexOf(p.a!))) !== 0 ? this.empty : this.notAllowed;
      default:
        return this.notAllowed;
    }
  }

  /** The derivative for one attribute; `ids` collects the values of ID-typed matches. */
  attributeDeriv(p: Pat, name: string, value: string, ids: string[]): Pat {
    const leaves = this.attributeLeaves(p, name);
    if (leaves.length > 30) throw new Unsupported('too many attribute patterns of one name');
    let mask = 0;
    for (let i = 0; i < leaves.length; i++) {
      const vp = leaves[i]!;
      if (this.valueMatch(vp, value)) {
        mask |= 1 << i;
        if (vp.k === 'data' && vp.isId) ids.push(value);
      }
    }
    const memo = (p.attMemo ??= new Map());
    let byMask = memo.get(name);
    if (!byMask) memo.set(name, (byMask = []));
    return (byMask[mask] ??= this.attDeriv(p, name, leaves, mask));
  }

  startTagCloseDeriv(p: Pat): Pat {
    if (p.stcd) return p.stcd;
    let r: Pat;
    switch (p.k) {
      case 'after':
        r = this.after(this.startTagCloseDeriv(p.a!), p.b!);
        break;
      case 'choice':
        r = this.choice(this.startTagCloseDeriv(p.a!), this.startTagCloseDeriv(p.b!));
        break;
      case 'group':
        r = this.group(this.startTagCloseDeriv(p.a!), this.startTagCloseDeriv(p.b!));
        break;
      case 'oneOrMore':
        r = this.oneOrMore(this.startTagCloseDeriv(p.a!));
        break;
      case 'attribute':
        r = this.notAllowed;
        break;
      default:
        r = p;
    }
    return (p.stcd = r);
  }

  textDeriv(p: Pat, s: string): Pat {
    if (!p.textSensitive && p.td) return p.td;
    let r: Pat;
    switch (p.k) {
      case 'choice':
        r = this.choice(this.textDeriv(p.a!, s), this.textDeriv(p.b!, s));
        break;
      case 'group': {
        const x = this.group(this.textDeriv(p.a!, s), p.b!);
        r = p.a!.nullable ? this.choice(x, this.textDeriv(p.b!, s)) : x;
        break;
      }
      case 'after':
        r = this.after(this.textDeriv(p.a!, s), p.b!);
        break;
      case 'oneOrMore':
        r = this.group(this.textDeriv(p.a!, s), this.choice(p, this.empty));
        break;
      case 'text':
        r = p;
        break;
      case 'value':
      case 'data':
        r = p.check!(s) ? this.empty : this.notAllowed;
        break;
      case 'list': {
        const words = listWords(s);
        let q = p.a!;
        if (words) for (const w of words) q = this.textDeriv(q, w);
        r = words && q.nullable ? this.empty : this.notAllowed;
        break;
      }
      default:
        r = this.notAllowed;
    }
    if (!p.textSensitive) p.td = r;
    return r;
  }

  endTagDeriv(p: Pat): Pat {
    if (p.etd) return p.etd;
    let r: Pat;
    if (p.k === 'choice') r = this.choice(this.endTagDeriv(p.a!), this.endTagDeriv(p.b!));
    else if (p.k === 'after') r = p.a!.nullable ? p.b! : this.notAllowed;
    else r = this.notAllowed;
    return (p.etd = r);
  }

  valueMatch(p: Pat, s: string): boolean {
    return (p.nullable && isWhitespace(s)) || this.matches(p, s);
  }

  /** nullable(textDeriv(p, s)), without building patterns for the usual shapes (data, value, a choice of them). */
  private matches(p: Pat, s: string): boolean {
    switch (p.k) {
      case 'data':
      case 'value':
        return p.check!(s);
      case 'choice':
        return this.matches(p.a!, s) || this.matches(p.b!, s);
      case 'text':
        return true;
      default:
        return this.textDeriv(p, s).nullable;
    }
  }
}

/** The words of a list value, only in its plain form (single spaces, none at either end); otherwise undefined (not proven). */
function listWords(s: string): string[] | undefined {
  if (s === '' || /[\t\n\r]|^ | $| {2}/.test(s)) return undefined;
  return s.split(' ');
}

function isWhitespace(s: string): boolean {
  return /^[ \t\n\r]*$/.test(s);
}

// ---- datatypes: each accepts only plainly valid lexical forms (a subset of XML Schema Part 2) ----

const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function datatype(lib: string, type: string, params: [string, string][]): { key: string; check: Check; isId: boolean } {
  const key = `${lib}#${type}#${params.map(([n, v]) => `${n}=${v}`).join('&')}`;
  if (lib !== XSD_LIB) throw new Unsupported(`datatype library ${lib}`);
  const pattern = (p: string): boolean => params.length === 1 && params[0]![0] === 'pattern' && params[0]![1] === p;
  const none = params.length === 0;
  let check: Check | undefined;
  if (type === 'string' && none) check = () => true;
  else if ((type === 'ID' || type === 'NCName') && none) check = (s) => NCNAME.test(s);
  else if (type === 'language' && none) check = (s) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(s);
  else if (type === 'nonNegativeInteger' && (none || (params.length === 1 && params[0]![0] === 'maxInclusive' && /^[0-9]+$/.test(params[0]![1])))) {
    const max = none ? Infinity : Number(params[0]![1]);
    check = (s) => /^[0-9]{1,15}$/.test(s) && Number(s) <= max;
  } else if (type === 'date' && (none || pattern('[0-9]{4}-[0-9]{2}-[0-9]{2}'))) {
    check = (s) => {
      const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
      if (!m) return false;
      const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
      return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && leap(y) ? 29 : DAYS[mo - 1]!);
    };
  } else if (type === 'gYearMonth' && (none || pattern('[0-9]{4}-[0-9]{2}'))) {
    check = (s) => {
      const m = /^([0-9]{4})-([0-9]{2})$/.exec(s);
      return !!m && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
    };
  } else if (type === 'gYear' && (none || pattern('[0-9]{4}'))) check = (s) => /^[0-9]{4}$/.test(s) && Number(s) >= 1;
  else if (type === 'anyURI' && pattern('[^\\s#]*#[^\\s#]+')) check = (s) => /^[A-Za-z0-9._~/-]*#[A-Za-z0-9._-]+$/.test(s);
  else if (type === 'anyURI' && (none || pattern('\\S+'))) check = (s) => /^[A-Za-z0-9._~/#-]+$/.test(s);
  else if (type === 'token' && pattern('[^\\p{C}\\p{Z}]+')) check = (s) => /^[\x21-\x7e]+$/.test(s);
  if (!check) throw new Unsupported(`datatype ${type} with ${key}`);
  return { key, check, isId: type === 'ID' };
}

/**
 * The key of an expanded name: the local name alone for TEI elements (`isAttr` false) and for
 * attributes in no namespace (nearly all names, so no string is built per element or attribute),
 * `{ns}local` otherwise. Element and attribute keys are never compared with each other.
 */
function nameKey(ns: string, local: string, isAttr: boolean): string {
  return (isAttr ? ns === '' : ns === TEI_NS) ? local : `{${ns}}${local}`;
}

// ---- reading the grammar (RELAX NG XML syntax, the subset this module supports) ----

function compileGrammar(rngText: string): { alg: Algebra; start: Pat } {
  const parsed = parseXml(rngText);
  const root = parsed.root;
  if (!root || parsed.problems.length > 0 || root.ns !== RNG_NS || root.local !== 'grammar') throw new Unsupported('not a grammar');
  const alg = new Algebra();
  const defines = new Map<string, { el: XElement; ns: string; lib: string; pat?: Pat }>();
  let startEl: { el: XElement; ns: string; lib: string } | undefined;
  const rngChildren = (el: XElement): XElement[] => el.children.filter((c): c is XElement => c.type === 'element' && c.ns === RNG_NS);
  const attrOf = (el: XElement, n: string): string | undefined => el.attrs.find((a) => a.name === n)?.value;
  const inherit = (el: XElement, ns: string, lib: string): [string, string] => [attrOf(el, 'ns') ?? ns, attrOf(el, 'datatypeLibrary') ?? lib];

  const collect = (g: XElement, ns: string, lib: string): void => {
    for (const c of rngChildren(g)) {
      const [cns, clib] = inherit(c, ns, lib);
      if (c.local === 'define') {
        const name = attrOf(c, 'name');
        if (!name || attrOf(c, 'combine') || defines.has(name)) throw new Unsupported('define');
        defines.set(name, { el: c, ns: cns, lib: clib });
      } else if (c.local === 'start') {
        if (startEl || attrOf(c, 'combine')) throw new Unsupported('start');
        startEl = { el: c, ns: cns, lib: clib };
      } else if (c.local === 'div') collect(c, cns, clib);
      else throw new Unsupported(c.local);
    }
  };
  const [gns, glib] = inherit(root, '', '');
  collect(root, gns, glib);
  if (!startEl) throw new Unsupported('no start');

  const qname = (raw: string, ns: string, isAttr: boolean): string => {
    const c = raw.indexOf(':');
    if (c < 0) return nameKey(isAttr ? '' : ns, raw, isAttr);
    if (raw.slice(0, c) !== 'xml') throw new Unsupported(`prefix of ${raw}`);
    return nameKey(XML_NS, raw.slice(c + 1), isAttr);
  };
  const seq = (els: XElement[], ns: string, lib: string): Pat => {
    let r: Pat = alg.empty;
    for (let i = els.length - 1; i >= 0; i--) r = alg.group(pattern(els[i]!, ns, lib), r);
    return r;
  };
  const pattern = (el: XElement, ns0: string, lib0: string): Pat => {
    const [ns, lib] = inherit(el, ns0, lib0);
    const kids = rngChildren(el);
    switch (el.local) {
      case 'element': {
        const n = attrOf(el, 'name');
        if (!n) throw new Unsupported('element name class');
        return alg.element(qname(n.trim(), ns, false), () => seq(kids, ns, lib));
      }
      case 'attribute': {
        const n = attrOf(el, 'name');
        if (!n) throw new Unsupported('attribute name class');
        const own = attrOf(el, 'ns');
        const name = n.includes(':') ? qname(n.trim(), '', true) : nameKey(own ?? '', n.trim(), true);
        return alg.attribute(name, kids.length ? seq(kids, ns, lib) : alg.text);
      }
      case 'group':
        return seq(kids, ns, lib);
      case 'choice': {
        if (kids.length === 0) throw new Unsupported('empty choice');
        let r = pattern(kids[0]!, ns, lib);
        for (const k of kids.slice(1)) r = alg.choice(r, pattern(k, ns, lib));
        return r;
      }
      case 'optional':
        return alg.choice(seq(kids, ns, lib), alg.empty);
      case 'zeroOrMore':
        return alg.choice(alg.oneOrMore(seq(kids, ns, lib)), alg.empty);
      case 'oneOrMore':
        return alg.oneOrMore(seq(kids, ns, lib));
      case 'ref': {
        const d = defines.get(attrOf(el, 'name') ?? '');
        if (!d) throw new Unsupported('undefined ref');
        return resolve(d);
      }
      case 'empty':
        return alg.empty;
      case 'notAllowed':
        return alg.notAllowed;
      case 'text':
        return alg.text;
      case 'list':
        return alg.list(seq(kids, ns, lib));
      case 'value': {
        const type = attrOf(el, 'type');
        if (type !== undefined && !(lib === XSD_LIB && (type === 'string' || type === 'token')) && !(lib === '' && (type === 'string' || type === 'token'))) throw new Unsupported('value type');
        if (kids.length) throw new Unsupported('value content');
        return alg.value(el.children.map((c) => (c.type === 'text' ? c.text : '')).join(''));
      }
      case 'data': {
        const type = attrOf(el, 'type') ?? '';
        const params: [string, string][] = [];
        for (const k of kids) {
          if (k.local !== 'param') throw new Unsupported('data except');
          params.push([attrOf(k, 'name') ?? '', k.children.map((c) => (c.type === 'text' ? c.text : '')).join('')]);
        }
        const dt = datatype(lib, type, params);
        return alg.data(dt.key, dt.check, dt.isId);
      }
      default:
        throw new Unsupported(el.local);
    }
  };
  // A define's body is compiled once; a ref to it is its pattern. Recursion must pass through an
  // element (RELAX NG §4.19), whose content is compiled lazily below.
  const resolving = new Set<string>();
  const resolve = (d: { el: XElement; ns: string; lib: string; pat?: Pat }): Pat => {
    if (d.pat) return d.pat;
    const name = attrOf(d.el, 'name')!;
    if (resolving.has(name)) throw new Unsupported('recursion outside an element');
    resolving.add(name);
    d.pat = seq(rngChildren(d.el), d.ns, d.lib);
    resolving.delete(name);
    return d.pat;
  };
  const start = seq(rngChildren(startEl.el), startEl.ns, startEl.lib);
  // Compile every reachable element's content now, so that an unsupported construct anywhere
  // refuses the grammar here rather than failing in the middle of a document.
  const seen = new Set<Pat>();
  const stack = [start];
  while (stack.length) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    if (p.k === 'element') stack.push(alg.content(p));
    else {
      if (p.a) stack.push(p.a);
      if (p.b) stack.push(p.b);
    }
  }
  return { alg, start };
}

/** Proves documents valid against one grammar. */
export interface RelaxNgProver {
  /** True only when the document is certainly valid and xmllint would report nothing for it. */
  provesValid(xml: string, parsed: ParsedXml): boolean;
}

const provers = new Map<string, RelaxNgProver | null>();

/**
 * A prover for a grammar (compiled once per grammar text), or undefined when the grammar uses a
 * construct outside the supported subset: then every document goes to xmllint.
 */
export function relaxNgProver(rngText: string): RelaxNgProver | undefined {
  let p = provers.get(rngText);
  if (p === undefined) {
    try {
      const { alg, start } = compileGrammar(rngText);
      p = makeProver(alg, start);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      p = null;
    }
    provers.set(rngText, p);
  }
  return p ?? undefined;
}

const XML_DECL = /^<\?xml version=(?:"1\.0"|'1\.0')(?: encoding=(?:"UTF-8"|'UTF-8'))?\?>/;
const MAX_DEPTH = 200;

function makeProver(alg: Algebra, start: Pat): RelaxNgProver {
  return {
    provesValid(xml, parsed) {
      const root = parsed.root;
      if (!root || parsed.problems.length > 0 || xml.length > 4_000_000) return false;
      // What xmllint might warn about in a schema-valid file: another XML declaration, PIs named
      // xml…, lone surrogates (only those in the original text reach xmllint as written).
      if (xml.startsWith('<?xml') ? !XML_DECL.test(xml) : xml.charCodeAt(0) === 0xfeff) return false;
      for (let at = xml.indexOf('<?xml', 1); at >= 0; at = xml.indexOf('<?xml', at + 5)) {
        if (!xml.startsWith('<?xml-model ', at)) return false;
      }
      if (!isWellFormedUnicode(xml)) return false;
      const ids: string[] = [];
      let ok = true;
      const walk = (el: XElement, p: Pat, depth: number): Pat => {
        if (depth > MAX_DEPTH) {
          ok = false;
          return alg.notAllowed;
        }
        let q = alg.startTagOpenDeriv(p, el.ns === TEI_NS ? el.local : nameKey(el.ns ?? '', el.local, false));
        for (const a of el.attrs) {
          if (a.name === 'xmlns') {
            if (a.value !== TEI_NS) ok = false;
            continue;
          }
          if (a.name.startsWith('xmlns:') || (a.name.includes(':') && !a.name.startsWith('xml:'))) {
            ok = false;
            continue;
          }
          q = alg.attributeDeriv(q, a.ns === null ? a.local : nameKey(a.ns, a.local, true), a.value, ids);
          if (q.k === 'notAllowed') return q;
        }
        q = alg.startTagCloseDeriv(q);
        // Children: adjacent text (split by comments or PIs) merged; white-space-only text
        // between elements is ignored (RELAX NG §6.2.7 / Clark's stripChildrenDeriv).
        const kids = el.children;
        let hasElement = false;
        for (const c of kids) if (c.type === 'element') hasElement = true;
        if (!hasElement) {
          let s = '';
          for (const c of kids) if (c.type === 'text') s += c.text;
          const t = alg.textDeriv(q, s);
          q = isWhitespace(s) ? alg.choice(q, t) : t;
        } else {
          let s = '';
          for (let i = 0; i <= kids.length; i++) {
            const c = kids[i];
            if (c && c.type === 'text') {
              s += c.text;
              continue;
            }
            if (s !== '') {
              if (!isWhitespace(s)) q = alg.textDeriv(q, s);
              s = '';
            }
            if (c) q = walk(c, q, depth + 1);
            if (q.k === 'notAllowed') return q;
          }
        }
        return alg.endTagDeriv(q);
      };
      let end: Pat;
      try {
        end = walk(root, start, 0);
      } catch (err) {
        if (err instanceof Unsupported) return false;
        throw err;
      }
      if (!ok || !end.nullable) return false;
      if (ids.length > 1 && new Set(ids).size !== ids.length) return false;
      return true;
    },
  };
}

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function isWellFormedUnicode(s: string): boolean {
  const native = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(s) : !LONE.test(s);
}
