/** Defines a custom element once: loading the portal twice, or beside another copy, is harmless. */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
