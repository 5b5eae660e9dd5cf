import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { SIMPLIFIED_ONLY, TRADITIONAL_ONLY, charactersIn } from './chinese-scripts.ts';

/** trans-unit id → { source, target } of one XLIFF file */
function units(xliff: string): Map<string, { source: string; target: string | undefined }> {
  const found = new Map<string, { source: string; target: string | undefined }>();
  for (const match of xliff.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)) {
    const body = match[2]!;
    found.set(match[1]!, {
      source: /<source>([\s\S]*?)<\/source>/.exec(body)?.[1] ?? '',
      target: /<target>([\s\S]*?)<\/target>/.exec(body)?.[1],
    });
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/<x id="(\d+)"/g)].map((m) => m[1]).sort();

/** The widget and the portal each have their own strings, XLIFF files and lit-localize config. */
const PARTS = [
  { name: 'widget', config: 'lit-localize.json', xliff: 'widget/xliff', minimum: 50 },
  { name: 'portal', config: 'lit-localize.portal.json', xliff: 'portal/xliff', minimum: 300 },
] as const;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Extracts the strings the code uses now, into a scratch folder, with the project's own tool. */
function extract(configFile: string): Map<string, { source: string; target: string | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-xliff-'));
  dirs.push(dir);
  const config = JSON.parse(readFileSync(fromRoot(configFile), 'utf8'));
  config.interchange.xliffDir = join(dir, 'xliff');
  config.inputFiles = config.inputFiles.map((glob: string) => fromRoot(glob));
  delete config.$schema;
  writeFileSync(join(dir, 'lit-localize.json'), JSON.stringify(config));
  execFileSync(fromRoot('node_modules', '.bin', 'lit-localize'), ['extract', '--config', join(dir, 'lit-localize.json')], {
    cwd: fromRoot(),
    stdio: 'pipe',
  });
  return units(readFileSync(join(dir, 'xliff', 'zh-Hans.xlf'), 'utf8'));
}

for (const part of PARTS) {
  describe(`${part.name} translations`, () => {
    let fresh: Map<string, { source: string; target: string | undefined }>;
    const committedIn = (locale: string) => units(readFileSync(fromRoot(part.xliff, `${locale}.xlf`), 'utf8'));
    beforeAll(() => {
      fresh = extract(part.config);
    }, 60_000);

    it('the code has user-visible strings', () => {
      expect(fresh.size).toBeGreaterThan(part.minimum);
    });

    for (const locale of ['zh-Hans', 'zh-Hant'] as const) {
      it(`${locale}: every string the ${part.name} shows is translated, with its placeholders`, () => {
        const committed = committedIn(locale);
        const untranslated = [...fresh.entries()]
          .filter(([id]) => !committed.get(id)?.target?.trim())
          .map(([, unit]) => unit.source);
        expect(untranslated, `untranslated in ${part.xliff}/${locale}.xlf — run npm run localize:extract and add <target>s`).toEqual([]);
        for (const [id, unit] of committed) {
          if (unit.target) expect(placeholders(unit.target), `${locale} ${id}: ${unit.source}`).toEqual(placeholders(unit.source));
        }
      });
    }

    it('zh-Hant is not a copy of zh-Hans', () => {
      const hans = committedIn('zh-Hans');
      const hant = committedIn('zh-Hant');
      const same = [...hans].filter(([id, unit]) => hant.get(id)?.target === unit.target && /[\u4e00-\u9fff]{4}/.test(unit.target ?? ''));
      expect(same.length).toBeLessThan(hans.size / 5);
    });

    it('each Chinese translation is written in its own script', () => {
      const hans = committedIn('zh-Hans');
      const hant = committedIn('zh-Hant');
      const slips = [
        ...[...hant].filter(([, unit]) => charactersIn(unit.target ?? '', SIMPLIFIED_ONLY).length).map(([, unit]) => `zh-Hant: ${unit.target}`),
        ...[...hans].filter(([, unit]) => charactersIn(unit.target ?? '', TRADITIONAL_ONLY).length).map(([, unit]) => `zh-Hans: ${unit.target}`),
      ];
      expect(slips).toEqual([]);
    });
  });
}
