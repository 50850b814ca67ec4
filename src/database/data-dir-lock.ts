import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/** Another live server holds the data directory: this one must not open it. */
export class DataDirInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * Takes the embedded database's data directory for this process, or throws DataDirInUseError naming
 * the process that has it. PGlite keeps no lock of its own: two servers on one directory would both
 * start and overwrite each other's writes. The lock is a file beside the directory (`<dir>.lock`,
 * created exclusively) holding the owner's process id; one left by a server that died (kill -9, power
 * cut) is taken over. Returns the release, which removes the file only while it is still ours.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(lockPath, mine, { flag: 'wx' });
      return () => {
        if (readText(lockPath) === mine) unlinkSync(lockPath);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = readText(lockPath);
    if (held === null) continue; // released meanwhile
    const holder = parse(held);
    if (holder && !(holder.host === hostname() && !alive(holder.pid))) {
      throw new DataDirInUseError(
        `The data directory ${dataDir} is in use by another Tanzim server (process ${holder.pid} on ${holder.host}, ` +
          `started ${holder.startedAt}). Stop that server first, or set DATA_DIR to another directory. ` +
          `If that process is not a Tanzim server, delete ${lockPath}.`,
      );
    }
    takeOverStale(lockPath, held);
  }
  throw new DataDirInUseError(
    `Could not take the lock ${lockPath}; another server is starting on ${dataDir}.`,
  );
}

/**
 * Moves a dead owner's lock aside. If another starting server replaced it between our read and the
 * move, what we moved is that server's live lock: it is put back (link fails if a third took the
 * place, which then holds it), and the next attempt finds it held.
 */
function takeOverStale(lockPath: string, stale: string): void {
  const aside = `${lockPath}.${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // gone already
  }
  if (readText(aside) !== stale) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // someone holds the place now
    }
  }
  unlinkSync(aside);
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function parse(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host, startedAt: String(value.startedAt) };
    }
  } catch {
    // not a lock this code wrote
  }
  return null;
}

/** Whether a process of this machine is alive and still a Node process (a reused id is not the owner). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const commandLine = readText(`/proc/${pid}/cmdline`);
  return commandLine === null || commandLine.includes('node');
}
