import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { type TestApi, startTestApi } from '../support/api.ts';

/**
 * The staff portal as an installable app: the checks a browser's installability audit makes
 * (Lighthouse's), done by hand against the built files, and the budget of its initial JavaScript.
 */

/** What the portal's page loads before it can draw the sign-in: shell.js and what it imports at once. */
const INITIAL_JS_GZIP_BUDGET = 80 * 1024;

const built = (...parts: string[]) => fromRoot('dist', 'portal', ...parts);

let api: TestApi;
beforeAll(async () => {
  for (const file of ['portal/shell.js', 'portal/.vite/manifest.json', 'portal-worker/sw.js']) {
    if (!existsSync(fromRoot('dist', file))) throw new Error(`dist/${file} is missing: run \`npm run build\` (npm test does it first)`);
  }
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const get = (path: string) => api.app.request(path);

/** Width and height from a PNG's signature and IHDR chunk, the first after it. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)], 'PNG signature').toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

describe('the portal’s web app manifest', () => {
  it('is JSON with what installing needs: names, a start URL within its scope, standalone display, colours', async () => {
    const response = await get('/portal/manifest.webmanifest');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(await response.text()) as Record<string, unknown>;
    expect(manifest.name).toEqual(expect.any(String));
    expect(manifest.short_name).toEqual(expect.any(String));
    expect((manifest.short_name as string).length).toBeLessThanOrEqual(15);
    expect(manifest).toMatchObject({ start_url: '/portal/', scope: '/portal/', display: 'standalone' });
    const base = 'https://portal.example';
    expect(new URL(manifest.start_url as string, base).href.startsWith(new URL(manifest.scope as string, base).href)).toBe(true);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('lists PNG icons of 192 and 512 pixels and a maskable one, each fetchable at the size it claims', async () => {
    const manifest = (await (await get('/portal/manifest.webmanifest')).json()) as { icons: ManifestIcon[] };
    const seen: string[] = [];
    for (const icon of manifest.icons) {
      expect(icon.type).toBe('image/png');
      expect(icon.src.startsWith('/portal/')).toBe(true);
      const response = await get(icon.src);
      expect(response.status, icon.src).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      const { width, height } = pngSize(Buffer.from(await response.arrayBuffer()));
      expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
      seen.push(`${icon.sizes} ${icon.purpose ?? 'any'}`);
    }
    expect(seen).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  });
});

describe('the portal’s page', () => {
  it('links the manifest, has a viewport and a theme colour, and loads the shell script', async () => {
    const response = await get('/portal/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<link rel="manifest" href="\/portal\/manifest\.webmanifest"/);
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
    expect(html).toMatch(/<meta name="theme-color" content="#[0-9a-f]{6}"/);
    expect(html).toContain('<script type="module" src="/portal/assets/shell.js"></script>');
  });

  it('is the same page at every address under /portal/, with a strict CSP and no sniffing or referrers', async () => {
    const page = await (await get('/portal/')).text();
    for (const path of ['/portal/', '/portal/demo-hotel/complaints/abc', '/portal/demo-bureau/desk']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe(page);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
      ]) {
        expect(csp.split('; '), path).toContain(directive);
      }
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    }
    // nothing inline for the CSP to block
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/);
  });

  it('answers a script that is not there with a 404, never with the page', async () => {
    const response = await get('/portal/assets/chunks/gone-00000000.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/json/);
  });
});

describe('the portal’s service worker', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);

  it('is JavaScript served fresh at /portal/sw.js, allowed the scope /portal/', async () => {
    const response = await get('/portal/sw.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('service-worker-allowed')).toBe('/portal/');
    const source = await response.text();
    expect(source).not.toContain('__WB_MANIFEST');
    expect(source).toContain('portal-actions');
  });

  it('keeps the page, its stylesheet, manifest, icons and every built script, each fetchable at its revision', async () => {
    const source = await (await get('/portal/sw.js')).text();
    const precache = [...source.matchAll(/\{"url":"([^"]+)","revision":"([0-9a-f]{16})"\}/g)].map(([, url, revision]) => ({ url: url!, revision: revision! }));
    const urls = precache.map((entry) => entry.url);
    expect(urls).toEqual(expect.arrayContaining(['/portal/', '/portal/portal.css', '/portal/manifest.webmanifest', '/portal/icon-192.png', '/portal/icon-maskable-512.png']));
    expect(precache.find((entry) => entry.url === '/portal/')!.revision).toBe(sha(fromRoot('portal', 'public', 'index.html')));

    const manifest = JSON.parse(readFileSync(built('.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
    for (const { file } of Object.values(manifest)) {
      expect(precache, file).toContainEqual({ url: `/portal/assets/${file}`, revision: sha(built(file)) });
    }
    for (const { url } of precache) expect((await get(url)).status, url).toBe(200);
  });
});

describe('the portal’s initial JavaScript', () => {
  it(`stays under ${INITIAL_JS_GZIP_BUDGET / 1024} KB gzip: shell.js and everything it imports at once`, () => {
    const manifest = JSON.parse(readFileSync(built('.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;
    const entry = Object.keys(manifest).find((key) => manifest[key]!.file === 'shell.js');
    expect(entry, 'shell.js in the build manifest').toBeDefined();
    const initial = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key]!;
      if (initial.has(chunk.file)) return;
      initial.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit(entry!);
    const sizes = [...initial].map((file) => ({ file, gzip: statSync(built(`${file}.gz`)).size }));
    const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
    const listing = sizes.map(({ file, gzip }) => `${file} ${gzip}`).join(', ');
    expect(total, `the initial JavaScript is ${total} bytes gzip (${listing}); the budget is ${INITIAL_JS_GZIP_BUDGET}`).toBeLessThan(INITIAL_JS_GZIP_BUDGET);
  });
});
