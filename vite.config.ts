import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './scripts/csp.mjs';
import { serviceWorker } from './scripts/serviceWorker.ts';
import { precompress } from './scripts/precompress.ts';
import { SHIPPED_SNAPSHOT, shippedSnapshot } from './src/cli/snapshot.ts';
import { DEFAULT_EXAMPLE_ID, RECORDINGS_DIR, recordingFile } from './src/examples/recordings';
import { exampleById } from './src/examples';
import { LANG_STORAGE_KEY, LANGS, matchLang } from './src/i18n/lang';
import { readTraceFile } from './src/trace/file';
import { firstViewHTML } from './src/ui/firstView';
import { firstViewHeadScript } from './src/ui/firstViewHead';
import { PANES_HEAD } from './src/ui/paneSizes';

const root = path.dirname(fileURLToPath(import.meta.url));
const pyodideDir = path.join(root, 'node_modules', 'pyodide');

/** The Pyodide runtime files the worker fetches from `<base>pyodide/` at run time. */
export const PYODIDE_FILES = [
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
  'pyodide.mjs',
] as const;

/**
 * pyodide.mjs falls back to a CDN for packages missing from indexURL. Refscope loads no
 * packages and must never name a CDN, so the literal is replaced wherever the file ships
 * (bundled into the worker, served in dev, copied into dist).
 */
const CDN_LITERAL = /https:\/\/cdn\.jsdelivr\.net\/pyodide\/v\$\{\w+\}\/full\//g;
const stripCdn = (code: string): string => code.replace(CDN_LITERAL, './');

const MIME: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

/**
 * Cross-origin isolation gives the page SharedArrayBuffer, which Stop needs to interrupt
 * a running interpreter instead of killing its worker.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Serves Pyodide's runtime files from node_modules in dev and copies them into
 * `dist/pyodide/` at build, so the app never depends on a CDN; the build adds the
 * interpreter snapshot made from them (src/cli/snapshot.ts; in dev the page makes its own).
 */
function pyodideFiles(): Plugin {
  let outDir = 'dist';
  let copied = false;
  return {
    name: 'refscope:pyodide-files',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const match = /\/pyodide\/([^/]+)$/.exec(url.pathname);
        const name = match?.[1];
        if (!name || !(PYODIDE_FILES as readonly string[]).includes(name)) {
          next();
          return;
        }
        const file = path.join(pyodideDir, name);
        res.setHeader('Content-Type', MIME[path.extname(name)] ?? 'application/octet-stream');
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        for (const [key, value] of Object.entries(isolationHeaders)) res.setHeader(key, value);
        if (name === 'pyodide.mjs') {
          fs.readFile(file, 'utf8').then((code) => res.end(stripCdn(code)), next);
          return;
        }
        createReadStream(file).on('error', next).pipe(res);
      });
    },
    async writeBundle() {
      // writeBundle runs once per output; the files only need copying once.
      if (copied) return;
      copied = true;
      const target = path.join(outDir, 'pyodide');
      await fs.mkdir(target, { recursive: true });
      await Promise.all(
        PYODIDE_FILES.map(async (name) => {
          const from = path.join(pyodideDir, name);
          const to = path.join(target, name);
          if (name === 'pyodide.mjs') await fs.writeFile(to, stripCdn(await fs.readFile(from, 'utf8')));
          else await fs.copyFile(from, to);
        }),
      );
      // The interpreter snapshot every page starts from (src/cli/snapshot.ts).
      await fs.copyFile(await shippedSnapshot(), path.join(target, SHIPPED_SNAPSHOT));
    },
  };
}

/**
 * The built page carries its Content-Security-Policy as a <meta> (scripts/csp.mjs), so it
 * holds on any static host. Not in dev: the dev server injects inline scripts.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'refscope:csp',
    apply: 'build',
    transformIndexHtml(html) {
      // Right after the charset (which must come within the first 1024 bytes), before any script.
      const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
      const charset = /<meta charset="[^"]*"\s*\/?>/i;
      return charset.test(html) ? html.replace(charset, (tag) => `${tag}\n    ${meta}`) : html.replace(/<head>/i, `<head>\n    ${meta}`);
    },
  };
}

/**
 * The chunks each page imports at start-up with `import()` (main.tsx: the early editor,
 * then the app), preloaded from its HTML: their downloads start with the entry's instead
 * of after it has run. A page with `first` modules (index.html: the editor) preloads only
 * the chunks those need, and only downloads them (`preload`, not `modulepreload`, which
 * compiles a module as soon as it arrives): compiling them, and the app's chunks (React,
 * the panels), on the page's two cores while it parses delayed its first paint, the
 * recorded run (cold, medians of 11: 576 → 479 ms without the app's chunks, then 483 →
 * 433 ms with the editor's only downloaded). The entry imports them once that paint is
 * done; the app's `import()` fetches its own once the editor is on screen. A page without
 * `first` modules (the embed) modulepreloads everything.
 */
