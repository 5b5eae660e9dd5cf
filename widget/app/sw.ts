/**
 * The resident app's service worker, served at `/app/{site}/sw.js` for the scope
 * `/app/{site}/`. The server writes the list of files to keep (with their revisions) into
 * `self.__WB_MANIFEST` as it serves this script, so any change to the app, the widget or the
 * site's page is a new worker, and the page offers to reload.
 */
import { clientsClaim } from 'workbox-core';
import { type PrecacheEntry, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { OUTBOX_SYNC_TAG, flushOutbox } from '../shared/outbox.ts';

// The project's typings are the page's (DOM); these are the few worker ones used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
interface WorkerScope {
  readonly registration: ServiceWorkerRegistration;
  __WB_MANIFEST: PrecacheEntry[];
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}
declare const self: WorkerScope;

/** `/app/{site}/`: the app's shell, and the one site this worker serves */
const scope = new URL(self.registration.scope);
const site = scope.pathname.split('/')[2] ?? '';
const sitePath = `/api/v1/sites/${site}`;
const SITE_CACHE = 'complaint-app-site';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// the first worker takes the page that installed it at once; later ones wait for the resident
clientsClaim();

// Every address in the app is the app: offline too, it opens from the shell it keeps.
registerRoute(new NavigationRoute(createHandlerBoundToURL(scope.pathname)));

// The site's categories and questions, fresh when online, the last seen when not: the form
// opens offline. Complaints themselves (which need the access code) are never kept here.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === sitePath,
  new NetworkFirst({ cacheName: SITE_CACHE, networkTimeoutSeconds: 4 }),
);

// A worker installed on a slow first visit may have missed the form's first request for them.
self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SITE_CACHE)
      .then((cache) => cache.add(sitePath))
      .catch(() => undefined),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The connection is back: send the complaints that wait in the outbox, whichever page queued
// them. While some still wait, the sync fails, and the browser tries it again later.
self.addEventListener('sync', (event) => {
  if (event.tag !== OUTBOX_SYNC_TAG) return;
  event.waitUntil(
    flushOutbox({ now: true }).then(({ waiting }) => {
      if (waiting) throw new Error(`${waiting} complaints still wait to be sent`);
    }),
  );
});
