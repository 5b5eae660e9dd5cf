import { expect } from 'chai';
import { msg } from '@lit/localize';
import { addTranslations, currentLocale, useLocale } from '../../widget/shared/locale.ts';

/*
 * The widget's translations come in parts: the form's with the first language chunk, the
 * tracker's with the tracker's code. A part that arrives while the page's language is still
 * loading must not be left out of it (the tracker's button stayed in English when its code came
 * during the first load).
 */

describe('translations in parts', () => {
  after(() => useLocale('en'));

  it('adds a part that arrives while the language is still on its way', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // a part already there, whose load is slow: the language's load waits for it
    await addTranslations({ 'zh-Hans': () => held.then(() => ({ templates: { 'test-first': '第一部分' } })), 'zh-Hant': async () => ({ templates: {} }) });
    const switching = useLocale('zh-Hans');
    // the tracker's code arrives now, before the language has loaded
    const adding = addTranslations({ 'zh-Hans': async () => ({ templates: { 'test-later': '后来的部分' } }), 'zh-Hant': async () => ({ templates: {} }) });
    release();
    await switching;
    await adding;
    expect(currentLocale()).to.equal('zh-Hans');
    expect(msg('First part', { id: 'test-first' })).to.equal('第一部分');
    expect(msg('A part that came later', { id: 'test-later' })).to.equal('后来的部分');
  });

  it('adds a part that arrives after the language has loaded, at once', async () => {
    await useLocale('zh-Hans');
    await addTranslations({ 'zh-Hans': async () => ({ templates: { 'test-afterwards': '之后的部分' } }), 'zh-Hant': async () => ({ templates: {} }) });
    expect(msg('Afterwards', { id: 'test-afterwards' })).to.equal('之后的部分');
  });
});
