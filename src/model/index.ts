/**
 * The tei-edition document model: declared once, used by every stage.
 *
 * Lossless by construction: every node made from the input carries a {@link Span} of UTF-16
 * offsets into {@link Source.text}; the text itself is never copied into the model, so the TEI
 * writer can only emit what the source says (plus editorial additions it marks as such, see
 * ENCODING.md "Nothing lost"). Line and column are derived from offsets on demand
 * ({@link positionOf}), never stored.
 */

/** Half-open range `[start, end)` of UTF-16 code-unit offsets into {@link Source.text}. */
export interface Span {
  start: number;
  end: number;
}

/** A decoded source document: the only place the text lives. */
export interface Source {
  /** File stem, e.g. `nca-1573-ps` for `nca-1573-ps.txt`; becomes the TEI file name and xml:id. */
  name: string;
  /** Path as the user gave it, for diagnostics (`file:line:col`). */
  path: string;
  /** Decoded text (BOM removed, line ends kept as they were). */
  text: string;
  /** Encoding the bytes were read with, e.g. `utf-8`, `utf-16le`. */
  encoding: string;
  /** Optional row from a `metadata.csv` beside the source (columns `file,title,date,…`). */
  metadata?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Structure (block level). A Document is a sequence of divisions; each division a sequence of
// blocks. Inline detail (entities, blanks, gaps, stamps, control characters) is NOT nested into
// blocks: it is an overlay of non-overlapping {@link Inline} ranges that the TEI writer weaves
// into whatever block contains them. That keeps structure recognition and entity recognition
// independent stages.
// ---------------------------------------------------------------------------------------------

/** `fw/@type` values of ENCODING.md "Page layout" (TEI Guidelines 11.6, "Headers, Footers, and Similar Matter"). */
export type FwType = 'pageNum' | 'catch' | 'header' | 'stamp';

/** Page furniture on a line of its own: page number, catchword, running head or exhibit stamp. */
export interface Furniture {
  kind: 'fw';
  fwType: FwType;
  span: Span;
}

/**
 * A page break (TEI `<pb/>`). `span` covers the form feed when the source has one, else it is
 * empty (start === end) at the point where the new page begins. `n` is the page number when known.
 */
export interface PageBreak {
  kind: 'pb';
  n?: string;
  span: Span;
}

/** Something that may interrupt running text: a page break or furniture. */
export type Interruption = PageBreak | Furniture;

/** A run of running text inside a block (a line or lines of the source). */
export interface TextRun {
  kind: 'text';
  span: Span;
}

/** Content of a paragraph-like block: text runs, interrupted by page breaks and furniture. */
export type FlowPart = TextRun | Interruption;

/** A paragraph (`<p>`); one paragraph across a page break holds the `pb`/`fw` inside it. */
export interface Paragraph {
  kind: 'p';
  span: Span;
  parts: FlowPart[];
}

/** A heading (`<head>`), possibly over several source lines. */
export interface Heading {
  kind: 'head';
  span: Span;
  parts: FlowPart[];
}

/** A dateline (`<dateline>`), e.g. `Vienna, 26 Feb 1938` or `Tokyo, Japan`. */
export interface Dateline {
  kind: 'dateline';
  span: Span;
}

/** A stamp or seal described in the text (`/Seal of …/`, `[Stamp of …]`) standing as a block. */
export interface StampBlock {
  kind: 'stamp';
  span: Span;
}

/** One part of a closer / signature block. */
export interface CloserPart {
  kind: 'signed' | 'roleName' | 'dateline' | 'salute' | 'text' | 'stamp';
  span: Span;
}

/** A closer (`<closer>`): signature (`/s/` kept as text), rank or office, dateline. */
export interface Closer {
  kind: 'closer';
  span: Span;
  parts: (CloserPart | Interruption)[];
}

/** A line kept as it stands (`<ab>`): lists of addressees, memo lines, file references. */
export interface AnonymousBlock {
  kind: 'ab';
  span: Span;
  parts: FlowPart[];
}

/** A footnote-like note of the source itself (e.g. DFAT numbered notes). Source text, not editorial. */
export interface SourceNote {
  kind: 'note';
  n?: string;
  span: Span;
  parts: FlowPart[];
}

export type Block =
  | Paragraph
  | Heading
  | Dateline
  | StampBlock
  | Closer
  | AnonymousBlock
  | SourceNote
  | Furniture
  | PageBreak;

/** `div/@subtype` of a certificate, ENCODING.md "Certification apparatus". */
export type CertificateType = 'copy' | 'translation' | 'source' | 'oath' | 'authentication' | 'other';

/** A division: the document proper, or a certificate of the apparatus. */
export interface Division {
  kind: 'div';
  type: 'document' | 'certificate' | 'part' | 'source';
  subtype?: CertificateType;
  span: Span;
  blocks: Block[];
}

/**
 * A whole document. `front` holds what precedes the document proper (exhibit stamps, archival
 * headers); `body` the document (`div[@type=document]`, possibly several parts); `back` the
 * certificates that follow it. Everything not white space in the source lies in exactly one block.
 */
export interface DocumentModel {
  source: Source;
  front: Block[];
  body: Division[];
  back: Division[];
  /** Facts for the teiHeader, derived from the text (and metadata.csv). */
  meta: DocumentMeta;
}

// ---------------------------------------------------------------------------------------------
// Header facts
// ---------------------------------------------------------------------------------------------

/** An ISO 8601 date value as TEI's att.datable.w3c expects it (TEI Guidelines 13.4, "Dates"). */
export interface DateValue {
  when?: string;
  notBefore?: string;
  notAfter?: string;
  from?: string;
  to?: string;
  /** Set when inferred (a missing year taken from context, a title cross-checked with a certificate). */
  cert?: 'high' | 'medium' | 'low';
}

/** An identifier printed in the document: `Exhibit 2638`, `Def. Doc. #1504`, `Doc. No. 2369`. */
export interface Identifier {
  type: 'exhibit' | 'defenseDocument' | 'document' | 'number' | string;
  value: string;
  span?: Span;
}

/** One custodial event per certificate (ENCODING.md: `<custEvent>` with type, date, who). */
export interface CustodialEvent {
  type: CertificateType;
  date?: DateValue;
  who?: string;
  span: Span;
}

export interface DocumentMeta {
  title?: string;
  titleSpan?: Span;
  /** The document's own date (teiHeader `creation/date`). */
  date?: DateValue;
  dateSpan?: Span;
  idnos: Identifier[];
  /** Repository holding the original, as the certificates name it. */
  repository?: string;
  custodialEvents: CustodialEvent[];
  language: string;
}

// ---------------------------------------------------------------------------------------------
// Inline overlay: entities, dates and the small inline features of ENCODING.md
// ---------------------------------------------------------------------------------------------

export type EntityType = 'person' | 'place' | 'org';

/** A person, place or organisation mention (`persName`, `placeName`, `orgName`). */
export interface EntityMention {
  kind: 'entity';
  type: EntityType;
  span: Span;
  /** xml:id of the authority entry (without file or `#`). */
  ref?: string;
  /** Normalised spelling when the source spelling is an evident OCR error (`<choice><sic><corr>`). */
  corr?: string;
}

/** A date mention (`<date>` with its normalised value). */
export interface DateMention {
  kind: 'date';
  span: Span;
  value: DateValue;
}

/** Inline features of ENCODING.md "Certification apparatus". */
export interface InlineFeature {
  kind: 'blank' | 'gap' | 'stamp';
  span: Span;
}

export type Inline = EntityMention | DateMention | InlineFeature;

// ---------------------------------------------------------------------------------------------
// Authority files (TEI Guidelines 13.3, "Biographical and Prosopographical Data"; 13.3.4 places)
// ---------------------------------------------------------------------------------------------

export interface ExternalId {
  type: 'wikidata' | 'viaf' | 'geonames' | string;
  value: string;
}

export interface AuthorityEntry {
  id: string;
  type: EntityType;
  /** Normalised name. */
  name: string;
  /** Spellings met in the sources (including OCR variants). */
  variants: string[];
  /** Role, office or short description. */
  note?: string;
  idnos: ExternalId[];
  /** False for entries the converter added and no editor has accepted yet. */
  reviewed: boolean;
}

export interface Authority {
  entries: AuthorityEntry[];
}

// ---------------------------------------------------------------------------------------------
// Positions and diagnostics
// ---------------------------------------------------------------------------------------------

/** 1-based line and column (columns count UTF-16 code units, as editors do). */
export interface Position {
  line: number;
  column: number;
}

/**
 * Line/column of an offset. Treats CRLF, CR and LF as line ends so positions match what editors
 * show for the original file.
 */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export type Severity = 'error' | 'warning' | 'info';

/** A diagnostic is data: collected, printed by the CLI, never thrown at a user. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  /** Stable rule id, e.g. `ref-resolves`, `xml-wellformed`, `ingest-encoding`. */
  rule: string;
}

