import { type QueueFilters, normalizeFilters } from './query.ts';

/** A named set of filters a member keeps, e.g. "Overdue at Engineering". */
export interface SavedView {
  name: string;
  filters: QueueFilters;
}

/** One list per site and member, in this browser only: saved views are a convenience, not a record. */
const storageKey = (site: string, user: string) => `complaint-portal:queue-views:${site}:${user}`;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // storage refused (a private window with storage blocked): views last as long as the page
    return null;
  }
}

export function loadViews(site: string, user: string): SavedView[] {
  try {
    const raw = JSON.parse(storage()?.getItem(storageKey(site, user)) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((view): view is { name: string; filters: unknown } => typeof view?.name === 'string' && view.name.trim() !== '')
      .map((view) => ({ name: view.name, filters: normalizeFilters(view.filters) }));
  } catch {
    return [];
  }
}

function store(site: string, user: string, views: SavedView[]): void {
  try {
    storage()?.setItem(storageKey(site, user), JSON.stringify(views));
  } catch {
    // full or refused: the views still hold for this page
  }
}

/** Saves the filters under `name`, replacing a view of the same name; answers the new list, by name. */
export function saveView(site: string, user: string, name: string, filters: QueueFilters): SavedView[] {
  const trimmed = name.trim();
  const views = [...loadViews(site, user).filter((view) => view.name !== trimmed), { name: trimmed, filters: normalizeFilters(filters) }];
  views.sort((a, b) => a.name.localeCompare(b.name));
  store(site, user, views);
  return views;
}

export function deleteView(site: string, user: string, name: string): SavedView[] {
  const views = loadViews(site, user).filter((view) => view.name !== name);
  store(site, user, views);
  return views;
}
