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
interface PushEvent extends ExtendableEvent {
  readonly data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}
interface WindowClient {
  readonly url: string;
  focus(): Promise<WindowClient>;
  postMessage(message: unknown): void;
}
interface WorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled?: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  __WB_MANIFEST: PrecacheEntry[];
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}
declare const self: WorkerScope;

/** What the server's push messages carry (api/notify/push.ts, `PushPayload`). */
interface PushMessage {
  id: string;
  title: string;
  body: string;
  url: string;
}

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

// A message about a complaint this browser follows: shown as a notification. Its tag is the
// message's id, so the same message delivered twice shows once.
self.addEventListener('push', (event) => {
  let message: PushMessage;
  try {
    message = event.data?.json() as PushMessage;
  } catch {
    return;
  }
  if (!message?.title) return;
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      tag: message.id,
      data: { url: message.url },
      icon: `${scope.pathname}icon-192.png`,
    }),
  );
});

// A click opens the complaint: in the app if it is open (it shows the complaint there), else in a new window.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? scope.href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((windows) => {
      const open = windows.find((client) => client.url.startsWith(scope.href));
      if (!open) return self.clients.openWindow(url);
      open.postMessage({ type: 'OPEN_COMPLAINT', url });
      return open.focus();
    }),
  );
});
