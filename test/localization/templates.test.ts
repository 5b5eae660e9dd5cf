import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';

/**
 * No words written straight into a template: what a resident reads must come from msg() (or
 * from the site's own localized texts), or it stays English on a Chinese page. This reads the
 * static parts of every html`` and svg`` template in widget/ — text between tags, and the
 * attributes a screen reader or a tooltip shows — and flags any letter or Chinese character.
 */
const WORDS = /[A-Za-z\u3400-\u9fff]/;
const SPOKEN_ATTRIBUTES = /\s(aria-label|aria-description|aria-roledescription|aria-placeholder|aria-valuetext|title|alt|placeholder)="([^"]*)"/g;
/** stands for an interpolation `${…}`: its value is translated where it is made */
const HOLE = '\u0000';

function widgetSources(dir = fromRoot('widget')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : widgetSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The static text of each html`` / svg`` template in a source file, interpolations as HOLE. */
function templates(path: string): { line: number; markup: string }[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { line: number; markup: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ['html', 'svg'].includes(node.tag.getText())) {
      const template = node.template;
      const markup = ts.isNoSubstitutionTemplateLiteral(template)
        ? template.text
        : [template.head.text, ...template.templateSpans.map((span) => span.literal.text)].join(HOLE);
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, markup });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Words in a template that no translation reaches. */
function untranslatedText(markup: string): string[] {
  const words: string[] = [];
  const withoutComments = markup.replace(/<!--[\s\S]*?-->/g, '');
  // text between tags (and before the first or after the last one)
  for (const text of withoutComments.split(/<[^>]*>/)) {
    const plain = text.replaceAll(HOLE, ' ').replace(/&[a-z]+;|&#\d+;/gi, ' ').trim();
    if (WORDS.test(plain)) words.push(plain);
  }
  for (const [, attribute, value] of withoutComments.matchAll(SPOKEN_ATTRIBUTES)) {
    const plain = value!.replaceAll(HOLE, ' ').trim();
    if (WORDS.test(plain)) words.push(`${attribute}="${plain}"`);
  }
  return words;
}

describe('widget templates', () => {
  const files = widgetSources();

  it('the check itself finds words outside msg(), and only those', () => {
    expect(untranslatedText(`<p>${HOLE}</p><button aria-label=${HOLE}>${HOLE}</button>`)).toEqual([]);
    expect(untranslatedText(`<span class="x">${HOLE} · ${HOLE}</span><!-- a note -->`)).toEqual([]);
    expect(untranslatedText('<h2>File a complaint</h2>')).toEqual(['File a complaint']);
    expect(untranslatedText(`<p>${HOLE} more</p>`)).toEqual(['more']);
    expect(untranslatedText('<button title="关闭">×</button>')).toEqual(['title="关闭"']);
    expect(untranslatedText('<img alt="Photo" src="x">')).toEqual(['alt="Photo"']);
  });

  it('every template in widget/ takes its words from msg()', () => {
    const sources = files.flatMap((path) => templates(path).map((t) => ({ ...t, path })));
    expect(sources.length).toBeGreaterThan(10);
    const bare = sources.flatMap(({ path, line, markup }) => untranslatedText(markup).map((words) => `${relative(fromRoot(), path)}:${line}: ${words}`));
    expect(bare).toEqual([]);
  });
});
