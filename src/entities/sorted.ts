/**
 * A read-only string map kept as one sorted string (`\nkey\tvalue\nkey\n…`), looked up by binary
 * search: loading it costs nothing beyond reading the string, where a Map or Set of 100,000+ entries
 * costs tens of milliseconds per process to build (the gazetteer and lexicons of src/entities).
 */

/** Lines `key` or `key\tvalue` sorted by key (UTF-16 code units, the order of `<`), unique keys, no line breaks. */
export function sortedLines(rows: Iterable<[string, string?]>): string {
  const list = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let out = '\n';
  for (let i = 0; i < list.length; i++) {
    const [k, v] = list[i]!;
    if (/[\t\n]/.test(k) || (v !== undefined && v.includes('\n'))) throw new Error(`sortedLines: a tab or line break in ${JSON.stringify(k)}`);
    if (i > 0 && list[i - 1]![0] === k) throw new Error(`sortedLines: ${JSON.stringify(k)} twice`);
    out += v === undefined ? `${k}\n` : `${k}\t${v}\n`;
  }
  return out;
}

/** Look-ups in a {@link sortedLines} string: ~18 steps of a binary search for 200,000 keys, no index built. */
export class SortedLines {
  /** Answers already searched (the recogniser asks the same words again and again); `null` for absent. */
  private readonly memo = new Map<string, string | null>();

  constructor(private readonly s: string) {}

  /** Whether the key is present. */
  has(key: string): boolean {
    return this.value(key) !== undefined;
  }

  /** The value of a key (`''` for a key without one), undefined when absent. */
  value(key: string): string | undefined {
    let v = this.memo.get(key);
    if (v === undefined) {
      v = this.search(key) ?? null;
      if (this.memo.size > 200000) this.memo.clear();
      this.memo.set(key, v);
    }
    return v ?? undefined;
  }

  /** Binary search for a key's line. */
  private search(key: string): string | undefined {
    const s = this.s;
    // lo and hi are line breaks; the keys still possible lie between them
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const a = s.lastIndexOf('\n', mid);
      const b = s.indexOf('\n', a + 1);
      let end = a + 1;
      while (end < b && s.charCodeAt(end) !== 9) end++;
      const k = s.slice(a + 1, end);
      if (k === key) return end === b ? '' : s.slice(end + 1, b);
      if (key < k) hi = a;
      else lo = b;
    }
    return undefined;
  }

  /** Every line as [key, value], in key order. */
  *entries(): IterableIterator<[string, string]> {
    const s = this.s;
    for (let a = 0, b = s.indexOf('\n', 1); b > a; a = b, b = s.indexOf('\n', a + 1)) {
      const line = s.slice(a + 1, b);
      const tab = line.indexOf('\t');
      yield tab < 0 ? [line, ''] : [line.slice(0, tab), line.slice(tab + 1)];
    }
  }
}
