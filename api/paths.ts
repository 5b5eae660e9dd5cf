import { fileURLToPath } from 'node:url';

/** The project's root folder, wherever the server is started from. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const fromRoot = (...parts: string[]): string => [ROOT.replace(/\/$/, ''), ...parts].join('/');
