import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';

/**
 * What the installable apps (the resident app and the staff portal) share on the server: their
 * icons, the built files they read from disk, and the precache list their service workers get.
 */

export const ICONS = [
  { file: 'icon-192.png', size: 192, purpose: 'any' },
  { file: 'icon-512.png', size: 512, purpose: 'any' },
  { file: 'icon-maskable-512.png', size: 512, purpose: 'maskable' },
] as const;
export type Icon = (typeof ICONS)[number];

/** the placeholder Workbox's precaching reads its list from; filled in as the worker is served */
export const PRECACHE_PLACEHOLDER = 'self.__WB_MANIFEST';

export const digest = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** Built files, read again only when they change on disk (a new build while the server runs). */
export class BuiltFiles {
  readonly #known = new Map<string, { stamp: string; content: Buffer; revision: string }>();

  read(path: string): { content: Buffer; revision: string } | undefined {
    if (!existsSync(path)) return undefined;
    const { mtimeMs, size } = statSync(path);
    const stamp = `${mtimeMs}:${size}`;
    const known = this.#known.get(path);
    if (known?.stamp === stamp) return known;
    const content = readFileSync(path);
    const entry = { stamp, content, revision: digest(content) };
    this.#known.set(path, entry);
    return entry;
  }

  /** every file a Vite build wrote, from its manifest */
  bundle(dir: string): { file: string; revision: string }[] {
    const manifest = this.read(`${dir}/.vite/manifest.json`);
    if (!manifest) return [];
    const chunks = Object.values(JSON.parse(manifest.content.toString('utf8')) as Record<string, { file: string }>);
    return [...new Set(chunks.map((chunk) => chunk.file))].flatMap((file) => {
      const built = this.read(`${dir}/${file}`);
      return built ? [{ file, revision: built.revision }] : [];
    });
  }
}

/**
 * A built service worker with the list of what it keeps for offline use written in. Each
 * revision changes when its content does, so any change is a new worker.
 */
export function workerWithPrecache(worker: Buffer, path: string, precache: { url: string; revision: string }[]): string {
  const source = worker.toString('utf8');
  if (!source.includes(PRECACHE_PLACEHOLDER)) throw new Error(`${path} has no ${PRECACHE_PLACEHOLDER} to fill in`);
  return source.replace(PRECACHE_PLACEHOLDER, JSON.stringify(precache));
}
