import { ComplaintTracker } from './complaint-tracker.ts';

if (!customElements.get('complaint-tracker')) customElements.define('complaint-tracker', ComplaintTracker);

declare global {
  interface HTMLElementTagNameMap {
    'complaint-tracker': ComplaintTracker;
  }
}

export { ComplaintTracker };
