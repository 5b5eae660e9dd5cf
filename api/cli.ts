import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from './config.ts';
import { sha256 } from './service/credentials.ts';
import { fileURLToPath } from 'node:url';
import { prepareStore } from './bootstrap.ts';
import { StoreUnavailable } from './store/open.ts';
import type { Store } from './store/store.ts';

const HELP = `Usage: npm run admin -- <command> [options]

Commands:
  api-key create --site SITE [--label TEXT]
      Creates an API key for SITE. The key is printed once, alone on the last line;
      only its hash is kept.
  api-key list --site SITE
      Lists the site's keys (never the keys themselves).
  help
      Shows this text.

The store is the one the server uses: DATA_DIR (default ./data).
`;

class UsageError extends Error {}

type Command = (store: Store, options: Record<string, string | undefined>, out: (line: string) => void) => Promise<void>;

async function requireSite(store: Store, key: string | undefined): Promise<string> {
  if (!key) throw new UsageError('--site is required');
  if (!(await store.getSite(key))) {
    const known = (await store.listSites()).map((s) => s.key).join(', ') || 'none';
    throw new UsageError(`no site "${key}" (sites: ${known})`);
  }
  return key;
}

const COMMANDS: Record<string, Command> = {
  'api-key create': async (store, options, out) => {
    const siteKey = await requireSite(store, options.site);
    const key = `cdk_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    await store.createApiKey({ id, siteKey, keyHash: sha256(key), label: options.label ?? null, createdAt: new Date().toISOString() });
    out(`Created API key ${id} for ${siteKey}. Keep it now: it is not shown again.`);
    out(key);
  },
  'api-key list': async (store, options, out) => {
    const siteKey = await requireSite(store, options.site);
    const keys = await store.listApiKeys(siteKey);
    if (!keys.length) out(`no API keys for ${siteKey}`);
    for (const k of keys) out(`${k.id}  ${k.createdAt}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.label ?? ''}`.trimEnd());
  },
};

export async function runCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { site: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const words = positionals.slice(0, 2).join(' ');
  if (!positionals.length || positionals[0] === 'help' || values.help) {
    out(HELP);
    return 0;
  }
  const command = COMMANDS[words];
  if (!command) {
    err(`unknown command "${positionals.join(' ')}"\n\n${HELP}`);
    return 2;
  }
  let store: Store | undefined;
  try {
    store = await prepareStore(readConfig());
    const options = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    await command(store, options, out);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof StoreUnavailable) {
      err(`error: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await store?.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const code = await runCli(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`));
  process.exitCode = code;
}
