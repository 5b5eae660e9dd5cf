import { existsSync } from 'node:fs';
import { fromRoot } from '../../api/paths.ts';
import { chromiumPath } from '../support/chromium.ts';

/** Fails the end-to-end run up front, with the fix, when a prerequisite is missing. */
export default function setup(): void {
  chromiumPath();
  if (!existsSync(fromRoot('dist', 'widget', 'widget.js'))) {
    throw new Error('dist/widget/widget.js is missing: run `npm run build` first (npm test does).');
  }
}
