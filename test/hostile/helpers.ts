/**
 * Helpers of the hostile-input and property tests: temporary folders, the CLI as a child process,
 * a strict XML 1.0 character check, and a small HTML tokenizer (after the HTML Living Standard's
 * tokenization states) to find elements and attributes an injected source could have created.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wellFormedProblem } from './xmlcheck.js';

/** Root of the repository (tests run compiled from lib/test/…). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'hostile');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const binPath = path.join(repoRoot, 'bin', 'tei-edition.js');

/** A fresh temporary folder, removed by {@link cleanTmp}. */
export function mkTmp(prefix = 'tei-hostile-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
export function cleanTmp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `tei-edition ARGS` in `cwd` as a child process (no TTY, CI=true, so no progress bar). */
export function runCli(args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start `tei-edition ARGS` without waiting; resolves when it exits. */
export function startCli(args: string[], cwd: string): { child: ReturnType<typeof spawn>; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [binPath, ...args], { cwd, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const done = new Promise<CliRun>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done };
}

/** A minimal edition project in `dir`: `sources/` with the given files (name → text or bytes), no configuration. */
export function makeProject(dir: string, files: Record<string, string | Uint8Array>): void {
  fs.mkdirSync(path.join(dir, 'sources'), { recursive: true });
  for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'sources', name), data);
}

/** Every file under `dir`, relative paths, sorted; for byte-for-byte comparisons of two builds. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/**
 * Null when `xml` is a well-formed XML 1.0 document (with namespaces), else what is wrong and where
 * (see xmlcheck.ts; cross-checked against libxml2).
 */
export function xmlProblem(xml: string): string | null {
  return wellFormedProblem(xml);
}

// ---------------------------------------------------------------------------------------------
// HTML tokenizer
// ---------------------------------------------------------------------------------------------

export interface HtmlTag {
  name: string;
  attrs: [string, string][];
}
export interface HtmlTokens {
  tags: HtmlTag[];
  /** Content of raw-text elements (script, style) and RCDATA (title, textarea), with their tag. */
  raw: { tag: HtmlTag; text: string }[];
  /** Character data outside tags, entity references decoded, concatenated. */
  text: string;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };
/** Decode the character references an HTML serializer writes (named basics and numeric). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, r: string) => {
    if (r.startsWith('#x')) return String.fromCodePoint(parseInt(r.slice(2), 16));
    if (r.startsWith('#')) return String.fromCodePoint(parseInt(r.slice(1), 10));
    return NAMED[r] ?? m;
  });
}

const RAW = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

/** Tokenize HTML the way a browser's tokenizer splits tags from text (enough to see every element an attacker could inject). */
export function tokenizeHtml(html: string): HtmlTokens {
  const tags: HtmlTag[] = [];
  const raw: { tag: HtmlTag; text: string }[] = [];
  let text = '';
  let i = 0;
  const n = html.length;
  const isAlpha = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) { text += decodeEntities(html.slice(i)); break; }
    text += decodeEntities(html.slice(i, lt));
    const c1 = html[lt + 1];
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
    } else if (c1 === '!' || c1 === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? n : end + 1;
    } else if (c1 === '/' && isAlpha(html[lt + 2])) {
      const end = html.indexOf('>', lt);
      i = end < 0 ? n : end + 1;
    } else if (isAlpha(c1)) {
      let j = lt + 1;
      while (j < n && !/[\s/>]/.test(html[j]!)) j++;
      const tag: HtmlTag = { name: html.slice(lt + 1, j).toLowerCase(), attrs: [] };
      // attributes
      for (;;) {
        while (j < n && /[\s/]/.test(html[j]!)) j++;
        if (j >= n || html[j] === '>') { j++; break; }
        let k = j;
        while (k < n && !/[\s/>=]/.test(html[k]!) || k === j) k++;
        const an = html.slice(j, k).toLowerCase();
        j = k;
        while (j < n && /\s/.test(html[j]!)) j++;
        let av = '';
        if (html[j] === '=') {
          j++;
          while (j < n && /\s/.test(html[j]!)) j++;
          const q = html[j];
          if (q === '"' || q === "'") {
            const e = html.indexOf(q, j + 1);
            av = html.slice(j + 1, e < 0 ? n : e);
            j = e < 0 ? n : e + 1;
          } else {
            let e = j;
            while (e < n && !/[\s>]/.test(html[e]!)) e++;
            av = html.slice(j, e);
            j = e;
          }
        }
        tag.attrs.push([an, decodeEntities(av)]);
      }
      tags.push(tag);
      i = j;
      if (RAW.has(tag.name)) {
        const close = html.toLowerCase().indexOf('</' + tag.name, i);
        const end = close < 0 ? n : close;
        const body = html.slice(i, end);
        raw.push({ tag, text: tag.name === 'title' || tag.name === 'textarea' ? decodeEntities(body) : body });
        if (tag.name === 'title' || tag.name === 'textarea') text += decodeEntities(body);
        i = end;
      }
    } else {
      text += '<';
      i = lt + 1;
    }
  }
  return { tags, raw, text };
}

/**
 * Offsets in JavaScript/JSON `code` at which `needle` stands outside every string literal and
 * comment: where injected text would run as code.
 */
export function codeOutsideStrings(code: string, needle: string): number[] {
  const hits: number[] = [];
  let i = 0;
  const n = code.length;
  while (i < n) {
    const c = code[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
      i++;
    } else if (code.startsWith('//', i)) {
      const e = code.indexOf('\n', i);
      i = e < 0 ? n : e;
    } else if (code.startsWith('/*', i)) {
      const e = code.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else {
      if (code.startsWith(needle, i)) hits.push(i);
      i++;
    }
  }
  return hits;
}

/**
 * Remove white space: the "white space aside" of ENCODING.md. Form feeds count as white space (they
 * become `<pb/>`); VT and U+FEFF do not: they are characters XML forbids or an editor cannot see,
 * and must survive (as `<g>`) like any other.
 */
export function squeeze(s: string): string {
  return s.replace(/[^\S\u000B\uFEFF]+/gu, '');
}

/** Files of the corpus (all volumes), sorted, optionally every k-th. */
export function corpusFiles(every = 1): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.txt') && !e.name.endsWith('.gold.txt')) out.push(p);
    }
  };
  walk(corpusDir);
  out.sort();
  return out.filter((_, i) => i % every === 0);
}
