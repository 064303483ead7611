/**
 * What a RelaxNG grammar allows on each element: attribute names and, for enumerated attributes,
 * their values. Pure. xmllint only says "Element fw failed to validate attributes"; with this the
 * validator can say which attribute, and which values would do.
 */
import { attr, parseXml, type XAttr, type XElement } from './xml.js';

const RNG_NS = 'http://relaxng.org/ns/structure/1.0';

/** Per element name: attribute name → allowed values (undefined: any value of its datatype). */
export type AttributeTable = Map<string, Map<string, Set<string> | undefined>>;

const cache = new Map<string, AttributeTable>();

function rngChildren(el: XElement): XElement[] {
  return el.children.filter((c): c is XElement => c.type === 'element' && c.ns === RNG_NS);
}

/**
 * Read the attribute table of a grammar in RelaxNG XML syntax (elements and attributes with a
 * literal `name`, through `ref`s to `define`s). Cached per grammar text.
 */
export function attributeTable(rngText: string): AttributeTable {
  const hit = cache.get(rngText);
  if (hit) return hit;
  const table: AttributeTable = new Map();
  const root = parseXml(rngText).root;
  if (root) {
    const defines = new Map<string, XElement[]>();
    const stack = [root];
    const elementsFound: XElement[] = [];
    while (stack.length) {
      const e = stack.pop()!;
      if (e.local === 'define') {
        const n = attr(e, 'name')!;
        defines.set(n, [...(defines.get(n) ?? []), e]);
      }
      if (e.local === 'element' && attr(e, 'name')) elementsFound.push(e);
      stack.push(...rngChildren(e));
    }
    const valuesOf = (a: XElement): Set<string> | undefined => {
      const values = new Set<string>();
      let free = false;
      const walk = (e: XElement): void => {
        for (const c of rngChildren(e)) {
          if (c.local === 'value') values.add(c.children.map((t) => (t.type === 'text' ? t.text : '')).join(''));
          else if (c.local === 'data' || c.local === 'text' || c.local === 'list') free = true;
          else if (c.local === 'ref') for (const d of defines.get(attr(c, 'name')!) ?? []) walk(d);
          else walk(c);
        }
      };
      walk(a);
      return free || values.size === 0 ? undefined : values;
    };
    for (const el of elementsFound) {
      const name = attr(el, 'name')!;
      const attrs = table.get(name) ?? new Map<string, Set<string> | undefined>();
      const seen = new Set<XElement>();
      const collect = (e: XElement): void => {
        for (const c of rngChildren(e)) {
          if (c.local === 'element') continue; // a child element's attributes are its own
          if (c.local === 'attribute' && attr(c, 'name')) {
            const an = attr(c, 'name')!;
            const vals = valuesOf(c);
            if (!attrs.has(an)) attrs.set(an, vals);
            else {
              const prev = attrs.get(an);
              attrs.set(an, prev && vals ? new Set([...prev, ...vals]) : undefined);
            }
            continue;
          }
          if (c.local === 'ref') {
            for (const d of defines.get(attr(c, 'name')!) ?? []) {
              if (seen.has(d)) continue;
              seen.add(d);
              collect(d);
            }
            continue;
          }
          collect(c);
        }
      };
      collect(el);
      table.set(name, attrs);
    }
  }
  cache.set(rngText, table);
  return table;
}

/**
 * Say which attribute of an element the grammar refuses: one it does not know, or an enumerated
 * one with a value outside its list. Undefined when neither (a datatype problem, e.g. a date).
 */
export function explainAttributes(table: AttributeTable, el: XElement): { attr: XAttr; message: string } | undefined {
  const allowed = table.get(el.local);
  if (!allowed) return undefined;
  for (const a of el.attrs) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    if (!allowed.has(a.name)) {
      const names = [...allowed.keys()].sort();
      return { attr: a, message: `attribute ${a.name} is not allowed on <${el.name}> (allowed: ${names.join(', ') || 'none'})` };
    }
    const values = allowed.get(a.name);
    if (values && !values.has(a.value)) {
      return { attr: a, message: `${a.name}="${a.value}" is not allowed on <${el.name}>; use one of: ${[...values].join(', ')}` };
    }
  }
  return undefined;
}
