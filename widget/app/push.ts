import { msg } from '@lit/localize';
import { SiteApi, scriptOrigin } from '../shared/api.ts';

/** The tracker that asked (`complaint-notify`): the complaint it shows, and where the service is. */
export interface Asking {
  api: string;
  site: string;
  reference: string;
  accessCode: string;
}

/**
 * Subscribes this browser, through the app's service worker (which shows the messages), to push
 * messages about the tracker's complaint: the browser asks the resident's permission, and the
 * subscription goes to the service with the complaint's access code. Loaded only when the
 * resident asks; `done` is told what the tracker's button says from then on.
 */
export async function followByPush(tracker: Asking, done: (text: string) => void): Promise<void> {
  const api = new SiteApi(tracker.api || scriptOrigin(), tracker.site);
  try {
    const { publicKey } = (await (await fetch(`${api.origin}/api/v1/push/key`)).json()) as { publicKey: string };
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
    await api.request(`/complaints/${encodeURIComponent(tracker.reference.trim())}/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Access-Code': tracker.accessCode.trim() },
      body: JSON.stringify(subscription),
    });
    done(msg('Notifications on', { id: 'app-push-on' }));
  } catch {
    done(
      globalThis.Notification?.permission === 'denied'
        ? msg('Notifications are blocked in this browser’s settings', { id: 'app-push-blocked' })
        : msg('Notifications could not be turned on; try again later', { id: 'app-push-failed' }),
    );
  }
}
