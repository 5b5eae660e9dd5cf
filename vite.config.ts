import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
    // after every other plugin has had its say (Vite fills in its preload list as it writes)
    enforce: 'post',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      await Promise.all(
        Object.entries(bundle).map(async ([fileName, chunk]) => {
          if (chunk.type !== 'chunk') return;
          const source = Buffer.from(chunk.code);
          await writeFile(join(dir, `${fileName}.gz`), await zopfliGzip(source, { numiterations: 15 }));
          await writeFile(
            join(dir, `${fileName}.br`),
            brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
          );
        }),
      );
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
          .replace(/:\s+/g, ':')
          .replace(/\s+!important/g, '!important')
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

/**
 * The staff portal (`--mode portal`): `<complaint-portal>` and its PWA shell, one entry each,
 * every screen its own chunk loaded when first shown. The initial JavaScript is the shell's
 * entry and what it imports at once; `npm test` holds it to its budget.
 */
const portalBuild = {
  outDir: 'dist/portal',
  emptyOutDir: true,
  target: 'es2022',
  manifest: true,
  // the screens' chunks are few and small; no preloading helper in the bundle
  modulePreload: false,
  rolldownOptions: {
    input: { portal: 'portal/index.ts', shell: 'portal/pwa/main.ts' },
    preserveEntrySignatures: 'exports-only',
    output: { minify: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
} satisfies BuildEnvironmentOptions;

/**
 * The portal's service worker (`--mode portal-sw`): precaching and Background Sync of staff
 * actions. In a folder of its own, so building the portal alone leaves it in place; the list of
 * what it keeps is written in as the server serves it.
 */
const portalWorkerBuild = {
  outDir: 'dist/portal-worker',
  emptyOutDir: true,
  target: 'es2022',
  lib: { entry: 'portal/pwa/sw.ts', formats: ['iife'], name: 'complaintPortalWorker', fileName: () => 'sw.js' },
  rolldownOptions: { output: { minify: true } },
} satisfies BuildEnvironmentOptions;

const builds: Record<string, BuildEnvironmentOptions> = { app: appBuild, sw: workerBuild, portal: portalBuild, 'portal-sw': portalWorkerBuild };

/** No rate limits and no proof of work: the default of the app and the server in the test runs. */
const OPEN_INTAKE = { RATE_LIMITS: 'off', POW_DIFFICULTY: '0' };

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
          // Tests that are not about the defences file freely; those that are set their own limits.
          env: OPEN_INTAKE,
          // some start the server or the admin command as processes: on a loaded machine that
          // takes seconds, and a timeout is not what they test
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // also the servers these tests start, unless a test turns the defences on
          env: OPEN_INTAKE,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
      {
        test: {
          // kill -9, full and read-only disks, a mail server and a database going away, the soak:
          // real server processes, one file at a time
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          env: OPEN_INTAKE,
          testTimeout: 900_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
}));
