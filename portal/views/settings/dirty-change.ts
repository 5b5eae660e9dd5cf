import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells the settings screen when a section that changes things one at a time (the webhooks, the
 * Open311 keys, the staff) has something typed and not yet sent, or no longer: a `dirty-change`
 * event on the section after each update that turns `dirty`, so the screen marks it in its list.
 */
export class DirtyChange implements ReactiveController {
  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #dirty: () => boolean;
  #was = false;

  constructor(host: ReactiveControllerHost & EventTarget, dirty: () => boolean) {
    this.#host = host;
    this.#dirty = dirty;
    host.addController(this);
  }

  hostUpdated(): void {
    const dirty = this.#dirty();
    if (dirty === this.#was) return;
    this.#was = dirty;
    this.#host.dispatchEvent(new Event('dirty-change'));
  }
}
