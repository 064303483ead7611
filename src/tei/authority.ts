/**
 * Authority ↔ TEI: the edition's persons, places and organisations as full TEI documents with
 * `<listPerson>`, `<listPlace>`, `<listOrg>` (TEI Guidelines 13.3, "Biographical and Prosopographical
 * Data"). Pure, deterministic (entries sorted by xml:id).
 */
import type { Authority, AuthorityEntry, EntityType } from '../model/index.js';
import { TEI_NS } from './write.js';
import { escapeAttr, escapeHeaderText, ncName } from './xml.js';

/** Options of {@link authorityToTei}. */
export interface AuthorityWriteOptions {
  /** href of the project RelaxNG schema, relative to the authority file. */
  schemaHref?: string;
  /** Tool name and version, for the publication statement. */
  generator?: string;
}

const SPEC: Record<EntityType, { file: string; list: string; entry: string; name: string; title: string }> = {
  person: { file: 'persons', list: 'listPerson', entry: 'person', name: 'persName', title: 'Persons' },
  place: { file: 'places', list: 'listPlace', entry: 'place', name: 'placeName', title: 'Places' },
  org: { file: 'orgs', list: 'listOrg', entry: 'org', name: 'orgName', title: 'Organisations' },
};

function entryXml(e: AuthorityEntry, ind: string): string {
  const s = SPEC[e.type];
  const cert = e.reviewed ? '' : ' cert="low"';
  const L = [`${ind}<${s.entry} xml:id="${escapeAttr(ncName(e.id))}"${cert}>`];
  L.push(`${ind}  <${s.name} type="main">${escapeHeaderText(e.name)}</${s.name}>`);
  const seen = new Set([e.name]);
  for (const v of e.variants) {
    if (seen.has(v) || !v.trim()) continue;
    seen.add(v);
    L.push(`${ind}  <${s.name} type="variant">${escapeHeaderText(v)}</${s.name}>`);
  }
  if (e.note) L.push(`${ind}  <note>${escapeHeaderText(e.note)}</note>`);
  for (const id of e.idnos) L.push(`${ind}  <idno type="${escapeAttr(id.type)}">${escapeHeaderText(id.value)}</idno>`);
  L.push(`${ind}</${s.entry}>`);
  return L.join('\n');
}

/** Entries sharing an xml:id become one (the first), gaining the others' names as variants and their idnos: an authority file cannot hold an id twice. */
function mergeDuplicates(entries: AuthorityEntry[]): AuthorityEntry[] {
  const byId = new Map<string, AuthorityEntry>();
  for (const e of entries) {
    const id = ncName(e.id);
    const first = byId.get(id);
    if (!first) {
      byId.set(id, { ...e, id, variants: [...e.variants], idnos: [...e.idnos] });
      continue;
    }
    for (const v of [e.name, ...e.variants]) if (v !== first.name && !first.variants.includes(v)) first.variants.push(v);
    for (const i of e.idnos) if (!first.idnos.some((x) => x.type === i.type && x.value === i.value)) first.idnos.push(i);
    if (first.note === undefined && e.note !== undefined) first.note = e.note;
    first.reviewed = first.reviewed || e.reviewed;
  }
  return [...byId.values()];
}

/** File names of the three authority files (ARCHITECTURE.md "Files on disk"), by entity type. */
export const AUTHORITY_FILES: Record<EntityType, string> = { person: 'persons.xml', place: 'places.xml', org: 'orgs.xml' };

/** Serialise all three authority files at once, keyed `persons`, `places`, `orgs` (what the build writes to tei/authority/). */
export function authorityToTei(authority: Authority): Record<'persons' | 'places' | 'orgs', string>;
/** Serialise the entries of one type as a full TEI document with its list element; unreviewed entries carry `@cert="low"` so editors can find them. */
export function authorityToTei(authority: Authority, type: EntityType, opts?: AuthorityWriteOptions): string;
export function authorityToTei(authority: Authority, type?: EntityType, opts: AuthorityWriteOptions = {}): string | Record<'persons' | 'places' | 'orgs', string> {
  if (type === undefined) {
    return { persons: authorityToTei(authority, 'person', opts), places: authorityToTei(authority, 'place', opts), orgs: authorityToTei(authority, 'org', opts) };
  }
  const s = SPEC[type];
  const schemaHref = opts.schemaHref ?? '../../schemas/tei-edition.rng';
  const generator = opts.generator ?? 'tei-edition';
  const entries = mergeDuplicates(authority.entries.filter((e) => e.type === type)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const L: string[] = [];
  L.push('<?xml version="1.0" encoding="UTF-8"?>');
  L.push(`<?xml-model href="${escapeAttr(schemaHref)}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>`);
  L.push(`<TEI xmlns="${TEI_NS}" xml:id="${s.file}" xml:lang="en">`);
  L.push('  <teiHeader>');
  L.push('    <fileDesc>');
  L.push('      <titleStmt>');
  L.push(`        <title>${s.title}</title>`);
  L.push('      </titleStmt>');
  L.push('      <publicationStmt>');
  L.push(`        <p>Authority file of the edition, maintained with ${escapeHeaderText(generator)}; entries with cert="low" were added by the converter and await review.</p>`);
  L.push('      </publicationStmt>');
  L.push('      <sourceDesc>');
  L.push('        <p>Compiled from the documents of the edition.</p>');
  L.push('      </sourceDesc>');
  L.push('    </fileDesc>');
  L.push('  </teiHeader>');
  L.push('  <text>');
  L.push('    <body>');
  if (entries.length) {
    L.push(`      <${s.list}>`);
    for (const e of entries) L.push(entryXml(e, '        '));
    L.push(`      </${s.list}>`);
  } else {
    L.push('      <p>No entries yet.</p>');
  }
  L.push('    </body>');
  L.push('  </text>');
  L.push('</TEI>');
  return L.join('\n') + '\n';
}
