import { gzipSync, brotliCompressSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Writes .gz and .br copies of each bundle next to it: the server sends them as they are,
 * and their sizes are the ones the budget counts.
 */
function precompress(): Plugin {
  return {
    name: 'precompress',
    generateBundle(_options, bundle) {
      for (const [fileName, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const source = Buffer.from(chunk.code);
        this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: gzipSync(source, { level: 9 }) });
        this.emitFile({ type: 'asset', fileName: `${fileName}.br`, source: brotliCompressSync(source) });
      }
    },
  };
}

export default defineConfig({
  build: {
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
      output: { minify: true, chunkFileNames: 'widget/[name]-[hash].js' },
    },
  },
  plugins: [precompress()],
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
});
