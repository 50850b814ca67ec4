// `npm start`: builds the server (tsc) and the web app (codegen + vite) only when a file they are
// built from changed since their last build, so a start on a built tree goes straight to the server.
// A build records when it started (a stamp's time): a file saved during a build is built next time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const BUILDS = [
  {
    name: 'server',
    script: 'build',
    stamp: 'dist/.server-built',
    // tsconfig.build.json's inputs, and what changes the compiler or the types.
    sources: ['src', 'migrations', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    skip: ['bench/results', 'bench/postgraphile', 'bench/node24'],
  },
  {
    name: 'web app',
    script: 'web:build',
    // Vite empties dist/web on each build: its stamp lives beside it.
    stamp: 'dist/.web-built',
    sources: ['web', 'schema.gql', 'package-lock.json'],
    // Written by the build itself (graphql-codegen).
    skip: ['web/src/gql'],
  },
];

/**
 * The files under `path`: the newest modification time, and a digest of their names (a deleted or
 * renamed file changes the names, not the times). Folders' own times are not read: a build that
 * creates a skipped folder (web/src/gql) would otherwise look like a change.
 */
function scan(path, skip, found = { newest: 0, names: createHash('sha256') }) {
  if (skip.some((skipped) => path === join(root, skipped)) || !existsSync(path)) return found;
  const stats = statSync(path);
  if (!stats.isDirectory()) {
    found.newest = Math.max(found.newest, stats.mtimeMs);
    found.names.update(`${relative(root, path)}\n`);
    return found;
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry !== 'node_modules') scan(join(path, entry), skip, found);
  }
  return found;
}

for (const build of BUILDS) {
  const stamp = join(root, build.stamp);
  const found = { newest: 0, names: createHash('sha256') };
  for (const source of build.sources) scan(join(root, source), build.skip, found);
  const names = found.names.digest('hex');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= found.newest && readFileSync(stamp, 'utf8') === names) {
    console.log(`The ${build.name} is up to date (npm run ${build.script} to rebuild it anyway).`);
    continue;
  }
  const started = new Date();
  execFileSync(npm, ['run', build.script], { cwd: root, stdio: 'inherit' });
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, names);
  utimesSync(stamp, started, started);
}
