import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../api/contract/common.ts';
import { DEMO_SITES } from '../../api/seed/demo-sites.ts';
import { SIMPLIFIED_ONLY, TRADITIONAL_ONLY, charactersIn } from './chinese-scripts.ts';

/**
 * What the demonstration organisations show residents — their names, categories, questions and
 * options, emergency instructions, consent text, departments — in all three languages.
 */
interface Found {
  path: string;
  text: Record<string, unknown>;
}

const isLocalized = (value: object): boolean => LOCALES.some((locale) => locale in value);

/** every localized text in a site, with where it is */
function localizedTexts(value: unknown, path: string, found: Found[] = []): Found[] {
  if (Array.isArray(value)) value.forEach((item, i) => localizedTexts(item, `${path}[${i}]`, found));
  else if (value && typeof value === 'object') {
    if (isLocalized(value)) found.push({ path, text: value as Record<string, unknown> });
    else for (const [key, inner] of Object.entries(value)) localizedTexts(inner, `${path}.${key}`, found);
  }
  return found;
}

const CJK = /[\u3400-\u9fff]/;

describe('the demonstration sites’ texts', () => {
  for (const site of DEMO_SITES) {
    const texts = localizedTexts(site, site.key);

    it(`${site.key}: every text the resident sees is there to translate`, () => {
      const paths = texts.map((t) => t.path.replace(/\[\d+\]/g, '[]'));
      for (const expected of ['.name', '.policy.categories[].name', '.policy.departments[].name']) {
        expect(paths, `${site.key}${expected}`).toContain(`${site.key}${expected}`);
      }
      if (site.policy.consentText) expect(paths).toContain(`${site.key}.policy.consentText`);
      const emergencies = site.policy.categories.filter((c) => c.emergency).length;
      expect(paths.filter((p) => p.endsWith('.emergency.instruction'))).toHaveLength(emergencies);
      const questions = site.policy.categories.flatMap((c) => c.questions);
      expect(paths.filter((p) => p.endsWith('.questions[].label'))).toHaveLength(questions.length);
      expect(paths.filter((p) => p.endsWith('.options[].label'))).toHaveLength(questions.flatMap((q) => q.options ?? []).length);
    });

    it(`${site.key}: each text is complete in en, zh-Hans and zh-Hant`, () => {
      const incomplete = texts.filter(({ text }) => LOCALES.some((locale) => typeof text[locale] !== 'string' || !(text[locale] as string).trim()));
      expect(incomplete.map((t) => t.path)).toEqual([]);
      // each language in its own script: no Chinese left in English, Chinese in both Chinese texts
      expect(texts.filter(({ text }) => CJK.test(text.en as string)).map((t) => t.path)).toEqual([]);
      expect(texts.filter(({ text }) => !CJK.test(text['zh-Hans'] as string) || !CJK.test(text['zh-Hant'] as string)).map((t) => t.path)).toEqual([]);
    });

    it(`${site.key}: Traditional Chinese is written in Traditional characters, Simplified in Simplified`, () => {
      const slips = texts.flatMap(({ path, text }) => {
        const hans = text['zh-Hans'] as string;
        const hant = text['zh-Hant'] as string;
        const problems: string[] = [];
        const simplifiedInHant = charactersIn(hant, SIMPLIFIED_ONLY);
        const traditionalInHans = charactersIn(hans, TRADITIONAL_ONLY);
        if (simplifiedInHant.length) problems.push(`${path} zh-Hant "${hant}" has Simplified ${simplifiedInHant.join('')}`);
        if (traditionalInHans.length) problems.push(`${path} zh-Hans "${hans}" has Traditional ${traditionalInHans.join('')}`);
        if (charactersIn(hans, SIMPLIFIED_ONLY).length && hans === hant) problems.push(`${path}: zh-Hant is a copy of zh-Hans "${hans}"`);
        return problems;
      });
      expect(slips).toEqual([]);
    });
  }

  it('the three sites differ in name in every language', () => {
    for (const locale of LOCALES) expect(new Set(DEMO_SITES.map((s) => s.name[locale])).size).toBe(DEMO_SITES.length);
  });
});
