import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { accountability } from './admin/accountability.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './admin/api-keys.ts';
import { importCalendar } from './admin/calendar.ts';
import { type AdminCommand, UsageError } from './admin/command.ts';
import { rebuild, verify } from './admin/record.ts';
import { report } from './admin/report.ts';
import { createUser, listUsers } from './admin/users.ts';
import { prepareStore } from './bootstrap.ts';
import { ConfigError, readConfig } from './config.ts';
import { StoreUnavailable } from './store/open.ts';
import type { Store } from './store/store.ts';

const HELP = `Usage: npm run admin -- <command> [options]

Commands:
  api-key create --site SITE [--label TEXT]
      Creates an API key for SITE. The key is printed once, alone on the last line;
      only its hash is kept.
  api-key list --site SITE
      Lists the site's keys (never the keys themselves).
  api-key revoke --site SITE --id ID
      Revokes a key at once: requests that carry it are refused from now on.
  user create --email EMAIL --role ROLE[,ROLE] --site SITE [--name NAME] [--departments A,B] [--superadmin]
      Creates a staff account (roles: admin, front-desk, handler, supervisor, manager, auditor).
      The password is generated and printed once, alone on the last line.
  user list --site SITE
      Lists a site's staff and their roles.
  verify
      Checks every complaint's hash chain and that the read model matches the events;
      names the first broken link and exits 1 if there is one.
  rebuild
      Projects the read model again from the events.
  calendar import --site SITE --file FILE.ics [--dry-run]
      Adds the rest days and make-up working days of an iCalendar file to the site's calendar.
  accountability --site SITE --year YEAR
      Substantiated conduct findings per staff member in YEAR, with the measure each count reaches.
  report --site SITE (--month YYYY-MM | --quarter YYYY-Qn) [--format json|csv|html]
         [--lang en|zh-Hans|zh-Hant] [--out FILE]
      The monthly statistics and analysis report, or the quarterly summary, computed from the
      events in the site's time zone. JSON by default; CSV opens in Excel; HTML is a printable
      page. In the site's default language unless --lang; to stdout unless --out.
  help
      Shows this text.

The store is the one the server uses: DATABASE_URL if set, else the SQLite file in DATA_DIR
(default ./data).
`;

const COMMANDS: Record<string, AdminCommand> = {
  'api-key create': createApiKey,
  'api-key list': listApiKeys,
  'api-key revoke': revokeApiKey,
  'user create': createUser,
  'user list': listUsers,
  verify,
  rebuild,
  'calendar import': importCalendar,
  accountability,
  report,
};

export async function runCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      site: { type: 'string' },
      label: { type: 'string' },
      id: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      departments: { type: 'string' },
      superadmin: { type: 'boolean' },
      file: { type: 'string' },
      year: { type: 'string' },
      month: { type: 'string' },
      quarter: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!positionals.length || positionals[0] === 'help' || values.help) {
    out(HELP);
    return 0;
  }
  const name = [positionals.slice(0, 2).join(' '), positionals[0]!].find((words) => words in COMMANDS);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    err(`unknown command "${positionals.join(' ')}"\n\n${HELP}`);
    return 2;
  }
  let store: Store | undefined;
  try {
    store = await prepareStore(readConfig());
    const options = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : v === true ? '' : undefined]),
    );
    return await command({ store, options, out });
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
