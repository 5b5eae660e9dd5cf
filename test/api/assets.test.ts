import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { type TestApi, startTestApi } from '../support/api.ts';

/**
 * The widget's transfer size budget (gzip), the one size check in the test suite: what a page
 * with the form loads (the entry, its chunks, the form's part of one language) and everything
 * together (all the code and one whole language: a page shows one).
 */
const FORM_GZIP_BUDGET = 20 * 1024;
const TOTAL_GZIP_BUDGET = 30 * 1024;

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
  isDynamicEntry?: boolean;
}

let api: TestApi;
beforeAll(async () => {
  if (!existsSync(fromRoot('dist', 'widget', 'widget.js'))) {
    throw new Error('dist/widget/widget.js is missing: run `npm run build` (npm test does it first)');
  }
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe('/widget.js', () => {
  it('is one ES module that any origin may load, compressed when the browser accepts it', async () => {
    const response = await api.app.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br', Origin: 'https://some-community.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-encoding')).toBe('br');
    const plain = await api.app.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(plain.headers.get('content-encoding')).toBe('gzip');
    const source = gunzipSync(Buffer.from(await plain.arrayBuffer())).toString('utf8');
    expect(source).toContain('complaint-form');
    expect(source).toContain('complaint-tracker');
    // its chunks are found next to it, wherever it is served from
    expect(source).toMatch(/from"\.\/widget\//);
  });

  it(`stays within its budget: the form under ${FORM_GZIP_BUDGET / 1024} KiB gzip, everything under ${TOTAL_GZIP_BUDGET / 1024} KiB`, () => {
    const manifest = JSON.parse(readFileSync(fromRoot('dist', 'widget', '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const gzip = (file: string) => statSync(fromRoot('dist', 'widget', `${file}.gz`)).size;
    const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)!;
    // the entry and what it imports statically, transitively
    const needed = new Set<string>();
    const visit = (key: string) => {
      if (needed.has(key)) return;
      needed.add(key);
      for (const imported of manifest[key]!.imports ?? []) visit(imported);
    };
    visit(entry[0]);
    // A page loads one language: the form's part of it at once, the tracker's part with the tracker.
    const languageKeys = Object.keys(manifest).filter((key) => key.includes('/locales/'));
    const languageOf = (key: string) => /locales\/([^/.?]+)/.exec(key)![1]!;
    const largest = (keys: string[], size: (key: string) => number) => Math.max(...keys.map(size));
    const formLanguage = largest(languageKeys.filter((key) => !key.includes('?')), (key) => gzip(manifest[key]!.file));
    const wholeLanguage = largest([...new Set(languageKeys.map(languageOf))], (locale) =>
      languageKeys.filter((key) => languageOf(key) === locale).reduce((sum, key) => sum + gzip(manifest[key]!.file), 0),
    );
    const form = [...needed].reduce((sum, key) => sum + gzip(manifest[key]!.file), 0) + formLanguage;
    const code = Object.entries(manifest)
      .filter(([key]) => !languageKeys.includes(key))
      .reduce((sum, [, chunk]) => sum + gzip(chunk.file), 0);
    const total = code + wholeLanguage;
    expect(entry[1].file).toBe('widget.js');
    expect(form, `the form needs ${form} bytes gzip`).toBeLessThanOrEqual(FORM_GZIP_BUDGET);
    expect(total, `all the code and one whole language are ${total} bytes gzip`).toBeLessThanOrEqual(TOTAL_GZIP_BUDGET);
  });

  it('serves its other chunks to any origin, to be kept for good', async () => {
    const manifest = JSON.parse(readFileSync(fromRoot('dist', 'widget', '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const chunk = Object.values(manifest).find((c) => c.isDynamicEntry)!;
    const response = await api.app.request(`/${chunk.file}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });
});

describe('demo pages', () => {
  const sites = ['community', 'hotel', 'bureau'] as const;

  it('/demo/ links to one page per demo site', async () => {
    const response = await api.app.request('/demo/');
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const site of sites) expect(html).toContain(`/demo/${site}/`);
  });

  for (const site of sites) {
    it(`/demo/${site}/ embeds the widget exactly as a site owner would`, async () => {
      const response = await api.app.request(`/demo/${site}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toContain('<script type="module" src="/widget.js"></script>');
      expect(html).toMatch(new RegExp(`<complaint-form[^>]*site="demo-${site}"`));
      expect(html).toMatch(new RegExp(`<complaint-tracker[^>]*site="demo-${site}"`));
    });
  }

  it('/ leads to the demo pages and /portal/ answers', async () => {
    const root = await api.app.request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/demo/');
    expect((await api.app.request('/portal/')).status).toBe(200);
  });
});

describe('/healthz', () => {
  it('answers 200 when the store answers', async () => {
    const response = await api.app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
