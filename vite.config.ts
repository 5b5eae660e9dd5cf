import { brotliCompressSync, constants } from 'node:zlib';
import { gzipAsync as zopfliGzip } from '@gfx/zopfli';
import type { BuildEnvironmentOptions, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { localeParts } from './widget/build/locale-parts.ts';

/**
 * Writes .gz and .br copies of each bundle next to it: the server sends them as they are,
 * and their sizes are the ones the budget counts. The gzip copies are made with Zopfli, which
 * spends time once, at build, for files every gzip reader reads a few per cent smaller.
 */
function precompress(): Plugin {
  return {
    name: 'precompress',
    async generateBundle(_options, bundle) {
      for (const [fileName, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const source = Buffer.from(chunk.code);
        this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: await zopfliGzip(source, { numiterations: 15 }) });
        this.emitFile({
          type: 'asset',
          fileName: `${fileName}.br`,
          source: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
        });
      }
    },
  };
}

/**
 * The widget's style sheets are written for people; the browser needs none of their comments,
 * indentation or line breaks, and the minifier leaves template text alone.
 */
function compactStyles(): Plugin {
  // css`…` with no expressions in it
  const cssTemplate = /\bcss`((?:[^`\\$]|\\.|\$(?!\{))*)`/g;
  return {
    name: 'compact-styles',
    transform(code, id) {
      if (!/\/widget\/.*\.ts$/.test(id)) return null;
      const out = code.replace(cssTemplate, (_all, body: string) => {
        const compact = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${compact}\``;
      });
      return out === code ? null : out;
    },
  };
}

/**
 * Lit records its versions, and its property metadata, on `window`. The widget promises the
 * host page no globals, so in the widget's bundle these stay inside the module.
 */
function litWithoutGlobals(): Plugin {
  return {
    name: 'lit-without-globals',
    transform(code, id) {
      if (!/\/node_modules\/(?:lit-html|lit-element|@lit\/reactive-element)\//.test(id)) return null;
      let out = code.replace(/\(\w+\.(?:litHtmlVersions|litElementVersions|reactiveElementVersions)\?\?=\[\]\)\.push\("[^"]*"\)/g, 'void 0');
      if (/\w+\.litPropertyMetadata\?\?=new WeakMap/.test(out)) {
        out = `const litPropertyMetadata=new WeakMap;${out.replace(/\w+\.litPropertyMetadata\?\?=new WeakMap/, 'void 0')}`;
      }
      return out === code ? null : out;
    },
  };
}

/** The embeddable widget: one ES module and the chunks it loads when a page needs them. */
const widgetBuild = {
  outDir: 'dist/widget',
  emptyOutDir: true,
  target: 'es2022',
  lib: {
    entry: 'widget/index.ts',
    formats: ['es'],
    fileName: () => 'widget.js',
  },
  // which chunks the entry loads at once: the size budget counts those for the form
  manifest: true,
  rolldownOptions: {
    // Library mode keeps whitespace in ES output; the widget ships fully minified. The tracker
    // and each language are their own chunks, loaded when a page needs them.
    output: {
      minify: true,
      chunkFileNames: 'widget/[name]-[hash].js',
      // What the form and the tracker share (Lit and the widget's common parts) is one chunk:
      // a few larger files compress better, and load faster, than many small ones.
      codeSplitting: {
        groups: [
          {
            name: 'core',
            test: /\/node_modules\/(?:lit|lit-html|lit-element|@lit\/[\w-]+)\/|\/widget\/shared\/(?:api|messages|events|outbox-names|locale|styles|photo-field)\.ts|\/api\/contract\/limits\.ts|\/widget\/generated\/locale-codes\.ts/,
          },
        ],
      },
    },
  },
} satisfies BuildEnvironmentOptions;

/**
 * The resident app's page script (`--mode app`): its own Lit, and "my complaints" kept on the
 * device. It runs beside widget.js on the app's page, which it does not bundle again.
 */
const appBuild = {
  outDir: 'dist/app',
  emptyOutDir: true,
  target: 'es2022',
  lib: { entry: 'widget/app/main.ts', formats: ['es'], fileName: () => 'app.js' },
  manifest: true,
  rolldownOptions: { output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' } },
} satisfies BuildEnvironmentOptions;

/**
 * The app's service worker (`--mode sw`): one classic script with nothing to import, so every
 * browser that has service workers can run it. Built after the page script, into the same folder.
 */
const workerBuild = {
  outDir: 'dist/app',
  emptyOutDir: false,
  target: 'es2022',
  lib: { entry: 'widget/app/sw.ts', formats: ['iife'], name: 'complaintAppWorker', fileName: () => 'sw.js' },
  rolldownOptions: { output: { minify: true } },
} satisfies BuildEnvironmentOptions;

const builds: Record<string, BuildEnvironmentOptions> = { app: appBuild, sw: workerBuild };

export default defineConfig(({ mode }) => ({
  build: builds[mode] ?? widgetBuild,
  // Workbox checks NODE_ENV for its development logging; a worker has no `process` to ask.
  define: builds[mode] ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  plugins: builds[mode] ? [precompress()] : [litWithoutGlobals(), compactStyles(), localeParts(), precompress()],
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/{api,workflow,store,service,localization}/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
}));
