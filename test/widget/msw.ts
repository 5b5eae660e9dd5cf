import type * as MswCore from 'msw';
import type * as MswBrowser from 'msw/browser';

export type Msw = typeof MswCore & typeof MswBrowser;

/** msw's browser build, loaded as the classic script it is (its ES build needs a bundler). */
export const msw = await new Promise<Msw>((resolve, reject) => {
  const script = document.createElement('script');
  script.src = '/node_modules/msw/lib/iife/index.js';
  script.onload = () => resolve((globalThis as unknown as { MockServiceWorker: Msw }).MockServiceWorker);
  script.onerror = () => reject(new Error('could not load msw'));
  document.head.append(script);
});

/** A worker for this test file's page, started before its tests and stopped after them. */
export function mockServiceWorker(...handlers: Parameters<Msw['setupWorker']>): ReturnType<Msw['setupWorker']> {
  const worker = msw.setupWorker(...handlers);
  before(async () => {
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledFrame: 'bypass', quiet: true });
  });
  after(() => worker.stop());
  return worker;
}
