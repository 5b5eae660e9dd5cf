import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { type TestApi, startTestApi } from '../support/api.ts';

/**
 * The custom elements manifest `npm run build` generates from the elements' JSDoc: what an
 * editor, a storybook or a site owner's tooling learns about the two elements.
 */
interface Named {
  name: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: (Named & { fieldName?: string })[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Manifest {
  schemaVersion: string;
  modules: { path: string; declarations?: Declaration[]; exports?: { kind: string; name: string }[] }[];
}

const MANIFEST = fromRoot('dist', 'widget', 'custom-elements.json');
let api: TestApi;
let manifest: Manifest;

beforeAll(async () => {
  if (!existsSync(MANIFEST)) throw new Error('dist/widget/custom-elements.json is missing: run `npm run build` (npm test does it first)');
  manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const element = (tag: string): Declaration => {
  const found = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
  if (!found) throw new Error(`<${tag}> is not in the manifest`);
  return found;
};
const names = (list: Named[] | undefined) => (list ?? []).map((item) => item.name);

/** every `part="…"` an element's templates render, read from the sources in its folder */
function partsRendered(folder: string): string[] {
  const parts = new Set<string>();
  for (const file of readdirSync(fromRoot('widget', folder))) {
    if (!file.endsWith('.ts') || file.endsWith('.styles.ts')) continue;
    for (const [, part] of readFileSync(fromRoot('widget', folder, file), 'utf8').matchAll(/\bpart="([\w-]+)"/g)) parts.add(part!);
  }
  return [...parts];
}

/** every --complaint-* property the shared styles and the element's own styles read */
function propertiesRead(folder: string): string[] {
  const sources = [fromRoot('widget', 'shared', 'styles.ts'), fromRoot('widget', folder, `${folder}.styles.ts`)];
  return [...new Set(sources.flatMap((path) => [...readFileSync(path, 'utf8').matchAll(/var\((--complaint-[\w-]+)/g)].map((m) => m[1]!)))];
}

describe('custom-elements.json', () => {
  it('is served at /custom-elements.json to any origin, and package.json points at it', async () => {
    const response = await api.app.request('/custom-elements.json', { headers: { Origin: 'https://some-community.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual(manifest);
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { customElements?: string };
    expect(pkg.customElements).toBe('dist/widget/custom-elements.json');
    expect(manifest.schemaVersion).toMatch(/^\d+\.\d+/);
  });

  it('registers both tags', () => {
    const definitions = manifest.modules.flatMap((m) => m.exports ?? []).filter((e) => e.kind === 'custom-element-definition');
    expect(definitions.map((d) => d.name).sort()).toEqual(['complaint-form', 'complaint-tracker']);
  });

  it('<complaint-form>: its attributes and the three events a page listens for', () => {
    const form = element('complaint-form');
    expect(form.customElement).toBe(true);
    expect(names(form.attributes)).toEqual(expect.arrayContaining(['api', 'site', 'lang']));
    expect(names(form.events)).toEqual(expect.arrayContaining(['complaint-submitted', 'complaint-queued', 'complaint-failed']));
  });

  it('<complaint-tracker>: its attributes, including the ones a link opens a complaint with', () => {
    const tracker = element('complaint-tracker');
    expect(names(tracker.attributes)).toEqual(expect.arrayContaining(['api', 'site', 'lang', 'reference', 'access-code']));
  });

  for (const [tag, folder] of [
    ['complaint-form', 'complaint-form'],
    ['complaint-tracker', 'complaint-tracker'],
  ] as const) {
    it(`<${tag}>: no internal state is offered as an attribute`, () => {
      expect(names(element(tag).attributes).filter((name) => name.startsWith('_'))).toEqual([]);
    });

    it(`<${tag}>: every part it renders is documented`, () => {
      const rendered = partsRendered(folder);
      expect(rendered).toEqual(expect.arrayContaining(['form', 'title', 'field', 'button', 'status']));
      expect(names(element(tag).cssParts)).toEqual(expect.arrayContaining(rendered));
    });

    it(`<${tag}>: every --complaint-* property its styles read is documented`, () => {
      const read = propertiesRead(folder);
      expect(read).toEqual(expect.arrayContaining(['--complaint-accent', '--complaint-text', '--complaint-font']));
      expect(names(element(tag).cssProperties)).toEqual(expect.arrayContaining(read));
    });
  }
});
