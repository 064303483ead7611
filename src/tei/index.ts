/**
 * TEI: document model + inline overlay → TEI P5 XML, and TEI → summaries for indexes and checks.
 * Pure. Owner: tei. STUB until the tei stage lands.
 */
import type { Authority, DocumentModel, Inline, Result } from '../model/index.js';

export interface TeiWriteOptions {
  /** href of the project RelaxNG schema for the `<?xml-model?>` PI, relative to the TEI file. */
  schemaHref: string;
  /** Authority file for `@ref` values, relative to the TEI file, e.g. `authority/persons.xml`. */
  authorityHref: { person: string; place: string; org: string };
  /** Tool name and version for the revision entry and the generation stamp. */
  generator: string;
}

/** Serialise a document to TEI, weaving the inline overlay into its blocks. Deterministic: same input, same bytes. */
export function toTei(doc: DocumentModel, inlines: Inline[], opts: TeiWriteOptions): string {
  void doc; void inlines; void opts;
  throw new Error('toTei: not implemented yet');
}

/** Read an authority file (listPerson / listPlace / listOrg) back into the model. */
export function readAuthority(xml: string, file: string): Result<Authority> {
  void xml; void file;
  throw new Error('readAuthority: not implemented yet');
}
