import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../api/paths.ts';

let scratch: string | undefined;

/**
 * Where a test's picture goes: into `docs/screenshots/` (the README's) when `UPDATE_SCREENSHOTS`
 * is set, else into a folder of its own under the system's temporary directory, so that running
 * the tests leaves the checkout as it was.
 */
export function screenshotPath(name: string): string {
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(fromRoot('docs', 'screenshots'), { recursive: true });
    return fromRoot('docs', 'screenshots', name);
  }
  scratch ??= mkdtempSync(join(tmpdir(), 'complaints-screenshots-'));
  return join(scratch, name);
}
