/**
 * The embeddable widget: `<script type="module" src="https://complaints.example/widget.js">`
 * defines `<complaint-form>` at once and `<complaint-tracker>` as soon as a page uses one (its
 * code loads only then). Nothing is added to `window`.
 */
export { ComplaintForm } from './complaint-form/define.ts';
export { ComplaintFailedEvent, ComplaintQueuedEvent, ComplaintSubmittedEvent } from './shared/events.ts';

const trackers = document.getElementsByTagName('complaint-tracker');
const loadTracker = () => void import('./complaint-tracker/define.ts');
if (trackers.length) {
  loadTracker();
} else {
  // a live collection: checking its length on each change of the page costs next to nothing
  const watch = new MutationObserver(() => {
    if (!trackers.length) return;
    watch.disconnect();
    loadTracker();
  });
  watch.observe(document.documentElement, { childList: true, subtree: true });
}
