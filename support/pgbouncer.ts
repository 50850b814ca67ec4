import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server';

/**
 * A private PgBouncer in transaction mode in front of a PostgreSQL server, for the tests and the
 * benchmark: its own ini in a temporary directory, a free port, any user name accepted and mapped to
 * the server's user. Needs Debian's `pgbouncer` package (/usr/sbin/pgbouncer).
 */
export interface Bouncer {
  /** `serverUrl` with the host and port of the pooler (same database and user). */
  url(serverUrl: string): string;
  /** What PgBouncer logged so far. */
  logs(): string;
  stop(): Promise<void>;
}

export const PGBOUNCER = process.env.PGBOUNCER ?? '/usr/sbin/pgbouncer';

export const pgbouncerInstalled = (): boolean => existsSync(PGBOUNCER);

export async function startPgBouncer(
  serverUrl: string,
  { poolSize = 4, maxClients = 400 }: { poolSize?: number; maxClients?: number } = {},
): Promise<Bouncer> {
  const server = new URL(serverUrl);
  const dir = mkdtempSync(join(tmpdir(), 'tanzim-pgbouncer-'));
  if (process.getuid?.() === 0) chmodSync(dir, 0o777);
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432} user=${decodeURIComponent(server.username) || 'postgres'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = transaction',
      // PgBouncer refuses to run as root: it then drops to an unprivileged user, who writes in `dir`.
      ...(process.getuid?.() === 0 ? ['user = nobody'] : []),
      `default_pool_size = ${poolSize}`,
      `max_client_conn = ${maxClients}`,
      // node-postgres sends statement_timeout at connection start; PgBouncer refuses parameters it
      // does not track unless told to ignore them (the README says how to keep the timeout then).
      'ignore_startup_parameters = extra_float_digits,statement_timeout',
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(PGBOUNCER, [ini], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited:\n${output}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (i === 100) throw new Error(`pgbouncer did not listen:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url(serverUrl: string) {
      const through = new URL(serverUrl);
      through.hostname = '127.0.0.1';
      through.port = String(port);
      return through.toString();
    },
    logs: () =>
      output +
      (existsSync(join(dir, 'pgbouncer.log')) ? readFileSync(join(dir, 'pgbouncer.log'), 'utf8') : ''),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
