import { expect } from 'chai';
import type { AxeResults, RunOptions } from 'axe-core';
import type { LitElement } from 'lit';
import type { PublicSite } from '../../api/contract/site.ts';
import type { Role } from '../../api/contract/staff.ts';
import type { PortalContext } from '../../portal/shared/context.ts';
import { StaffApi } from '../../portal/shared/staff-api.ts';

/*
 * What the portal's component tests share: the context a screen is given, putting screens in the
 * page and taking them away, and the accessibility checks every screen passes (axe, touch targets
 * of 44px, type of 16px).
 */

// — the context —

/** The member of staff signed in, and the departments they work. */
export interface Member {
  id: string;
  email: string;
  name: string;
  departments?: string[];
}

export const LEE: Member = { id: 'user-lee', email: 'lee@example.cn', name: 'Lee' };

/**
 * What `<complaint-portal>` gives a screen, for `member` with `roles` on `publicSite`, with the
 * staff API at `origin` (this page's own by default), where msw answers. `navigated` collects
 * where the screen asked to go.
 */
export function portalContext(
  publicSite: PublicSite,
  roles: Role[],
  options: { origin?: string; member?: Member; navigated?: string[]; csrfToken?: string; expiresAt?: string } = {},
): PortalContext {
  const { departments = [], ...member } = options.member ?? LEE;
  const site = publicSite.key;
  return {
    api: new StaffApi(options.origin ?? location.origin),
    session: {
      user: { ...member, memberships: [{ site, roles, departments }], superadmin: false },
      csrfToken: options.csrfToken ?? 'csrf-token',
      expiresAt: options.expiresAt ?? new Date(Date.now() + 3_600_000).toISOString(),
    },
    site,
    publicSite,
    roles,
    navigate: (path) => void options.navigated?.push(path),
    href: (path) => `/portal/${site}/${path}`.replace(/\/$/, ''),
  };
}

// — screens in the page —

const mounted: Element[] = [];

/**
 * Puts a screen in the page as the portal does — its properties (the context first of all) set
 * before it is connected — inside an element of language `lang` if given, with `style` (e.g. its
 * width), and waits for its first render.
 */
export async function mountScreen<E extends LitElement>(tag: string, properties: Partial<E>, options: { lang?: string; style?: string } = {}): Promise<E> {
  const host = document.createElement('div');
  if (options.lang) host.lang = options.lang;
  const element = Object.assign(document.createElement(tag) as E, properties);
  if (options.style) element.style.cssText = options.style;
  host.append(element);
  document.body.append(host);
  mounted.push(host);
  await element.updateComplete;
  return element;
}

/** Takes every screen out of the page: each test starts on an empty one. */
export function unmountScreens(): void {
  for (const host of mounted.splice(0)) host.remove();
}

export const $$ = <E extends Element = HTMLElement>(element: Element, selector: string): E[] => [...element.shadowRoot!.querySelectorAll<E>(selector)];

/** The element with the keyboard focus, inside shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The live streams (EventSource) closed while `run` runs. */
export async function closedStreams(run: () => Promise<void>): Promise<EventSource[]> {
  const closed: EventSource[] = [];
  const close = EventSource.prototype.close;
  EventSource.prototype.close = function (this: EventSource) {
    closed.push(this);
    close.call(this);
  };
  try {
    await run();
  } finally {
    EventSource.prototype.close = close;
  }
  return closed;
}

/** The element and every element with a shadow root inside it, through the shadow roots. */
function shadowRoots(element: Element): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  const walk = (node: Element) => {
    if (!node.shadowRoot) return;
    roots.push(node.shadowRoot);
    for (const child of node.shadowRoot.querySelectorAll('*')) walk(child);
  };
  walk(element);
  return roots;
}

// — accessibility —

type Axe = { run(context: Element, options: RunOptions): Promise<AxeResults> };

/** WCAG 2.2, levels A and AA. */
const WCAG: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } };

/** axe-core, a UMD script the test runner serves at /axe.min.js, loaded once per page. */
async function axe(): Promise<Axe> {
  const loaded = (window as { axe?: Axe }).axe;
  if (loaded) return loaded;
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('could not load /axe.min.js'));
    document.head.append(script);
  });
  return (window as unknown as { axe: Axe }).axe;
}

/**
 * Every WCAG 2.2 A and AA violation axe finds in the element, one line each; axe reads open shadow
 * roots, and this makes sure it did. `options` add to the rules (e.g. `iframes: false`).
 */
export async function axeViolations(element: Element, options: RunOptions = {}): Promise<string[]> {
  const results = await (await axe()).run(element, { ...WCAG, ...options, resultTypes: ['violations', 'passes'] });
  // a node inside a shadow root is named by a path of selectors
  expect(results.passes.flatMap((rule) => rule.nodes).some((node) => Array.isArray(node.target[0])), 'axe looked inside the shadow roots').to.equal(true);
  return results.violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${v.help} — ${JSON.stringify(node.target)}: ${node.failureSummary ?? ''}`));
}

/**
 * The controls (`selector`) in every shadow root of the element that are under 44px high — a
 * checkbox or radio counts with its label — or have type under 16px. Controls not drawn are passed over.
 */
export function sizeProblems(element: Element, selector = 'input, select, textarea, button'): string[] {
  const problems: string[] = [];
  for (const scope of shadowRoots(element)) {
    for (const control of scope.querySelectorAll<HTMLElement>(selector)) {
      const box = control.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue;
      const kind = (control as HTMLInputElement).type;
      const target = ['checkbox', 'radio'].includes(kind) ? (control.closest('label') ?? control.parentElement ?? control) : control;
      const name = `${control.localName}#${control.id || control.textContent?.replace(/\s+/g, ' ').trim().slice(0, 30)}`;
      const height = target.getBoundingClientRect().height;
      if (height < 44) problems.push(`${name}: ${Math.round(height)}px high`);
      if (Number.parseFloat(getComputedStyle(control).fontSize) < 16) problems.push(`${name}: type under 16px`);
    }
  }
  return problems;
}
