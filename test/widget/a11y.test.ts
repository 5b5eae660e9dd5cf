import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { AxeResults, RunOptions } from 'axe-core';
import '../../widget/index.ts';
import type { ComplaintForm } from '../../widget/index.ts';
import type { ComplaintTracker } from '../../widget/complaint-tracker/define.ts';
import { $, apiOrigin, choose, mount, type, unmountAll, until } from './helpers.ts';

/**
 * Accessibility in real Chromium: axe-core (it reads open shadow roots) against WCAG 2.2 A and
 * AA, and by script what axe does not measure — type size, touch target size, a visible focus
 * ring reached with the keyboard — in each state a resident sees, in English and Chinese.
 */

declare global {
  interface Window {
    axe?: { run(context: Element, options: RunOptions): Promise<AxeResults> };
  }
}

const WCAG: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } };

async function axe(): Promise<NonNullable<Window['axe']>> {
  if (!window.axe) {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/axe.min.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('could not load /axe.min.js'));
      document.head.append(script);
    });
  }
  return window.axe!;
}

/** Every WCAG A/AA violation axe finds in the element and its shadow root, described for a person. */
async function violations(element: Element): Promise<string[]> {
  const results = await (await axe()).run(element, { ...WCAG, resultTypes: ['violations', 'passes'] });
  // a node inside a shadow root is named by a path of selectors: axe did look inside
  const insideShadow = results.passes.flatMap((rule) => rule.nodes).filter((node) => Array.isArray(node.target[0]));
  expect(insideShadow, 'axe checked nodes inside the shadow root').to.not.be.empty;
  return results.violations.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${v.help} — ${node.target.join(' › ')}: ${node.failureSummary ?? ''}`));
}

/** The controls a resident touches, in the element's shadow root, as drawn. */
function controls(element: Element): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('input, select, textarea, button')].filter((control) => {
    const box = control.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && getComputedStyle(control).visibility !== 'hidden';
  });
}

const describeControl = (control: HTMLElement) => `${control.localName}${control.id ? `#${control.id}` : ''}${control.textContent?.trim() ? ` "${control.textContent.trim().slice(0, 30)}"` : ''}`;

/** Type of at least 16px (no zoom on focus in mobile Safari) and targets at least 44px high. */
function sizeProblems(element: Element): string[] {
  const problems: string[] = [];
  for (const control of controls(element)) {
    const fontSize = Number.parseFloat(getComputedStyle(control).fontSize);
    if (fontSize < 16) problems.push(`${describeControl(control)}: font-size ${fontSize}px`);
    const kind = (control as HTMLInputElement).type;
    // a checkbox or radio button is as large as the label that toggles it
    const target = ['checkbox', 'radio'].includes(kind) ? (control.closest('label') ?? (control as HTMLInputElement).labels?.[0] ?? control) : control;
    const height = target.getBoundingClientRect().height;
    if (height < 44) problems.push(`${describeControl(control)}: ${Math.round(height)}px high`);
  }
  return problems;
}

/** The element that has the keyboard focus, inside shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Tabs through the element with the real keyboard: every control must be reached, and each
 * shows a focus ring (an outline of at least 2px, or a box shadow) while it has the focus.
 */
async function focusProblems(element: Element): Promise<string[]> {
  const wanted = controls(element).filter((control) => !(control as HTMLButtonElement).disabled);
  expect(wanted, 'controls to reach with the keyboard').to.not.be.empty;
  const before = document.createElement('button');
  before.textContent = 'before';
  element.before(before);
  before.focus();
  const problems: string[] = [];
  const reached = new Set<Element>();
  try {
    for (let step = 0; step < wanted.length + 10; step += 1) {
      await sendKeys({ press: 'Tab' });
      const active = deepActive();
      if (!active || !element.shadowRoot!.contains(active)) break;
      reached.add(active);
      const style = getComputedStyle(active);
      const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2;
      if (!outline && style.boxShadow === 'none') problems.push(`${describeControl(active as HTMLElement)}: no visible focus style`);
    }
  } finally {
    before.remove();
  }
  for (const control of wanted) if (!reached.has(control)) problems.push(`${describeControl(control)}: not reached with the Tab key`);
  return problems;
}

async function expectAccessible(element: Element, state: string): Promise<void> {
  expect(await violations(element), `axe, ${state}`).to.deep.equal([]);
  expect(sizeProblems(element), `sizes, ${state}`).to.deep.equal([]);
  expect(await focusProblems(element), `focus, ${state}`).to.deep.equal([]);
}

async function form(lang: string): Promise<ComplaintForm> {
  const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="demo-community" lang="${lang}"></complaint-form>`);
  await until(() => $(element, 'form #category option:nth-child(3)'), 'the form with its categories');
  await element.updateComplete;
  return element;
}

async function fileOne(): Promise<{ reference: string; accessCode: string }> {
  const response = await fetch(`${apiOrigin()}/api/v1/sites/demo-community/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ category: 'repair-water-electric', description: '3号楼地下车库的灯不亮。', place: { unit: '3-1' }, answers: { 'still-happening': 'yes' }, consent: true }),
  });
  expect(response.status).to.equal(201);
  return (await response.json()) as { reference: string; accessCode: string };
}

afterEach(() => unmountAll());

for (const lang of ['en', 'zh-Hans']) {
  describe(`accessibility (${lang})`, function () {
    this.timeout(30_000);

    it('the form as it loads, with an emergency category and its questions chosen', async () => {
      const element = await form(lang);
      await expectAccessible(element, 'loaded');
      choose($(element, '#category') as HTMLSelectElement, 'fire');
      await until(() => $(element, '[part="emergency"]'), 'the emergency instruction');
      await expectAccessible(element, 'emergency category');
    });

    it('the form with its validation errors shown', async () => {
      const element = await form(lang);
      ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
      await until(() => $(element, '[aria-invalid="true"]'), 'the errors');
      await element.updateComplete;
      await expectAccessible(element, 'validation errors');
    });

    it('the receipt after filing', async () => {
      const element = await form(lang);
      choose($(element, '#category') as HTMLSelectElement, 'facilities');
      type($(element, '#description') as HTMLTextAreaElement, lang === 'en' ? 'The lift in building 5 is stuck.' : '5号楼电梯停在一楼不动了。');
      type($(element, '[id="place.unit"]') as HTMLInputElement, '5-1');
      // the community office asks for consent to its terms
      $(element, '#consent')?.click();
      ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
      await until(() => $(element, '[data-testid="reference"]'), 'the receipt', 10_000);
      await element.updateComplete;
      await expectAccessible(element, 'receipt');
    });

    it('the tracker’s lookup form and a complaint it found', async () => {
      const lookup = await mount<ComplaintTracker>(`<complaint-tracker api="${apiOrigin()}" site="demo-community" lang="${lang}"></complaint-tracker>`);
      await until(() => $(lookup, 'form'), 'the lookup form');
      await expectAccessible(lookup, 'lookup form');

      const filed = await fileOne();
      const found = await mount<ComplaintTracker>(
        `<complaint-tracker api="${apiOrigin()}" site="demo-community" lang="${lang}" reference="${filed.reference}" access-code="${filed.accessCode}"></complaint-tracker>`,
      );
      await until(() => $(found, '[part="badge"]'), 'the complaint', 10_000);
      await found.updateComplete;
      await expectAccessible(found, 'found complaint');
    });
  });
}
