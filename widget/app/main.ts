/**
 * The resident app's page (`/app/{site}/`): `<complaint-form>` and `<complaint-tracker>` come
 * from widget.js beside this script; this adds "my complaints", keeps each complaint filed
 * here, and runs the service worker that opens the app offline and sends queued complaints
 * when the connection returns.
 */
import { Workbox } from 'workbox-window';
import { OUTBOX_SYNC_TAG, outboxEntries, removeEntry } from '../shared/outbox.ts';
import { AppUpdate } from './app-update.ts';
import { MyComplaints } from './my-complaints.ts';
import type { Asking } from './push.ts';
import { linkFromLocation } from '../complaint-tracker/link.ts';

if (!customElements.get('my-complaints')) customElements.define('my-complaints', MyComplaints);
if (!customElements.get('complaint-app-update')) customElements.define('complaint-app-update', AppUpdate);

declare global {
  interface HTMLElementTagNameMap {
    'my-complaints': MyComplaints;
    'complaint-app-update': AppUpdate;
  }
  interface GlobalEventHandlersEventMap {
    /** the tracker asks for push messages; `detail` takes what its button says from then on */
    'complaint-notify': CustomEvent<(text: string) => void>;
  }
}

/** Background Sync, where the browser has it (Chromium): not in the DOM typings yet. */
interface SyncRegistration extends ServiceWorkerRegistration {
  sync?: { register(tag: string): Promise<void> };
}

const list = document.querySelector('my-complaints');
const trackerSlot = document.getElementById('tracking');

document.addEventListener('complaint-submitted', (event) => {
  void list?.keep({ reference: event.detail.reference, accessCode: event.detail.accessCode });
});

/** Shows a complaint in the tracker and brings the tracker into view. */
function track(complaint: { reference: string; accessCode: string }): void {
  const tracker = document.querySelector('complaint-tracker');
  if (!tracker) return;
  tracker.setAttribute('reference', complaint.reference);
  tracker.setAttribute('access-code', complaint.accessCode);
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  trackerSlot?.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'start' });
  trackerSlot?.focus({ preventScroll: true });
}

document.addEventListener('complaint-chosen', (event) => track(event.detail));

// The tracker's "Notify me": the code that subscribes this browser to push messages loads now.
document.addEventListener('complaint-notify', (event) => {
  const tracker = event.target as Element & Asking;
  void import('./push.ts').then(({ followByPush }) => followByPush(tracker, event.detail));
});

// A complaint removed from this device goes entirely: the form's receipt of it (which holds the
// access code, and would add it again on the next visit) and the tracker showing it.
document.addEventListener('complaint-forgotten', (event) => {
  void outboxEntries()
    .then((entries) => entries.filter((entry) => entry.site === list?.site && entry.receipt?.reference === event.detail.reference))
    .then((receipts) => Promise.all(receipts.map((entry) => removeEntry(entry.id))));
  const tracker = document.querySelector('complaint-tracker');
  if (!tracker || tracker.getAttribute('reference') !== event.detail.reference) return;
  const fresh = document.createElement('complaint-tracker');
  for (const name of ['site', 'api', 'lang']) {
    const value = tracker.getAttribute(name);
    if (value !== null) fresh.setAttribute(name, value);
  }
  tracker.replaceWith(fresh);
});

if ('serviceWorker' in navigator) {
  // The tracker offers push messages only under this app's worker, which on a first visit takes
  // control after the tracker was drawn: it looks again.
  navigator.serviceWorker.addEventListener('controllerchange', () => document.querySelector('complaint-tracker')?.requestUpdate());
  // A push message was clicked while the app is open: show the complaint it is about.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string; url?: string } | null>) => {
    const link = event.data?.type === 'OPEN_COMPLAINT' && event.data.url ? linkFromLocation(new URL(event.data.url)) : null;
    if (link) track(link);
  });
  // relative to the page, so the worker's scope is this site's app and nothing else
  const worker = new Workbox('sw.js');
  worker.addEventListener('waiting', () => {
    document.querySelector('complaint-app-update')?.offer(() => {
      worker.addEventListener('controlling', () => location.reload());
      worker.messageSkipWaiting();
    });
  });
  // without a worker the app still works, only not offline: the page keeps going
  const registered = worker.register().catch(() => undefined);
  document.addEventListener('complaint-queued', () => {
    void registered
      .then((registration) => (registration as SyncRegistration | undefined)?.sync?.register(OUTBOX_SYNC_TAG))
      // without Background Sync the form itself sends the queue when the page is back online
      .catch(() => undefined);
  });
}
