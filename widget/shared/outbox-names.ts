/**
 * The outbox's names, apart from its code: a page checks for the database on load without
 * loading the storage library, and a service worker registers its sync under the same tag.
 */
export const OUTBOX_DB = 'complaint-outbox';
/** the Background Sync tag a service worker answers with `flushOutbox()` */
export const OUTBOX_SYNC_TAG = 'complaint-outbox';
/** tabs and the service worker tell each other of every change on this channel */
export const OUTBOX_CHANNEL = 'complaint-outbox';

/**
 * Whether this browser already keeps an outbox. Asking does not create one: nothing is stored
 * before the resident sends something.
 */
export async function outboxExists(): Promise<boolean> {
  try {
    return (await indexedDB.databases()).some((database) => database.name === OUTBOX_DB);
  } catch {
    // no IndexedDB (or no list of databases): there is nothing to resume
    return false;
  }
}