/** `file:line:col: severity: message [rule-id]`: the format editors and terminals make clickable. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]`;
}

/** Result of a stage that may report diagnostics without failing. */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// Summaries: what the build keeps per TEI document for indexes, search and the collection table
// (read back from TEI, so that hand-edited TEI is the master).
// ---------------------------------------------------------------------------------------------

/** One marked mention as read back from TEI. */
export interface MentionSummary {
  type: EntityType | 'date';
  /** Authority xml:id (entities), without file or `#`. */
  ref?: string;
  /** Normalised date value (dates). */
  value?: DateValue;
  /** The mention's text as it stands in the source. */
  text: string;
  /** A short snippet of running text around the mention, for index pages. */
  context: string;
  /**
   * HTML anchor of the mention in its document page: `m{N}`, N being the 1-based position of the
   * element among `persName|placeName|orgName|date` descendants of `<text>` in document order.
   */
  anchor: string;
}

/** What the edition's indexes, search and collection table need of one document. */
export interface DocSummary {
  /** File stem, e.g. `nca-1573-ps`. */
  name: string;
  title: string;
  date?: DateValue;
  idnos: Identifier[];
  /** Kind of document (memorandum, letter, affidavit, record of conversation, …) when known. */
  kind?: string;
  /** Certificate subtypes present, in order. */
  certificates: CertificateType[];
  mentions: MentionSummary[];
  /** Plain reading text, for full-text search. */
  text: string;
}
