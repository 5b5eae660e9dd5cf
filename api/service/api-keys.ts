import { randomBytes, randomUUID } from 'node:crypto';
import type { Site } from '../contract/site.ts';
import type { ApiKeyRecord, Store } from '../store/store.ts';
import { type Clock, systemClock } from './complaints.ts';
import { sha256 } from './credentials.ts';
import { ServiceError } from './errors.ts';

/** `cdk_` and 32 random bytes in base64url: 256 bits, kept only as a SHA-256 hash. */
const KEY_PATTERN = /^cdk_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey extends ApiKeyRecord {
  /** the key itself: shown once, never stored */
  key: string;
}

/**
 * A site's API keys, which let a server (an Open311 client) file complaints for the site.
 * Created and revoked from the admin command or by the site's managers and administrators;
 * both are written to the audit log.
 */
export class ApiKeys {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock = systemClock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** `actor`: the member of staff's id, or `admin-command` */
  async create(site: Site, label: string | null, actor: string): Promise<NewApiKey> {
    const key = `cdk_${randomBytes(32).toString('base64url')}`;
    const record: ApiKeyRecord = { id: randomUUID(), siteKey: site.key, label, createdAt: this.#clock.now().toISOString(), revokedAt: null };
    await this.#store.createApiKey({ ...record, keyHash: sha256(key) });
    await this.#store.staff.appendAudit({ at: record.createdAt, siteKey: site.key, actor, action: 'api-key-created', target: record.id, details: { label } });
    return { ...record, key };
  }

  list(site: Site): Promise<ApiKeyRecord[]> {
    return this.#store.listApiKeys(site.key);
  }

  /** Revokes at once: the next request with the key is refused. Revoking twice keeps the first time. */
  async revoke(site: Site, id: string, actor: string): Promise<ApiKeyRecord> {
    const at = this.#clock.now().toISOString();
    const revoked = await this.#store.revokeApiKey(site.key, id, at);
    if (!revoked) throw new ServiceError(404, 'api_key_not_found', `no API key "${id}" on this site`);
    if (revoked.revokedNow) {
      await this.#store.staff.appendAudit({ at, siteKey: site.key, actor, action: 'api-key-revoked', target: id, details: { label: revoked.key.label } });
    }
    return revoked.key;
  }

  /** The key's record when it is live and belongs to the site; otherwise 403 saying which. */
  async authenticate(site: Site, key: string | undefined): Promise<ApiKeyRecord> {
    if (!key) throw new ServiceError(403, 'api_key_required', 'api_key is required to file or update requests');
    const record = KEY_PATTERN.test(key) ? await this.#store.findApiKey(sha256(key)) : null;
    if (!record) throw new ServiceError(403, 'api_key_invalid', 'api_key is not a valid key');
    if (record.revokedAt) throw new ServiceError(403, 'api_key_revoked', 'api_key has been revoked');
    if (record.siteKey !== site.key) throw new ServiceError(403, 'api_key_wrong_jurisdiction', `api_key is not a key of jurisdiction "${site.key}"`);
    return record;
  }
}
