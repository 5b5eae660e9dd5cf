import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { type TestApi, startTestApi } from '../support/api.ts';

/** The widget's transfer size budget (gzip), the one size check in the test suite. */
const WIDGET_GZIP_BUDGET = 20 * 1024;

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
    expect(source).not.toMatch(/^\s*import\s/m); // self-contained: no imports to resolve
  });

  it(`stays within its budget of ${WIDGET_GZIP_BUDGET / 1024} KiB gzip`, () => {
    const size = statSync(fromRoot('dist', 'widget', 'widget.js.gz')).size;
    const fresh = readFileSync(fromRoot('dist', 'widget', 'widget.js'));
    expect(fresh.length).toBeGreaterThan(0);
    expect(size, `widget.js is ${size} bytes gzip`).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET);
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
