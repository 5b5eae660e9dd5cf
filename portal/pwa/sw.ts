/**
 * The portal's service worker, served at `/portal/sw.js` for the scope `/portal/`. The server
 * writes the list of files to keep (with their revisions) into `self.__WB_MANIFEST` as it
 * serves this script, so any change to the portal is a new worker, and the page offers to reload.
 */
import { clientsClaim } from 'workbox-core';
import { type PrecacheEntry, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { PENDING_SYNC_TAG, flushPending } from '../shared/pending-actions.ts';

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
  navigate(url: string): Promise<WindowClient | null>;
}
interface WorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    matchAll(options: { type: 'window' }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  __WB_MANIFEST: PrecacheEntry[];
  skipWaiting(): Promise<void>;
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

const scope = new URL(self.registration.scope).pathname;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// the first worker takes the page that installed it at once; later ones wait for the member
clientsClaim();

// Complaints and sessions are never kept on the device by the worker: the API goes to the network.
registerRoute(({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/api/'), new NetworkOnly());

// Every address in the portal is the portal's page: offline too, it opens from the kept copy.
registerRoute(new NavigationRoute(createHandlerBoundToURL(scope), { allowlist: [new RegExp(`^${scope}`)] }));

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The connection is back: send the staff actions that wait, whichever page queued them, with
// the session cookie. While some still wait, the sync fails, and the browser tries it again later.
self.addEventListener('sync', (event) => {
  if (event.tag !== PENDING_SYNC_TAG) return;
  event.waitUntil(
    flushPending(null).then(({ waiting }) => {
      if (waiting) throw new Error(`${waiting} staff actions still wait to be sent`);
    }),
  );
});

// Work for the member (an assignment, a deadline, an escalation) while the portal is closed or
// in the background: a notification, tagged with the message's id so a repeat shows once.
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
      icon: `${scope}icon-192.png`,
    }),
  );
});

// A click opens what the message is about: in a portal window already open, else in a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? scope;
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then(async (windows) => {
      const open = windows.find((client) => new URL(client.url).pathname.startsWith(scope));
      if (!open) return self.clients.openWindow(url);
      await open.focus();
      return open.navigate(url);
    }),
  );
});
