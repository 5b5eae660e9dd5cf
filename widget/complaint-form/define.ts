import { ComplaintForm } from './complaint-form.ts';

// Loading the script twice must not break the page: define once, keep the first.
if (!customElements.get('complaint-form')) customElements.define('complaint-form', ComplaintForm);

declare global {
  interface HTMLElementTagNameMap {
    'complaint-form': ComplaintForm;
  }
}

export { ComplaintForm };
