import { closeSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { UserError } from '../config/errors.js';

/** What the lock file says of the process holding the store; `status` reads it as the heartbeat. */
export interface LockInfo {
  pid: number;
  command: string;
  startedAt: string;
  lastCycleAt?: string;
  lastCycleMs?: number;
  nextCycleAt?: string | null;
}

export interface StoreLock {
  readonly path: string;
  /**
   * Rewrites the heartbeat fields; the lock stays held. Never throws: on a full or read-only disk
   * the old heartbeat stays whole and the error is returned, for the caller to log.
   */
  update(fields: Partial<LockInfo>): Error | null;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPathFor(storePath: string): string {
  return `${storePath}.lock`;
}

export function readLock(storePath: string): (LockInfo & { running: boolean }) | null {
  try {
    const info = JSON.parse(readFileSync(lockPathFor(storePath), 'utf8')) as LockInfo;
    return { ...info, running: alive(info.pid) };
  } catch {
    return null;
  }
}

/**
 * One writer per store: the lock file is created exclusively, and a lock left by a process that
 * no longer exists (a crash, a SIGKILL) is taken over. A lock held by a live process is waited
 * for up to `waitMs` (a `once` about to finish), then refused with a message naming the holder.
 */
export async function acquireStoreLock(
  storePath: string,
  command: string,
  options: { waitMs?: number } = {},
): Promise<StoreLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    try {
      return tryStoreLock(storePath, command);
    } catch (err) {
      if (!(err instanceof LockHeld) || Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The lock is held by a live process; its message names it. */
class LockHeld extends UserError {}

function tryStoreLock(storePath: string, command: string): StoreLock {
  const path = lockPathFor(storePath);
  let info: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return {
        path,
        update(fields) {
          info = { ...info, ...fields };
          // Written aside and renamed over: a lock file is never seen half-written (it would look stale).
          const next = `${path}.${process.pid}.tmp`;
          try {
            writeFileSync(next, JSON.stringify(info));
            renameSync(next, path);
            return null;
          } catch (err) {
            try {
              rmSync(next, { force: true });
            } catch {
              // Left behind; the next heartbeat overwrites it.
            }
            return err as Error;
          }
        },
        release() {
          try {
            const held = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
            if (held.pid === process.pid) unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UserError(
          `Cannot create the lock file ${path} (${(err as NodeJS.ErrnoException).code}): check that the store's folder is writable`,
        );
      }
      const holder = readLock(storePath);
      if (holder?.running && holder.pid !== process.pid) {
        throw new LockHeld(
          `figurewatch ${holder.command} (pid ${holder.pid}, since ${holder.startedAt}) is already using the store ${storePath}: stop it first, or give this one another store.path`,
        );
      }
      try {
        unlinkSync(path); // stale: its process is gone
      } catch (unlinkErr) {
        const code = (unlinkErr as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') {
          throw new UserError(
            `Cannot take over the lock file ${path} left by a stopped figurewatch (${code}): check that the store's folder is writable`,
          );
        }
      }
    }
  }
  throw new UserError(`Cannot take the lock ${path}: another figurewatch keeps recreating it`);
}
