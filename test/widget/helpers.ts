import type { LitElement } from 'lit';

/** The origin of the real API the test runner started: another origin than this page. */
export const apiOrigin = (): string => document.querySelector<HTMLMetaElement>('meta[name="complaint-api"]')!.content;

const mounted: Element[] = [];

/** Puts markup in the page as a site owner would and waits for the element's first render. */
export async function mount<T extends LitElement>(markup: string): Promise<T> {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  mounted.push(host);
  const element = host.firstElementChild as T;
  // the tracker's code loads on demand, when the first one appears in the page
  await customElements.whenDefined(element.localName);
  await element.updateComplete;
  return element;
}

export function unmountAll(): void {
  for (const host of mounted.splice(0)) host.remove();
}

/** Waits until `check` returns something truthy (the element is rendering async work). */
export async function until<T>(check: () => T | null | undefined | false, what = 'condition', timeoutMs = 5000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const shadow = (element: Element): ShadowRoot => element.shadowRoot!;
export const $ = <E extends Element = HTMLElement>(element: Element, selector: string): E | null =>
  shadow(element).querySelector<E>(selector);
export const text = (element: Element): string => shadow(element).textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Types into an input the way a browser reports it: value, then an input event. */
export function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.focus();
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function choose(select: HTMLSelectElement, value: string): void {
  select.focus();
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}