function preloadStartupChunks(first: string[]): Plugin {
  const firstIds = first.map((file) => path.join(root, file));
  return {
    name: 'refscope:preload-startup-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const entry = ctx.chunk;
        const bundle = ctx.bundle;
        if (!entry || !bundle) return [];
        const seen = new Set<string>([entry.fileName, ...entry.imports]);
        const links: Array<{ file: string; style: boolean }> = [];
        const visit = (file: string) => {
          const chunk = bundle[file];
          if (seen.has(file) || !chunk || chunk.type !== 'chunk') return;
          seen.add(file);
          links.push({ file, style: false });
          for (const css of chunk.viteMetadata?.importedCss ?? []) {
            if (!seen.has(css)) links.push({ file: css, style: true });
            seen.add(css);
          }
          for (const next of chunk.imports) visit(next);
        };
        const dynamic = entry.dynamicImports.map((file) => bundle[file]);
        const isFirst = (c: (typeof dynamic)[number]) => c?.type === 'chunk' && firstIds.includes(c.facadeModuleId ?? '');
        const hasFirst = dynamic.some(isFirst);
        for (const chunk of hasFirst ? dynamic.filter(isFirst) : dynamic) if (chunk?.type === 'chunk') visit(chunk.fileName);
        const kind = (style: boolean) =>
          style ? { rel: 'preload', as: 'style' } : hasFirst ? { rel: 'preload', as: 'script' } : { rel: 'modulepreload' };
        return links.map(({ file, style }) => ({
          tag: 'link',
          attrs: {
            ...kind(style),
            crossorigin: true,
            href: `./${file}`,
          },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/** The head script's file (src/ui/firstViewHead.ts), next to index.html. */
const FIRST_VIEW_SCRIPT = 'first-view.js';

/**
 * Writes the default example's recorded first view into index.html (src/ui/firstView.ts),
 * so that the page paints it before any of the app's JavaScript has loaded, and the small
 * head script that picks its language (src/ui/firstViewHead.ts). The recording is the one
 * that ships in public/, so the page and the app show the same run.
 */
function firstView(): Plugin {
  const script = firstViewHeadScript(LANGS, matchLang, LANG_STORAGE_KEY, PANES_HEAD);
  return {
    name: 'refscope:first-view',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (new URL(req.url ?? '/', 'http://localhost').pathname !== `/${FIRST_VIEW_SCRIPT}`) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.end(script);
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: FIRST_VIEW_SCRIPT, source: script });
    },
    transformIndexHtml: {
      order: 'pre',
      async handler(html, ctx) {
        if (path.basename(ctx.filename) !== 'index.html') return html;
        const example = exampleById(DEFAULT_EXAMPLE_ID);
        if (!example) throw new Error(`no example ${DEFAULT_EXAMPLE_ID}`);
        const trace = await readTraceFile(await fs.readFile(path.join(root, 'public', RECORDINGS_DIR, recordingFile(DEFAULT_EXAMPLE_ID))));
        return {
          html: html.replace('<div id="root"></div>', `${firstViewHTML(trace, example)}\n    <div id="root"></div>`),
          tags: [{ tag: 'script', attrs: { src: `./${FIRST_VIEW_SCRIPT}` }, injectTo: 'head' }],
        };
      },
    },
  };
}

/**
 * The app page's own stylesheets (a few KB: the outline and its first view, ./firstView)
 * written into the page, so that its first paint waits for no stylesheet request. The
 * page's policy allows inline styles (CodeMirror needs them).
 */
function inlineEntryStyles(): Plugin {
  return {
    name: 'refscope:inline-entry-styles',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (path.basename(ctx.filename) !== 'index.html' || !ctx.bundle) return html;
        const bundle = ctx.bundle;
        return html.replace(/<link rel="stylesheet" crossorigin href="\.\/(assets\/[^"]+\.css)">/g, (link, file: string) => {
          const asset = bundle[file];
          if (asset?.type !== 'asset') return link;
          // The link stays, applying to no medium: the chunk loader counts a stylesheet as loaded
          // by its <link>, and would otherwise append it again after the app's own (layout.css),
          // whose phone rules it would then override.
          return `<style>${String(asset.source)}</style><link rel="stylesheet" crossorigin href="./${file}" media="not all">`;
        });
      },
    },
  };
}

/**
 * pyodide.mjs carries Node-only code behind runtime checks (`node:fs`, `ws`...). In the
 * browser worker those paths never run: resolve the Node modules to an empty stub (instead
 * of bundling `ws`) and strip the CDN literal.
 */
function pyodideForBrowser(): Plugin {
  const stubId = '\0node-only-stub';
  const nodeOnly = /^(node:.*|ws)$/;
  return {
    name: 'refscope:pyodide-browser',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && importer.includes(`${path.sep}pyodide${path.sep}`) && nodeOnly.test(source)) {
        return stubId;
      }
      return null;
    },
    load(id) {
      return id === stubId ? 'export default {};' : null;
    },
    transform(code, id) {
      if (!id.includes(`${path.sep}pyodide${path.sep}pyodide.mjs`)) return null;
      return { code: stripCdn(code), map: null };
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), firstView(), inlineEntryStyles(), pyodideFiles(), pyodideForBrowser(), contentSecurityPolicy(), preloadStartupChunks(['src/ui/earlyEditor.ts']), serviceWorker(path.join(root, 'src/offline/sw.js')), precompress(path.join(root, 'node_modules', '.cache', 'refscope-precompress'))],
  worker: {
    format: 'es',
    plugins: () => [pyodideForBrowser()],
  },
  optimizeDeps: {
    // Pre-bundling would move pyodide.mjs away from its runtime files and trip over its
    // guarded Node imports; the worker imports it as is.
    exclude: ['pyodide'],
  },
  server: { headers: isolationHeaders },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // The app, and the embed for iframes in other pages (minimal chrome, same link format).
      input: { main: path.join(root, 'index.html'), embed: path.join(root, 'embed.html') },
    },
  },
});
