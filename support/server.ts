import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';

/**
 * Process helpers shared by the fault tests and the benchmarks: the built server (`dist/`) as a child
 * process, so a test can kill it like a power cut would, and a free port.
 */
export interface Server {
  url: string;
  process: ChildProcess;
  /** What the server printed so far. */
  logs(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

// The repository, whether this file runs from support/ (tests) or from dist/support/ (built benchmarks).
const ROOT = join(__dirname, basename(dirname(__dirname)) === 'dist' ? '../..' : '..');
const running = new Set<ChildProcess>();

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Kills every server a test started and did not stop (a failed test must not leave one behind). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export async function startServer(env: Record<string, string>, requestedPort?: number): Promise<Server> {
  const port = requestedPort ?? (await freePort());
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`The server exited while starting:\n${output}`);
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i === 299) throw new Error(`The server did not become ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url: `${base}/graphql`,
    process: child,
    logs: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function gql<T = any>(
  url: string,
  token: string | null,
  query: string,
  variables?: unknown,
): Promise<{ data?: T; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: unknown[] };
}

export async function login(url: string): Promise<string> {
  const result = await gql<{ login: { accessToken: string } }>(
    url,
    null,
    `mutation { login(input: { email: "admin@tanzim.demo", password: "tanzim-demo-2020" }) { accessToken } }`,
  );
  return result.data!.login.accessToken;
}
