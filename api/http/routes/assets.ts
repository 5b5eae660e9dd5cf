import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { fromRoot } from '../../paths.ts';
import type { AppEnv } from '../env.ts';
import { errorBody } from '../errors.ts';

export interface AssetDirs {
  widget: string;
  demo: string;
}

export const defaultAssetDirs = (): AssetDirs => ({
  widget: fromRoot('dist', 'widget'),
  demo: fromRoot('demo'),
});

/**
 * The files a browser loads: the widget bundle (fetched cross-origin by the pages that embed
 * it, so it carries CORS), and the demo host pages.
 */
export function assetRoutes(dirs: AssetDirs) {
  const app = new Hono<AppEnv>();

  app.on(['GET', 'HEAD'], '/widget.js', async (c, next) => {
    if (!existsSync(`${dirs.widget}/widget.js`)) {
      return c.json(errorBody('widget_not_built', 'the widget bundle is missing: run `npm run build`'), 503);
    }
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', 'no-cache');
    return serveStatic({ root: dirs.widget, path: 'widget.js', precompressed: true })(c, next);
  });

  // The widget's other chunks (the tracker, each language): their names carry a hash of their
  // content, so browsers may keep them for good.
  app.on(['GET', 'HEAD'], '/widget/*', async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return serveStatic({ root: dirs.widget, precompressed: true })(c, next);
  });

  // The elements' attributes, events, parts and custom properties, for editors and tooling.
  app.on(['GET', 'HEAD'], '/custom-elements.json', async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'no-cache');
    return serveStatic({ root: dirs.widget, path: 'custom-elements.json' })(c, next);
  });

  app.get('/', (c) => c.redirect('/demo/'));
  app.get('/demo', (c) => c.redirect('/demo/'));
  app.use(
    '/demo/*',
    serveStatic({ root: dirs.demo, rewriteRequestPath: (path) => path.replace(/^\/demo/, '') }),
  );
  return app;
}
