import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Site } from '../../contract/site.ts';
import { fromRoot } from '../../paths.ts';
import type { ComplaintDesk } from '../../service/complaints.ts';
import type { AppEnv } from '../env.ts';
import { errorBody } from '../errors.ts';
import { drawIcon, textOn } from './app-icon.ts';
import { BuiltFiles, ICONS, type Icon, digest, workerWithPrecache } from './pwa-files.ts';

export interface ResidentAppDirs {
  /** the widget bundle: the app's form and tracker */
  widget: string;
  /** the app's own page script and service worker */
  app: string;
}

export const defaultResidentAppDirs = (): ResidentAppDirs => ({ widget: fromRoot('dist', 'widget'), app: fromRoot('dist', 'app') });

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const appPath = (site: Site): string => `/app/${site.key}/`;

function shellHtml(site: Site): string {
  const base = appPath(site);
  const name = escapeHtml(site.name[site.defaultLocale]);
  const { accent, background } = site.theme;
  return `<!doctype html>
<html lang="${site.defaultLocale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${name}</title>
<meta name="theme-color" content="${accent}">
<link rel="manifest" href="${base}manifest.webmanifest">
<link rel="icon" type="image/png" sizes="192x192" href="${base}icon-192.png">
<link rel="apple-touch-icon" href="${base}icon-192.png">
<script type="module" src="/widget.js"></script>
<script type="module" src="${base}app.js"></script>
<style>
:root {
  --complaint-accent: ${accent};
  --complaint-accent-text: ${textOn(accent)};
  color-scheme: light;
  background: ${background};
  color: ${textOn(background)};
  font-family: system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', sans-serif;
  line-height: 1.5;
}
body { margin: 0; }
header {
  background: ${accent};
  color: ${textOn(accent)};
  padding-block: max(0.75rem, env(safe-area-inset-top)) 0.75rem;
  padding-inline: max(1rem, env(safe-area-inset-left)) max(1rem, env(safe-area-inset-right));
}
h1 { margin: 0; font-size: 1.25rem; }
main {
  display: grid;
  gap: 1rem;
  box-sizing: border-box;
  max-inline-size: 72rem;
  margin-inline: auto;
  padding: 1rem;
}
complaint-app-update {
  position: fixed;
  inset-inline: 1rem;
  inset-block-end: max(1rem, env(safe-area-inset-bottom));
  z-index: 1;
  max-inline-size: 40rem;
  margin-inline: auto;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
}
.side { display: grid; gap: 1rem; align-content: start; }
#tracking:focus { outline: none; }
@media (min-width: 60rem) { main { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: start; } }
</style>
</head>
<body>
<header><h1>${name}</h1></header>
<complaint-app-update></complaint-app-update>
<main>
<complaint-form site="${site.key}"></complaint-form>
<div class="side">
<my-complaints site="${site.key}"></my-complaints>
<section id="tracking" tabindex="-1"><complaint-tracker site="${site.key}"></complaint-tracker></section>
</div>
</main>
</body>
</html>
`;
}

function webManifest(site: Site): string {
  const base = appPath(site);
  const name = site.name[site.defaultLocale];
  return JSON.stringify({
    id: base,
    name,
    short_name: name,
    lang: site.defaultLocale,
    dir: 'ltr',
    start_url: base,
    scope: base,
    display: 'standalone',
    theme_color: site.theme.accent,
    background_color: site.theme.background,
    icons: ICONS.map((icon) => ({ src: `${base}${icon.file}`, sizes: `${icon.size}x${icon.size}`, type: 'image/png', purpose: icon.purpose })),
  });
}

/**
 * A site's resident app at `/app/{site}/`: the form, the tracker and "my complaints" as an
 * installable web app on the service's own origin, with a manifest, icons in the site's
 * colour and a service worker that opens it offline.
 */
export function residentAppRoutes(desk: ComplaintDesk, dirs: ResidentAppDirs = defaultResidentAppDirs()) {
  const app = new Hono<AppEnv>();
  const built = new BuiltFiles();
  const icons = new Map<string, Buffer>();
  const iconFor = (site: Site, icon: Icon): Buffer => {
    const key = `${site.theme.accent}:${icon.file}`;
    let png = icons.get(key);
    if (!png) icons.set(key, (png = drawIcon(icon.size, site.theme.accent, icon.purpose === 'maskable')));
    return png;
  };

  // Every address under the app names its site: an unknown one is a 404 like the API's.
  app.use('/app/:site/*', async (c, next) => {
    c.set('site', await desk.site(c.req.param('site')));
    await next();
  });

  app.get('/app/:site', async (c) => c.redirect(appPath(await desk.site(c.req.param('site'))), 301));

  app.get('/app/:site/', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(shellHtml(c.get('site')));
  });

  app.get('/app/:site/manifest.webmanifest', (c) => {
    c.header('Content-Type', 'application/manifest+json; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(webManifest(c.get('site')));
  });

  for (const icon of ICONS) {
    app.get(`/app/:site/${icon.file}`, (c) => {
      c.header('Content-Type', 'image/png');
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(new Uint8Array(iconFor(c.get('site'), icon)));
    });
  }

  // The worker, with the list of what it keeps for offline use: the shell, the manifest and
  // icons, the widget and the app's script. Each revision changes when its content does.
  app.get('/app/:site/sw.js', (c) => {
    const site = c.get('site');
    const worker = built.read(`${dirs.app}/sw.js`);
    if (!worker || !built.read(`${dirs.widget}/.vite/manifest.json`)) {
      return c.json(errorBody('app_not_built', 'the resident app is missing: run `npm run build`'), 503);
    }
    const base = appPath(site);
    const precache = [
      { url: base, revision: digest(shellHtml(site)) },
      { url: `${base}manifest.webmanifest`, revision: digest(webManifest(site)) },
      ...ICONS.map((icon) => ({ url: `${base}${icon.file}`, revision: digest(iconFor(site, icon)) })),
      ...built.bundle(dirs.widget).map(({ file, revision }) => ({ url: `/${file}`, revision })),
      ...built.bundle(dirs.app).map(({ file, revision }) => ({ url: `${base}${file}`, revision })),
    ];
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    // the browser checks for a new worker on each visit; it must never get a stale one
    c.header('Cache-Control', 'no-cache');
    return c.body(workerWithPrecache(worker.content, 'dist/app/sw.js', precache));
  });

  const appFiles = serveStatic({ root: dirs.app, precompressed: true, rewriteRequestPath: (path) => path.replace(/^\/app\/[^/]+/, '') });
  app.get('/app/:site/app.js', async (c, next) => {
    c.header('Cache-Control', 'no-cache');
    return appFiles(c, next);
  });
  // chunk names carry a hash of their content
  app.get('/app/:site/chunks/*', async (c, next) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return appFiles(c, next);
  });
  return app;
}
