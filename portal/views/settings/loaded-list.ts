import { type ReactiveController, type ReactiveControllerHost, type TemplateResult, html } from 'lit';
import { msg } from '@lit/localize';

export type ListLoad<T> = { kind: 'loading' } | { kind: 'loaded'; items: T[] } | { kind: 'failed'; message: string };

/**
 * A list a settings section asks the service for when it is shown (the staff, the Open311 keys,
 * the webhooks) and then keeps up to date one item at a time from the answers to its changes.
 * Loading again aborts the request before; leaving the page aborts the one on its way.
 */
export class LoadedList<T extends { id: string }> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #fetch: (signal: AbortSignal) => Promise<T[]>;
  readonly #failure: (error: unknown) => string;
  #abort: AbortController | undefined;
  #state: ListLoad<T> = { kind: 'loading' };

  constructor(host: ReactiveControllerHost, fetch: (signal: AbortSignal) => Promise<T[]>, failure: (error: unknown) => string) {
    this.#host = host;
    this.#fetch = fetch;
    this.#failure = failure;
    host.addController(this);
  }

  get state(): ListLoad<T> {
    return this.#state;
  }

  /** The items as loaded (none while loading or after a failure). */
  get items(): T[] {
    return this.#state.kind === 'loaded' ? this.#state.items : [];
  }

  hostConnected(): void {
    void this.load();
  }

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  async load(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#set({ kind: 'loading' });
    try {
      this.#set({ kind: 'loaded', items: await this.#fetch(abort.signal) });
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this.#set({ kind: 'failed', message: this.#failure(error) });
    }
  }

  /** Puts the item as the service answered in the place of the one with its id, or adds it at the end. */
  replace(item: T): void {
    const items = this.items;
    const at = items.findIndex((i) => i.id === item.id);
    this.#set({ kind: 'loaded', items: at < 0 ? [...items, item] : items.map((i, n) => (n === at ? item : i)) });
  }

  /** Takes the item with this id off the list (the service answered that it is gone). */
  remove(id: string): void {
    this.#set({ kind: 'loaded', items: this.items.filter((i) => i.id !== id) });
  }

  /**
   * The list as the section draws it: `loading` while it comes, the reason and a Try again
   * button when it could not come, else what `loaded` draws of the items.
   */
  render(loading: string, loaded: (items: T[]) => TemplateResult): TemplateResult {
    const state = this.#state;
    if (state.kind === 'loading') return html`<p role="status" class="muted">${loading}</p>`;
    if (state.kind === 'failed')
      return html`<div role="alert" class="problem-box">
        <p>${state.message}</p>
        <button type="button" class="secondary" @click=${() => void this.load()}>${msg('Try again')}</button>
      </div>`;
    return loaded(state.items);
  }

  #set(state: ListLoad<T>): void {
    this.#state = state;
    this.#host.requestUpdate();
  }
}
