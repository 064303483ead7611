/**
 * Editorial review of the authority: what the converter added or guessed (unreviewed entries,
 * fuzzy and ambiguous matches), and the editor's decisions — accept, merge into another entry,
 * reject. Decisions live in the authority files themselves (accept: `@cert="low"` dropped; merge:
 * the names become variants of the target, so later runs link them there) and, for rejections, in
 * `tei/authority/decisions.json` (a rejected name is never tagged again). Pure: the `review`
 * command does the file IO. TEI Guidelines 13.3.1 (`@cert` on entries of a prosopography).
 */
import type { Authority, AuthorityEntry, EntityType } from '../model/index.js';
import { fold } from './text.js';

/** What an editor decided, persisted between runs. */
export interface Decisions {
  /** Names that are not entities of that type: never tagged again. */
  rejected: { type: EntityType; name: string }[];
  /** Merges done, for the record (`from` ids no longer exist; their names are variants of `into`). */
  merged: { from: string; into: string }[];
}

export type Decision =
  | { action: 'accept'; id: string }
  | { action: 'merge'; id: string; into: string }
  | { action: 'reject'; id: string };

/** One line of the review list: an entry to look at, with where its entity is mentioned. */
export interface ReviewEntry {
  id: string;
  type: EntityType;
  name: string;
  variants: string[];
  /** Why it is listed: added by the converter (`new`), or sharing a name with other entries (`ambiguous`). */
  reason: 'new' | 'ambiguous';
  /** Other entries with a name in common (folded), for a merge. */
  similar: string[];
  /** `file:line:col` of mentions, as the command found them. */
  contexts: string[];
}

/** Empty decisions: nothing rejected, nothing merged. */
export function emptyDecisions(): Decisions {
  return { rejected: [], merged: [] };
}

/** Read decisions.json leniently: unknown or malformed fields are dropped, never thrown at the editor. */
export function parseDecisions(json: string): Decisions {
  const out = emptyDecisions();
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return out;
  }
  const o = (v ?? {}) as { rejected?: unknown; merged?: unknown };
  if (Array.isArray(o.rejected)) {
    for (const r of o.rejected as { type?: unknown; name?: unknown }[]) {
      if (r && (r.type === 'person' || r.type === 'place' || r.type === 'org') && typeof r.name === 'string') out.rejected.push({ type: r.type, name: r.name });
    }
  }
  if (Array.isArray(o.merged)) {
    for (const m of o.merged as { from?: unknown; into?: unknown }[]) {
      if (m && typeof m.from === 'string' && typeof m.into === 'string') out.merged.push({ from: m.from, into: m.into });
    }
  }
  return out;
}

/** Serialise decisions deterministically (sorted, two-space JSON, final newline) so the file diffs cleanly. */
export function serialiseDecisions(d: Decisions): string {
  const rejected = [...d.rejected].sort((a, b) => (a.type + '|' + a.name < b.type + '|' + b.name ? -1 : a.type + '|' + a.name > b.type + '|' + b.name ? 1 : 0));
  const merged = [...d.merged].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return JSON.stringify({ rejected, merged }, null, 2) + '\n';
}

/**
 * The entries an editor should review: every unreviewed entry (added by the converter), and every
 * entry sharing a folded name or variant with another entry of its type (possible duplicates).
 * `contexts` maps an id to mention positions found by the caller.
 */
export function reviewList(authority: Authority, contexts: Map<string, string[]> = new Map()): ReviewEntry[] {
  const byName = new Map<string, Set<string>>();
  for (const e of authority.entries) {
    for (const n of [e.name, ...e.variants]) {
      const k = `${e.type}|${fold(n)}`;
      let s = byName.get(k);
      if (!s) byName.set(k, (s = new Set()));
      s.add(e.id);
    }
  }
  const out: ReviewEntry[] = [];
  for (const e of authority.entries) {
    const similar = new Set<string>();
    for (const n of [e.name, ...e.variants]) for (const id of byName.get(`${e.type}|${fold(n)}`) ?? []) if (id !== e.id) similar.add(id);
    if (e.reviewed && similar.size === 0) continue;
    out.push({
      id: e.id, type: e.type, name: e.name, variants: [...e.variants], reason: e.reviewed ? 'ambiguous' : 'new',
      similar: [...similar].sort(), contexts: contexts.get(e.id) ?? [],
    });
  }
  return out.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Result of applying a decision: the new authority and decisions, or an error message for the editor. */
export interface Applied {
  authority: Authority;
  decisions: Decisions;
  error?: string;
}

/**
 * Apply one decision. Accept marks the entry reviewed; merge moves the entry's names into the
 * target's variants and removes it (later runs link those names to the target); reject removes
 * the entry and records its names so that they are not tagged again.
 */
export function applyDecision(authority: Authority, decisions: Decisions, d: Decision): Applied {
  const entries = authority.entries.map((e) => ({ ...e, variants: [...e.variants], idnos: [...e.idnos] }));
  const next: Decisions = { rejected: [...decisions.rejected], merged: [...decisions.merged] };
  const find = (id: string): AuthorityEntry | undefined => entries.find((e) => e.id === id);
  const e = find(d.id);
  if (!e) return { authority, decisions, error: `no entry with xml:id "${d.id}"` };
  if (d.action === 'accept') {
    e.reviewed = true;
    return { authority: { entries }, decisions: next };
  }
  if (d.action === 'merge') {
    const target = find(d.into);
    if (!target) return { authority, decisions, error: `no entry with xml:id "${d.into}" to merge into` };
    if (target.type !== e.type) return { authority, decisions, error: `cannot merge a ${e.type} into a ${target.type}` };
    if (target === e) return { authority, decisions, error: 'an entry cannot be merged into itself' };
    for (const n of [e.name, ...e.variants]) if (n !== target.name && !target.variants.includes(n)) target.variants.push(n);
    for (const i of e.idnos) if (!target.idnos.some((x) => x.type === i.type && x.value === i.value)) target.idnos.push(i);
    next.merged.push({ from: e.id, into: target.id });
    return { authority: { entries: entries.filter((x) => x !== e) }, decisions: next };
  }
  for (const n of [e.name, ...e.variants]) if (!next.rejected.some((r) => r.type === e.type && fold(r.name) === fold(n))) next.rejected.push({ type: e.type, name: n });
  return { authority: { entries: entries.filter((x) => x !== e) }, decisions: next };
}
