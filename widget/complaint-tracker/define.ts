import { addTranslations } from '../shared/locale.ts';
import { ComplaintTracker } from './complaint-tracker.ts';

// The tracker's own strings come with it, not with the form's first language chunk.
await addTranslations({
  'zh-Hans': () => import('../generated/locales/zh-Hans.js?tracker'),
  'zh-Hant': () => import('../generated/locales/zh-Hant.js?tracker'),
});

if (!customElements.get('complaint-tracker')) customElements.define('complaint-tracker', ComplaintTracker);

declare global {
  interface HTMLElementTagNameMap {
    'complaint-tracker': ComplaintTracker;
  }
}

export { ComplaintTracker };
