/**
 * TEI: document model + inline overlay → TEI P5 XML (ENCODING.md), authority files ↔ TEI, and TEI →
 * summaries, diplomatic text and the generation stamp. Pure. Owner: tei.
 */
export { toTei, toTeiResult, documentKind, TEI_NS } from './write.js';
export type { TeiWriteOptions } from './write.js';
export { summarise, summariseWithDiplomatic, diplomaticText, readAuthority } from './read.js';
export { authorityToTei, AUTHORITY_FILES } from './authority.js';
export type { AuthorityWriteOptions } from './authority.js';
export { stampTei, checkStamp } from './stamp.js';
export { ncName, escapeText, scanXml } from './xml.js';
