import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface RunningPglite {
  /** A postgres:// URL the ordinary `pg` driver connects to (a Unix socket, see below). */
  url: string;
  /** The private directory that holds the socket; removed by `stop()`. */
  socketDir: string;
  stop(): Promise<void>;
}

/** A PGlite running in this thread. */
export interface InProcessPglite extends RunningPglite {
  /** The whole data directory as a tarball, which another PGlite can start from (`loadDataDir`). */
  dump(): Promise<Blob>;
}

export const PGLITE_EXTENSIONS = { ltree, pg_trgm, btree_gist };

/** The port only names the socket file (`.s.PGSQL.<port>`, as `pg` and libpq expect); nothing listens on it. */
const SOCKET_PORT = 5432;

/**
 * Starts PGlite (Postgres compiled to WebAssembly) on `dataDir` ('memory://' for a throw-away
 * database; `loadDataDir`: starting as a copy of another's `dump`) and serves it on a Unix socket in a fresh directory only this user may enter (0700).
 *
 * PGlite accepts any user and any password, so whoever reaches the socket holds the whole database
 * (the signing secret of access tokens included): no TCP port, and a directory other users cannot
 * open. PGlite has a single session that all connections share, so `maxConnections` equals the app's
 * pool size (1, see AppConfig.poolSize): while the app holds its connection, a second one is refused,
 * and the app's pool never closes it when idle (see data-source-options).
 */
export async function startPgliteServer(
  dataDir: string,
  maxConnections: number,
  loadDataDir?: Blob,
): Promise<InProcessPglite> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dirname(dataDir), { recursive: true });
  const db = await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS, loadDataDir });
  const socketDir = mkdtempSync(join(tmpdir(), 'tanzim-db-'));
  chmodSync(socketDir, 0o700);
  const socketPath = join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  try {
    await server.start();
    chmodSync(socketPath, 0o600);
  } catch (error) {
    rmSync(socketDir, { recursive: true, force: true });
    await db.close();
    throw error;
  }
  return {
    url: `postgres://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(socketDir)}`,
    socketDir,
    dump: () => db.dumpDataDir('none'),
    async stop() {
      await server.stop();
      rmSync(socketDir, { recursive: true, force: true });
      await db.close();
    },
  };
}
