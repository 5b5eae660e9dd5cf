import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';
import type { Plugin } from 'vite';

/** One entry of a generated language module: `'id': \`…\`,` or `'id': str\`…\`,`. */
const LOCALE_ENTRY = /^\s*'([\w-]+)': (?:str)?`(?:[^`\\]|\\.)*`,\n/gm;
/** lit-localize's own ids: s or h, then 16 hex digits of a hash of the text */
const HASHED_ID = /^[sh][0-9a-f]{16}$/;
/** how much of a hashed id the widget's language chunks keep: the kind and 5 hex digits */
const SHORT_ID = 6;

/**
 * The ids of the messages only the tracker shows: they travel with the tracker's code. Also
 * makes sure no two messages share a shortened id: the parts end up in one table.
 */
function trackerOnlyIds(fail: (message: string) => never): Set<string> {
  const localizer = new RuntimeLitLocalizer(readConfigFileAndWriteSchema('lit-localize.json') as never);
  const { messages } = localizer.extractSourceMessages();
  const tracker = new Set<string>();
  const elsewhere = new Set<string>();
  const shortened = new Map<string, string>();
  for (const message of messages) {
    (message.file.fileName.includes('/widget/complaint-tracker/') ? tracker : elsewhere).add(message.name);
    if (!HASHED_ID.test(message.name)) continue;
    const short = message.name.slice(0, SHORT_ID);
    const other = shortened.get(short);
    if (other && other !== message.name) fail(`messages ${other} and ${message.name} share the id ${short}: lengthen SHORT_ID`);
    shortened.set(short, message.name);
  }
  return new Set([...tracker].filter((id) => !elsewhere.has(id)));
}

/**
 * Each language's translations arrive in parts, with the code that shows them: the form's
 * with the first language chunk, the tracker's with the tracker (imported as
 * `…/locales/zh-Hans.js?tracker`). The resident app's strings (`app-…`) are the app's build's.
 *
 * Hashed ids are cut to 6 characters in these chunks (random hex is what compresses worst),
 * and lit-localize's lookup is taught the same; the build fails if two ids would meet.
 */
export function localeParts(): Plugin {
  let trackerIds: Set<string> | undefined;
  return {
    name: 'locale-parts',
    buildStart() {
      trackerIds = trackerOnlyIds((message) => this.error(message));
    },
    transform(code, id) {
      if (/\/node_modules\/@lit\/localize\/internal\/runtime-msg\.js$/.test(id)) {
        const patched = code.replace('const localized = templates[id];', `const localized = templates[options?.id ? id : id.slice(0, ${SHORT_ID})];`);
        if (patched === code) this.error('lit-localize changed: its lookup of translations is not where it was');
        return patched;
      }
      const match = /\/widget\/generated\/locales\/[^/?]+\.js(\?tracker)?$/.exec(id);
      if (!match) return null;
      const forTracker = Boolean(match[1]);
      const seen = new Map<string, string>();
      return code.replace(LOCALE_ENTRY, (entry: string, key: string) => {
        const trackers = trackerIds!.has(key);
        if (key.startsWith('app-') || trackers !== forTracker) return '';
        if (!HASHED_ID.test(key)) return entry;
        const short = key.slice(0, SHORT_ID);
        if (seen.has(short)) this.error(`messages ${seen.get(short)} and ${key} share the id ${short}: lengthen SHORT_ID`);
        seen.set(short, key);
        return entry.replace(`'${key}'`, `'${short}'`);
      });
    },
  };
}
