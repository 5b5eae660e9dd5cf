import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/** A complaint the resident keeps on this device to follow it: what the tracker needs to open it. */
export interface SavedComplaint {
  site: string;
  reference: string;
  accessCode: string;
  /** when it was filed (or, for one filed elsewhere, when it was added here) */
  filedAt: string;
}

interface ComplaintAppSchema extends DBSchema {
  complaints: { key: [string, string]; value: SavedComplaint; indexes: { site: string } };
}

const DB_NAME = 'complaint-app';

/**
 * "My complaints": the references and access codes of the complaints the resident chose to
 * follow from this device, per site. Nothing else about a complaint is kept here: its status
 * is always asked of the service.
 */
export class SavedComplaints {
  #db: Promise<IDBPDatabase<ComplaintAppSchema>> | undefined;

  #open(): Promise<IDBPDatabase<ComplaintAppSchema>> {
    this.#db ??= openDB<ComplaintAppSchema>(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('complaints', { keyPath: ['site', 'reference'] }).createIndex('site', 'site');
      },
    });
    return this.#db;
  }

  /** The site's complaints, the most recently filed first. */
  async list(site: string): Promise<SavedComplaint[]> {
    const all = await (await this.#open()).getAllFromIndex('complaints', 'site', site);
    return all.sort((a, b) => b.filedAt.localeCompare(a.filedAt));
  }

  /** Keeps a complaint; the same reference again only refreshes its access code. Answers whether it is new here. */
  async save(complaint: SavedComplaint): Promise<boolean> {
    const db = await this.#open();
    const known = await db.get('complaints', [complaint.site, complaint.reference]);
    await db.put('complaints', { ...complaint, filedAt: known?.filedAt ?? complaint.filedAt });
    return !known;
  }

  async remove(site: string, reference: string): Promise<void> {
    await (await this.#open()).delete('complaints', [site, reference]);
  }
}
