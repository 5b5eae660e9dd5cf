/**
 * The embeddable widget: `<script type="module" src="https://complaints.example/widget.js">`
 * defines `<complaint-form>` and `<complaint-tracker>`. Nothing is added to `window`.
 */
export { ComplaintForm } from './complaint-form/define.ts';
export { ComplaintTracker } from './complaint-tracker/define.ts';
export { ComplaintSubmittedEvent } from './shared/events.ts';
