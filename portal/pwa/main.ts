/**
 * The portal's own page (`/portal/`): `<complaint-portal>` full screen, the service worker that
 * opens it offline and sends staff actions queued while the connection was down, and a note
 * when a new version of the portal is ready.
 */
import { Workbox } from 'workbox-window';
import '../index.ts';
import { define } from '../shared/define.ts';
import { keepSending } from '../shared/pending-actions.ts';
import { StaffApi } from '../shared/staff-api.ts';
import { PortalUpdate } from './portal-update.ts';

define('portal-update', PortalUpdate);

declare global {
  interface HTMLElementTagNameMap {
    'portal-update': PortalUpdate;
  }
}

// The queue belongs to this origin's session; the page sends it whenever it can (the worker too).
keepSending(new StaffApi());

if ('serviceWorker' in navigator) {
  const notice = document.body.appendChild(document.createElement('portal-update'));
  const worker = new Workbox('/portal/sw.js', { scope: '/portal/' });
  worker.addEventListener('waiting', () => {
    notice.offer(() => {
      worker.addEventListener('controlling', () => location.reload());
      worker.messageSkipWaiting();
    });
  });
  // without a worker the portal still works, only not offline
  worker.register().catch(() => undefined);
}
