/**
 * Dates: find calendar expressions and normalise them to ISO 8601 (TEI Guidelines 13.4 "Dates";
 * att.datable.w3c). Pure. Owner: dates. STUB until the dates stage lands.
 */
import type { DateMention, DateValue, DocumentModel } from '../model/index.js';

/** What a date expression without a year (or month) borrows from its surroundings. */
export interface DateContext {
  /** The document's own date, when known. */
  docDate?: DateValue;
}

/** Normalise one date expression (`7 Aug. 1938`, `December 1931`, `6.I.41`) to a DateValue; undefined when it is not a date. */
export function normaliseDate(expr: string, context: DateContext = {}): DateValue | undefined {
  void expr; void context;
  throw new Error('normaliseDate: not implemented yet');
}

/** Every date mention of a document, in source order, skipping page furniture. */
export function findDates(doc: DocumentModel, context: DateContext = {}): DateMention[] {
  void doc; void context;
  throw new Error('findDates: not implemented yet');
}
