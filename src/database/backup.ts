import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { createConnection, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
import { lockDataDir } from './data-dir-lock';
import { PGLITE_EXTENSIONS } from './pglite-server';

/**
 * Backups of the embedded database while the server keeps serving.
 *
 * PGlite can be opened by one process only, so `npm run backup` asks the running server for a copy of
 * its data directory over a Unix socket in a directory only this user may enter; the socket's path is
 * written beside the data directory (`<dir>.control`, mode 0600). Whoever can read that file can read
 * the data directory itself: the socket grants nothing more.
 *
 * The server copies the directory while it holds the pool's only connection (embedded PGlite has one,
 * and runs no background writer): no transaction is open, and after a CHECKPOINT every acknowledged
 * write is in the data files, which nothing changes until the connection is released. A file copy is
 * quick (see walNeeded); requests wait for it only. The command then opens the copy on its own and
 * packs it (PGlite's dump, a gzipped tarball) while the server goes on serving.
 */
export async function copyEmbeddedDataDir(dataSource: DataSource, dataDir: string): Promise<string> {
  const copy = `${dataDir}.snapshot-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('CHECKPOINT');
    const [wal] = (await runner.query(
      `SELECT redo_wal_file AS redo, pg_walfile_name(pg_current_wal_lsn()) AS current FROM pg_control_checkpoint()`,
    )) as { redo: string; current: string }[];
    await cp(dataDir, copy, { recursive: true, errorOnExist: true, filter: (path) => walNeeded(path, wal) });
  } catch (error) {
    rmSync(copy, { recursive: true, force: true });
    throw error;
  } finally {
    await runner.release();
  }
  return copy;
}

/**
 * Write-ahead log segments before the checkpoint's are not needed to open the copy, and those after the
 * current one are recycled files for later use: only the segments from the checkpoint's to the current
 * one are copied (what pg_basebackup would include). The log is otherwise most of a loaded directory.
 */
function walNeeded(path: string, wal: { redo: string; current: string }): boolean {
  const segment = /[\\/]pg_wal[\\/]([0-9A-F]{24})$/.exec(path);
  return !segment || (segment[1] >= wal.redo && segment[1] <= wal.current);
}

const controlFile = (dataDir: string) => `${dataDir}.control`;

/** Answers `requestCopy` until the returned close is called; one copy at a time. */
export async function serveCopies(
  dataDir: string,
  copyDataDir: () => Promise<string>,
): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'tanzim-control-'));
  chmodSync(dir, 0o700);
  const path = join(dir, 'control.sock');
  let queue: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((socket) => {
    socket.once('data', (request) => {
      if (request.toString().trim() !== 'copy') return void socket.end('ERROR unknown request\n');
      const taken = queue.then(copyDataDir);
      queue = taken.catch(() => undefined);
      taken.then(
        (copy) => socket.end(`OK ${copy}\n`),
        (error: unknown) => socket.end(`ERROR ${error instanceof Error ? error.message : String(error)}\n`),
      );
    });
    socket.on('error', () => undefined); // a client that went away
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  chmodSync(path, 0o600);
  writeFileSync(controlFile(dataDir), path, { mode: 0o600 });
  return async () => {
    if (readText(controlFile(dataDir)) === path) rmSync(controlFile(dataDir), { force: true });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * A consistent copy of the data directory, made by the server running on `dataDir`; null when none
 * answers there (no server, or one that died without removing its control file).
 */
export function requestCopy(dataDir: string): Promise<string | null> {
  const path = readText(controlFile(dataDir));
  if (!path) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = createConnection(path, () => socket.write('copy\n'));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(null);
      else reject(error);
    });
    socket.on('end', () => {
      const ok = /^OK (.+)\n$/.exec(answer);
      if (ok) resolve(ok[1]);
      else {
        reject(new Error(`The server made no copy: ${answer.trim().replace(/^ERROR /, '') || 'no answer'}`));
      }
    });
  });
}

/**
 * A data directory no server runs on, packed as a gzipped tarball (PGlite's dump). It is locked
 * meanwhile, so no server starts on it.
 */
export async function packDataDir(dataDir: string): Promise<Uint8Array> {
  const release = lockDataDir(dataDir);
  try {
    if (!isDirectory(dataDir)) {
      throw new Error(`There is no database in ${dataDir} (set DATA_DIR to the server's)`);
    }
    const db = await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS });
    try {
      return new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/**
 * Unpacks a backup into `dataDir`, which must not hold a database yet (a restore never overwrites
 * one), and says how many units and meetings it holds.
 */
export async function restoreDataDir(
  backup: Uint8Array,
  dataDir: string,
): Promise<{ units: number; meetings: number }> {
  const release = lockDataDir(dataDir);
  try {
    if (isDirectory(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(
        `${dataDir} already holds a database: restore into a fresh DATA_DIR (move the old one aside first)`,
      );
    }
    const db = await PGlite.create(dataDir, {
      loadDataDir: new Blob([backup]),
      extensions: PGLITE_EXTENSIONS,
    });
    try {
      const { rows } = await db.query<{ units: number; meetings: number }>(
        'SELECT (SELECT count(*)::int FROM org_unit) AS units, (SELECT count(*)::int FROM meeting) AS meetings',
      );
      return rows[0];
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
