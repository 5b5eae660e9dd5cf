import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../../api/contract/site.ts';
import { fromRoot } from '../../api/paths.ts';
import { type TestApi, startTestApi } from '../support/api.ts';

const SITES = ['demo-community', 'demo-hotel', 'demo-bureau'] as const;

let api: TestApi;
beforeAll(async () => {
  if (!existsSync(fromRoot('dist', 'app', 'sw.js'))) {
    throw new Error('dist/app/sw.js is missing: run `npm run build` (npm test does it first)');
  }
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const site = async (key: string): Promise<Site> => (await api.store.getSite(key))!;

/** A PNG taken apart: every chunk's CRC checked, the pixels inflated and unfiltered (filter 0 only). */
function readPng(bytes: Buffer): { width: number; height: number; pixel(x: number, y: number): [number, number, number, number] } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('ascii', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, data });
    at += 12 + length;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const header = chunks[0]!.data;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  expect([...header.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const raw = inflateSync(chunks[1]!.data);
  expect(raw.length).toBe((width * 4 + 1) * height);
  return {
    width,
    height,
    pixel: (x, y) => {
      const row = y * (width * 4 + 1);
      expect(raw[row]).toBe(0);
      const at = row + 1 + x * 4;
      return [raw[at]!, raw[at + 1]!, raw[at + 2]!, raw[at + 3]!];
    },
  };
}

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

describe('the resident app shell', () => {
  for (const key of SITES) {
    it(`/app/${key}/ is the site's own app: its name, language, colour, manifest, form and tracker`, async () => {
      const { name, defaultLocale, theme } = await site(key);
      const response = await api.app.request(`/app/${key}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toContain(`<html lang="${defaultLocale}">`);
      expect(html).toContain(`<title>${name[defaultLocale]}</title>`);
      expect(html).toContain(`<meta name="theme-color" content="${theme.accent}">`);
      expect(html).toContain(`<link rel="manifest" href="/app/${key}/manifest.webmanifest">`);
      expect(html).toContain('<script type="module" src="/widget.js"></script>');
      expect(html).toContain(`<script type="module" src="/app/${key}/app.js"></script>`);
      expect(html).toContain(`--complaint-accent: ${theme.accent};`);
      for (const element of ['complaint-form', 'complaint-tracker', 'my-complaints']) {
        expect(html).toContain(`<${element} site="${key}"></${element}>`);
      }
    });
  }

  it('/app/{site} leads to /app/{site}/', async () => {
    const response = await api.app.request('/app/demo-hotel');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/app/demo-hotel/');
  });

  it('an unknown site is a 404 in the API’s error shape, wherever in its app', async () => {
    for (const path of ['/app/no-such-site', '/app/no-such-site/', '/app/no-such-site/manifest.webmanifest', '/app/no-such-site/sw.js', '/app/no-such-site/icon-192.png']) {
      const response = await api.app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ error: { code: 'site_not_found' } });
    }
  });

  it('escapes a site name that contains markup', async () => {
    const hotel = await site('demo-hotel');
    await api.store.putSite({ ...hotel, key: 'markup-test', name: { ...hotel.name, [hotel.defaultLocale]: 'Tom & <Jerry>' } }, new Date());
    const html = await (await api.app.request('/app/markup-test/')).text();
    expect(html).toContain('<title>Tom &amp; &lt;Jerry&gt;</title>');
    expect(html).not.toContain('<Jerry>');
  });
});

describe('the web app manifest', () => {
  it('names the site in its language, with its scope, colours and icons', async () => {
    const community = await site('demo-community');
    const response = await api.app.request('/app/demo-community/manifest.webmanifest');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = await response.json();
    expect(manifest).toMatchObject({
      id: '/app/demo-community/',
      name: community.name['zh-Hans'],
      short_name: community.name['zh-Hans'],
      lang: 'zh-Hans',
      start_url: '/app/demo-community/',
      scope: '/app/demo-community/',
      display: 'standalone',
      theme_color: community.theme.accent,
      background_color: community.theme.background,
    });
    expect(manifest.icons).toEqual([
      { src: '/app/demo-community/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/app/demo-community/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/app/demo-community/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ]);
  });

  it('follows the site’s theme', async () => {
    const bureau = await site('demo-bureau');
    await api.store.putSite({ ...bureau, key: 'themed-test', theme: { accent: '#15803d', background: '#f0fdf4' } }, new Date());
    const manifest = await (await api.app.request('/app/themed-test/manifest.webmanifest')).json();
    expect(manifest.theme_color).toBe('#15803d');
    expect(manifest.background_color).toBe('#f0fdf4');
  });
});

describe('the app icons', () => {
  for (const [file, size] of [['icon-192.png', 192], ['icon-512.png', 512], ['icon-maskable-512.png', 512]] as const) {
    it(`${file} is a valid ${size}×${size} PNG in the site's accent colour, with a mark that stands out`, async () => {
      await api.store.putSite({ ...(await site('demo-community')), key: 'icon-test', theme: { accent: '#15803d', background: '#ffffff' } }, new Date());
      const response = await api.app.request(`/app/icon-test/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      const png = readPng(Buffer.from(await response.arrayBuffer()));
      expect([png.width, png.height]).toEqual([size, size]);
      const at = (x: number, y: number) => png.pixel(Math.floor(x * size), Math.floor(y * size));
      // the background beside the mark, the mark's middle (white on a dark green), a corner
      expect(at(0.1, 0.5)).toEqual([...rgb('#15803d'), 255]);
      expect(at(0.5, 0.3)).toEqual([255, 255, 255, 255]);
      const corner = at(0, 0);
      if (file.includes('maskable')) expect(corner).toEqual([...rgb('#15803d'), 255]);
      else expect(corner[3]).toBe(0);
    });
  }

  it('draws a dark mark on a light accent', async () => {
    await api.store.putSite({ ...(await site('demo-hotel')), key: 'light-test', theme: { accent: '#facc15', background: '#ffffff' } }, new Date());
    const png = readPng(Buffer.from(await (await api.app.request('/app/light-test/icon-192.png')).arrayBuffer()));
    expect(png.pixel(96, 57)).toEqual([...rgb('#1f2933'), 255]);
  });
});

describe('the service worker', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);

  it('/app/{site}/sw.js is served fresh from inside the scope, with everything the app keeps offline and its revisions', async () => {
    const response = await api.app.request('/app/demo-bureau/sw.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    // served from the scope it controls, so it needs no Service-Worker-Allowed
    expect(response.headers.get('service-worker-allowed')).toBeNull();
    const source = await response.text();
    expect(source).not.toContain('__WB_MANIFEST');
    expect(source).toContain('complaint-outbox');

    const widgetManifest = JSON.parse(readFileSync(fromRoot('dist', 'widget', '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
    const appManifest = JSON.parse(readFileSync(fromRoot('dist', 'app', '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
    const expected = [
      ...Object.values(widgetManifest).map(({ file }) => ({ url: `/${file}`, revision: sha(fromRoot('dist', 'widget', file)) })),
      ...Object.values(appManifest).map(({ file }) => ({ url: `/app/demo-bureau/${file}`, revision: sha(fromRoot('dist', 'app', file)) })),
    ];
    for (const entry of expected) expect(source).toContain(JSON.stringify(entry));
    expect(source).toContain(JSON.stringify({ url: '/widget.js', revision: sha(fromRoot('dist', 'widget', 'widget.js')) }));
    for (const url of ['/app/demo-bureau/', '/app/demo-bureau/manifest.webmanifest', '/app/demo-bureau/icon-192.png']) {
      expect(source).toMatch(new RegExp(`\\{"url":"${url}","revision":"[0-9a-f]{16}"\\}`));
    }
  });

  it('is a new worker when the site’s page changes, so installed apps are offered the change', async () => {
    const shellRevision = async (key: string) => /\{"url":"\/app\/[a-z-]+\/","revision":"([0-9a-f]+)"\}/.exec(await (await api.app.request(`/app/${key}/sw.js`)).text())![1];
    const community = await site('demo-community');
    await api.store.putSite({ ...community, key: 'renamed-test' }, new Date());
    const before = await shellRevision('renamed-test');
    await api.store.putSite({ ...community, key: 'renamed-test', name: { ...community.name, 'zh-Hans': '阳光花园社区' } }, new Date());
    expect(await shellRevision('renamed-test')).not.toBe(before);
  });

  it('serves the app’s script and chunks from the app’s scope', async () => {
    const script = await api.app.request('/app/demo-hotel/app.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('content-encoding')).toBe('gzip');
    const chunk = Object.values(JSON.parse(readFileSync(fromRoot('dist', 'app', '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>).find(
      ({ file }) => file.startsWith('chunks/'),
    )!;
    const response = await api.app.request(`/app/demo-hotel/${chunk.file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });
});
