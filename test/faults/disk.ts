import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small file system of its own (tmpfs), for a data directory that can fill up or turn read-only. */
export interface SmallDisk {
  readonly dir: string;
  /** fills what is left with a file of zeros; `free()` removes it */
  fill(): number;
  free(): void;
  readOnly(): void;
  writable(): void;
  unmount(): void;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Mounts a tmpfs of `bytes` on a fresh folder. Answers with why not when this process may not
 * mount (not root, or a container without the capability): the callers then fall back.
 */
export function mountTmpfs(bytes: number): SmallDisk | string {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-disk-'));
  try {
    run('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', dir]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return stderr || (error as Error).message;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const block = Buffer.alloc(64 * 1024);
      let written = 0;
      try {
        for (;;) {
          // the last blocks of a tmpfs go one page at a time
          const size = Math.min(block.length, Math.max(4096, statfsSync(dir).bavail * statfsSync(dir).bsize));
          written += writeSync(fd, block, 0, size);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free() {
      rmSync(filler, { force: true });
    },
    readOnly() {
      run('mount', ['-o', 'remount,ro', dir]);
    },
    writable() {
      run('mount', ['-o', 'remount,rw', dir]);
    },
    unmount() {
      run('umount', [dir]);
      rmdirSync(dir);
    },
  };
}

/**
 * Without a file system of its own, a full disk as one process sees it: the largest file it
 * may write (RLIMIT_FSIZE), set on the running process with prlimit(1). Writing past it fails
 * with EFBIG, as a full disk fails with ENOSPC; `unlimited` gives the room back.
 */
export function limitFileSize(pid: number, bytes: number | 'unlimited'): void {
  // the hard limit stays where it is, so the soft one can go up again without privileges
  run('prlimit', ['--pid', String(pid), `--fsize=${bytes}:`]);
}
