import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { DEMO_SITES } from '../../api/seed/demo-sites.ts';

/**
 * Each demo site themes the widget its own way, through --complaint-* custom properties, in
 * colours people can read; its seeded theme (the resident app's colours) is the same.
 */
const SITES = ['community', 'hotel', 'bureau'] as const;

/** custom properties declared in the rule whose selector is exactly `selector` */
function declarations(css: string, selector: RegExp): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, body] of css.matchAll(new RegExp(`(?:^|\\})\\s*${selector.source}\\s*\\{([^}]*)\\}`, 'g'))) {
    for (const [, name, value] of body!.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) found.set(name!, value!.trim());
  }
  return found;
}

const stylesheet = (site: (typeof SITES)[number]): string =>
  readFileSync(fromRoot('demo', site, `${site}.css`), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** the site's widget theme, with var() references to the page's :root resolved */
function widgetTheme(site: (typeof SITES)[number]): Map<string, string> {
  const css = stylesheet(site);
  const root = declarations(css, /:root/);
  const theme = declarations(css, /complaint-form,\s*complaint-tracker/);
  const resolve = (value: string): string => value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => resolve(root.get(name) ?? theme.get(name) ?? ''));
  return new Map([...theme].map(([name, value]) => [name, resolve(value).toLowerCase()]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string): number => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
};

describe('demo site themes', () => {
  for (const site of SITES) {
    const theme = widgetTheme(site);
    const seeded = DEMO_SITES.find((s) => s.key === `demo-${site}`)!;

    it(`${site}: the seeded theme is the demo page's`, () => {
      expect(theme.get('--complaint-accent')).toBe(seeded.theme.accent.toLowerCase());
      const page = stylesheet(site);
      const background = /body\s*\{[^}]*background:\s*var\((--[\w-]+)\)/.exec(page)?.[1];
      expect(declarations(page, /:root/).get(background!)?.toLowerCase()).toBe(seeded.theme.background.toLowerCase());
    });

    it(`${site}: text on the accent, text and hints on the panel, errors: at least 4.5:1`, () => {
      const colour = (name: string) => {
        const value = theme.get(name);
        expect(value, name).toMatch(/^#[0-9a-f]{6}$/);
        return value!;
      };
      expect(contrast(colour('--complaint-accent'), colour('--complaint-accent-text'))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour('--complaint-text'), colour('--complaint-surface'))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour('--complaint-muted'), colour('--complaint-surface'))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour('--complaint-error'), colour('--complaint-surface'))).toBeGreaterThanOrEqual(4.5);
      // the outlined buttons: accent lettering on the panel
      expect(contrast(colour('--complaint-accent'), colour('--complaint-surface'))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('the three look different', () => {
    const looks = SITES.map((site) => {
      const theme = widgetTheme(site);
      return ['--complaint-accent', '--complaint-surface', '--complaint-radius', '--complaint-font'].map((name) => theme.get(name)).join(' ');
    });
    expect(new Set(looks).size).toBe(3);
    expect(new Set(DEMO_SITES.map((s) => s.theme.accent)).size).toBe(3);
  });
});
