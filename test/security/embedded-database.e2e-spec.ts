import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { Client } from 'pg';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The embedded database accepts any user and any password: whoever reaches it reads the signing secret
 * of access tokens and forges an administrator's. It was served on a loopback TCP port, where any
 * local process could connect once the app's connection was idle, and holding its single session slot
 * made the app answer SERVICE_UNAVAILABLE. These attacks run against an embedded app in both modes.
 */
let t: TestApp;
let socketDir: string;

beforeAll(async () => {
  t = await startTestApp({ embedded: true, seed: 'none' });
  socketDir = new URL(t.databaseUrl).searchParams.get('host') ?? '/nonexistent';
});
afterAll(() => t?.close());

/** TCP ports this process listens on (Linux: its socket inodes, looked up in /proc/net/tcp and tcp6). */
function listeningTcpPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is fields[1] (hex ip:port), state fields[3] ('0A' = LISTEN), inode fields[9]
      if (fields[3] === '0A' && inodes.has(fields[9])) ports.push(parseInt(fields[1].split(':')[1], 16));
    }
  }
  return ports;
}

/** Connects as a stranger (any user, a wrong password) and asks for the token signing secret. */
async function intrude(config: ConstructorParameters<typeof Client>[0]): Promise<unknown> {
  const stranger = new Client(config);
  stranger.on('error', () => {});
  try {
    await stranger.connect();
    return await stranger.query(`SELECT * FROM pg_settings LIMIT 1`);
  } finally {
    await stranger.end().catch(() => {});
  }
}

const appAnswers = async () => {
  expect((await t.ok<{ roles: unknown[] }>(`{ roles { code } }`)).roles.length).toBeGreaterThan(0);
  expect((await fetch(t.url.replace('/graphql', '/health/ready'))).status).toBe(200);
};

describe('the embedded database is out of reach of other processes', () => {
  it('is served on no TCP port: the app connects through a Unix socket', () => {
    expect(socketDir).toMatch(/^\//);
    if (!existsSync('/proc/self/fd')) return; // the listener check reads Linux's /proc
    const httpPort = Number(new URL(t.url).port);
    expect(listeningTcpPorts()).toEqual([httpPort]);
  });

  it('keeps its socket in a directory only this user may enter', () => {
    const dir = statSync(socketDir);
    expect(dir.isDirectory()).toBe(true);
    expect(dir.mode & 0o777).toBe(0o700);
    expect(dir.uid).toBe(process.getuid!());
    const socket = statSync(`${socketDir}/.s.PGSQL.5432`);
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o077).toBe(0);
  });

  it('refuses a second client, whatever its credentials, and the app keeps its session', async () => {
    await expect(
      intrude({ host: socketDir, port: 5432, user: 'intruder', password: 'wrong', database: 'postgres' }),
    ).rejects.toThrow();
    await expect(intrude({ connectionString: t.databaseUrl })).rejects.toThrow();
    await appAnswers();
  });

  it('still refuses a second client after the app has been idle (its connection is never closed)', async () => {
    // node-postgres closes idle connections after 10 s by default: the slot would then be free.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await expect(intrude({ connectionString: t.databaseUrl })).rejects.toThrow();
    await appAnswers();
  }, 30_000);

  it('removes the socket directory when the database stops', async () => {
    // An app of its own: the other tests keep theirs running, whatever order they run in.
    const own = await startTestApp({ embedded: true, seed: 'none' });
    const ownSocketDir = new URL(own.databaseUrl).searchParams.get('host')!;
    expect(existsSync(ownSocketDir)).toBe(true);
    await own.close();
    expect(existsSync(ownSocketDir)).toBe(false);
  });
});
