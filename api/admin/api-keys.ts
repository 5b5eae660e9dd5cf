import { randomBytes, randomUUID } from 'node:crypto';
import { sha256 } from '../service/credentials.ts';
import { type AdminCommand, requireSite } from './command.ts';

export const createApiKey: AdminCommand = async ({ store, options, out }) => {
  const site = await requireSite(store, options.site);
  const key = `cdk_${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  await store.createApiKey({ id, siteKey: site.key, keyHash: sha256(key), label: options.label ?? null, createdAt: new Date().toISOString() });
  out(`Created API key ${id} for ${site.key}. Keep it now: it is not shown again.`);
  out(key);
  return 0;
};

export const listApiKeys: AdminCommand = async ({ store, options, out }) => {
  const site = await requireSite(store, options.site);
  const keys = await store.listApiKeys(site.key);
  if (!keys.length) out(`no API keys for ${site.key}`);
  for (const k of keys) out(`${k.id}  ${k.createdAt}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.label ?? ''}`.trimEnd());
  return 0;
};
