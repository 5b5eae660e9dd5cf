import { ApiKeys } from '../service/api-keys.ts';
import { ServiceError } from '../service/errors.ts';
import { type AdminCommand, UsageError, requireSite } from './command.ts';

const ACTOR = 'admin-command';

export const createApiKey: AdminCommand = async ({ store, options, out }) => {
  const site = await requireSite(store, options.site);
  const created = await new ApiKeys(store).create(site, options.label?.trim() || null, ACTOR);
  out(`Created API key ${created.id} for ${site.key}. Keep it now: it is not shown again.`);
  out(created.key);
  return 0;
};

export const listApiKeys: AdminCommand = async ({ store, options, out }) => {
  const site = await requireSite(store, options.site);
  const keys = await new ApiKeys(store).list(site);
  if (!keys.length) out(`no API keys for ${site.key}`);
  for (const k of keys) out(`${k.id}  ${k.createdAt}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.label ?? ''}`.trimEnd());
  return 0;
};

export const revokeApiKey: AdminCommand = async ({ store, options, out }) => {
  const site = await requireSite(store, options.site);
  if (!options.id) throw new UsageError('--id is required (the id that api-key list shows)');
  try {
    const revoked = await new ApiKeys(store).revoke(site, options.id, ACTOR);
    out(`API key ${revoked.id} of ${site.key} is revoked since ${revoked.revokedAt}.`);
    return 0;
  } catch (error) {
    if (error instanceof ServiceError) throw new UsageError(error.message);
    throw error;
  }
};
