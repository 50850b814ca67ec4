import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server';

/**
 * A PostgreSQL server of our own, in a temporary directory on a free port, that a test may stop and
 * start at will without disturbing the machine's shared server. Postgres refuses to run as root, so
 * under root its commands run as the `postgres` user.
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its directory. */
  destroy(): Promise<void>;
}

const exec = promisify(execFile);
const binDir = () => execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();

/** `settings` are extra server settings, e.g. `{ shared_preload_libraries: 'pg_stat_statements' }`. */
export async function startPrivatePostgres(settings: Record<string, string> = {}): Promise<PrivatePostgres> {
  const { dir, data, run } = privateDirectory();
  await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  return serve(dir, data, run, settings);
}

/**
 * A streaming replica of `primary` (which initdb's defaults already allow: `wal_level=replica` and
 * trusted replication connections from 127.0.0.1), copied with `pg_basebackup -R` and started as a
 * hot standby on a port of its own.
 */
export async function startPrivateReplica(primary: PrivatePostgres): Promise<PrivatePostgres> {
  const { dir, data, run } = privateDirectory();
  await run('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    data,
    '-R',
    '-X',
    'stream',
    '--no-sync',
  ]);
  return serve(dir, data, run, {});
}

type Run = (command: string, args: string[]) => Promise<void>;

function privateDirectory(): { dir: string; data: string; run: Run } {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'tanzim-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  // Asynchronous, so that the test's own load keeps running while the server stops and starts.
  const run = async (command: string, args: string[]) => {
    if (asRoot) await exec('runuser', ['-u', 'postgres', '--', join(bin, command), ...args]);
    else await exec(join(bin, command), args);
  };
  return { dir, data: join(dir, 'data'), run };
}

async function serve(
  dir: string,
  data: string,
  run: Run,
  settings: Record<string, string>,
): Promise<PrivatePostgres> {
  const port = await freePort();
  const extra = Object.entries(settings).map(([name, value]) => ` -c ${name}=${value}`);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off${extra.join('')}`;
  const pgctl = (...args: string[]) => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', ...args]);
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => pgctl('-o', options, 'start'),
    // "fast": open sessions are terminated (57P01), as on a real restart.
    stop: () => pgctl('-m', 'fast', 'stop'),
    destroy: async () => {
      await server.stop().catch(() => undefined); // it may be stopped already
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
