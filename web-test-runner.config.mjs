import { readFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/chromium.ts';
import { startWidgetApi } from './test/support/widget-api.ts';
import { openSettings } from './api/abuse/settings.ts';

const api = await startWidgetApi();
// The same API with its defences on, as a server starts by default: a real proof of work (not
// rising, so tests take the same time each run), few filings and wrong access codes per address.
const guarded = await startWidgetApi(
  openSettings({
    powDifficulty: 16,
    powMaxDifficulty: 16,
    limits: { filing: { perAddress: 4, perSite: 0 }, upload: { perAddress: 40, perSite: 0 }, lookup: { perAddress: 300, perSite: 0 } },
    failedCodesPerAddress: 3,
  }),
);
const mswWorker = readFileSync(new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url), 'utf8');
// axe-core is a UMD script: the accessibility tests load it with a <script> tag
const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** Widget tests in real Chromium, against the real API on another origin. */
export default {
  files: ['test/widget/**/*.test.ts', 'test/portal/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: the test pages share one origin, so its service worker (msw's, which
  // reloads a page it finds uncontrolled while another page is still installing it), its
  // IndexedDB databases and its BroadcastChannels; two pages at once would see each other's.
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    {
      name: 'test-environment',
      // msw's service worker must be served from the root to control the test pages
      serve(context) {
        if (context.path === '/mockServiceWorker.js') return { body: mswWorker, type: 'js' };
        if (context.path === '/axe.min.js') return { body: axeSource, type: 'js' };
        return undefined;
      },
      // tests move a complaint along as the office would: executeServerCommand('staff', …)
      async executeCommand({ command, payload }) {
        if (command !== 'staff') return undefined;
        await api.staff(payload.site, payload.reference, payload.commands);
        return true;
      },
      async serverStop() {
        await Promise.all([api.stop(), guarded.stop()]);
      },
    },
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="en">
      <head><meta charset="utf-8" /><meta name="complaint-api" content="${api.origin}" /><meta name="complaint-api-guarded" content="${guarded.origin}" /></head>
      <body><script type="module" src="${testFramework}"></script></body>
    </html>`,
};
