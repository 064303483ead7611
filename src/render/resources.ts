/**
 * The renderer's compiled resources: the SEFs of xslt/*.xsl and the site's static assets, both
 * produced by `npm run build` (scripts/compile-xslt.ts) into lib/xslt/. Loaded as JSON modules, so
 * they are read once per process (or worker) and src/render needs no file access of its own.
 */

/** Compiled stylesheets and static assets the renderer needs. */
export interface RenderResources {
  document: object;
  text: object;
  site: object;
  /** Static files of the site, by their path in dist/ (`assets/edition.css`). */
  assets: Record<string, string>;
}

async function json(rel: string): Promise<unknown> {
  const url = new URL(rel, import.meta.url);
  const mod = (await import(url.href, { with: { type: 'json' } })) as { default: unknown };
  return mod.default;
}

let cached: Promise<RenderResources> | undefined;

/**
 * Load the resources compiled by `npm run build` (cached per process: a stylesheet is compiled and
 * loaded once, never per document). Rejects with a message naming the build step if they are missing.
 */
export function loadResources(): Promise<RenderResources> {
  cached ??= (async () => {
    try {
      const [document, text, site, assets] = await Promise.all([
        json('../../xslt/document.sef.json'),
        json('../../xslt/text.sef.json'),
        json('../../xslt/site.sef.json'),
        json('../../xslt/assets.json'),
      ]);
      return { document, text, site, assets } as RenderResources;
    } catch (err) {
      cached = undefined;
      throw new Error(`render: compiled stylesheets missing (run \`npm run build\`): ${err instanceof Error ? err.message : String(err)}`);
    }
  })();
  return cached;
}
