import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { fromRoot } from '../../paths.ts';
import type { AppEnv } from '../env.ts';
import { errorBody } from '../errors.ts';
import { drawIcon } from './app-icon.ts';
import { BuiltFiles, ICONS, type Icon, digest, workerWithPrecache } from './pwa-files.ts';

export interface PortalDirs {
  /** the built portal: `portal.js` (the element), `shell.js` (the PWA's page script), chunks */
  built: string;
  /** the built service worker, `sw.js` */
  worker: string;
  /** the page and its stylesheet */
  public: string;
}

export const defaultPortalDirs = (): PortalDirs => ({
  built: fromRoot('dist', 'portal'),
  worker: fromRoot('dist', 'portal-worker'),
  public: fromRoot('portal', 'public'),
});

/** where the portal lives: the scope of its service worker and of the installed app */
export const PORTAL_PATH = '/portal/';
/** the portal's colours: its header's blue, and the page behind the screens */
export const PORTAL_THEME = { accent: '#1d4ed8', background: '#f3f5f7' } as const;

/**
 * The page allows nothing but the portal's own files: no inline script or style, no other
 * origin. Lit's styles are constructed style sheets, which a CSP does not count as inline.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

function webManifest(): string {
  return JSON.stringify({
    id: PORTAL_PATH,
    name: 'Complaint desk · Staff portal',
    short_name: 'Complaint desk',
    description: 'Work the complaints of your sites: the queue, each complaint’s procedure and deadlines, reports.',
    lang: 'zh-Hans',
    dir: 'ltr',
    start_url: PORTAL_PATH,
    scope: PORTAL_PATH,
    display: 'standalone',
    theme_color: PORTAL_THEME.accent,
    background_color: PORTAL_THEME.background,
    icons: ICONS.map((icon) => ({ src: `${PORTAL_PATH}${icon.file}`, sizes: `${icon.size}x${icon.size}`, type: 'image/png', purpose: icon.purpose })),
  });
}

/**
 * The staff portal at `/portal/`: an installable app. Its scripts are under `/portal/assets/`,
 * its manifest, icons and service worker beside the page, and every other address under
 * `/portal/` is the same page, whose `<complaint-portal>` reads the address
 * (`/portal/{site}/complaints/{id}` and so on) and draws that screen.
 */
export function portalRoutes(dirs: PortalDirs = defaultPortalDirs()) {
  const app = new Hono<AppEnv>();
  const built = new BuiltFiles();
  const icons = new Map<string, Buffer>();
  const iconFor = (icon: Icon): Buffer => {
    let png = icons.get(icon.file);
    if (!png) icons.set(icon.file, (png = drawIcon(icon.size, PORTAL_THEME.accent, icon.purpose === 'maskable')));
    return png;
  };
  const manifest = webManifest();

  // Nothing of the portal is read as another type than it says, nor tells other sites where staff were.
  app.use('/portal/*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
  });

  app.get('/portal', (c) => c.redirect(PORTAL_PATH));

  // `portal.js` and `shell.js` keep their names, so they are checked each time; chunks carry a
  // hash of their content and are kept for good.
  const scripts = serveStatic({ root: dirs.built, precompressed: true, rewriteRequestPath: (path) => path.replace(/^\/portal\/assets/, '') });
  app.on(['GET', 'HEAD'], '/portal/assets/*', async (c) => {
    if (!built.read(`${dirs.built}/portal.js`)) return c.json(errorBody('portal_not_built', 'the portal is missing: run `npm run build`'), 503);
    c.header('Cache-Control', c.req.path.startsWith('/portal/assets/chunks/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    // a script of another build is gone: never the page in its place
    const found = await scripts(c, async () => undefined);
    return found ?? c.json(errorBody('not_found', `no portal script at ${c.req.path}`), 404, { 'Cache-Control': 'no-store' });
  });

  app.on(['GET', 'HEAD'], '/portal/portal.css', async (c, next) => {
    c.header('Cache-Control', 'no-cache');
    return serveStatic({ root: dirs.public, path: 'portal.css' })(c, next);
  });

  app.get('/portal/manifest.webmanifest', (c) => {
    c.header('Content-Type', 'application/manifest+json; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(manifest);
  });

  for (const icon of ICONS) {
    app.get(`/portal/${icon.file}`, (c) => {
      c.header('Content-Type', 'image/png');
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(new Uint8Array(iconFor(icon)));
    });
  }

  // The worker, with the list of what it keeps for offline use: the page, its stylesheet, the
  // manifest and icons, and every script of the build (screens and languages too, so each
  // screen opens offline). Each revision changes when its content does.
  app.get('/portal/sw.js', (c) => {
    const worker = built.read(`${dirs.worker}/sw.js`);
    const page = built.read(`${dirs.public}/index.html`);
    const styles = built.read(`${dirs.public}/portal.css`);
    if (!worker || !page || !styles || !built.read(`${dirs.built}/.vite/manifest.json`)) {
      return c.json(errorBody('portal_not_built', 'the portal is missing: run `npm run build`'), 503);
    }
    const precache = [
      { url: PORTAL_PATH, revision: page.revision },
      { url: `${PORTAL_PATH}portal.css`, revision: styles.revision },
      { url: `${PORTAL_PATH}manifest.webmanifest`, revision: digest(manifest) },
      ...ICONS.map((icon) => ({ url: `${PORTAL_PATH}${icon.file}`, revision: digest(iconFor(icon)) })),
      ...built.bundle(dirs.built).map(({ file, revision }) => ({ url: `${PORTAL_PATH}assets/${file}`, revision })),
    ];
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    // the browser checks for a new worker on each visit; it must never get a stale one
    c.header('Cache-Control', 'no-cache');
    c.header('Service-Worker-Allowed', PORTAL_PATH);
    c.header('Content-Security-Policy', PORTAL_CSP);
    return c.body(workerWithPrecache(worker.content, 'dist/portal-worker/sw.js', precache));
  });

  app.on(['GET', 'HEAD'], '/portal/*', async (c, next) => {
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Security-Policy', PORTAL_CSP);
    return serveStatic({ root: dirs.public, path: 'index.html' })(c, next);
  });
  return app;
}
