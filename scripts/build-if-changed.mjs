// `npm start`: builds the server (tsc) and the web app (codegen + vite) only when a file they are
// built from changed since their last build, so a start on a built tree goes straight to the server.
// A build records when it started (a stamp's time): a file saved during a build is built next time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/** The newest modification time under `path` (directories count: a deleted file changes its folder). */
function newest(path, skip) {
  if (skip.some((skipped) => path === join(root, skipped)) || !existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    latest = Math.max(latest, newest(join(path, entry), skip));
  }
  return latest;
}

for (const build of BUILDS) {
  const stamp = join(root, build.stamp);
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changed = Math.max(...build.sources.map((source) => newest(join(root, source), build.skip)));
  if (built >= changed) {
    console.log(`The ${build.name} is up to date (npm run ${build.script} to rebuild it anyway).`);
    continue;
  }
  const started = new Date();
  execFileSync(npm, ['run', build.script], { cwd: root, stdio: 'inherit' });
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, '');
  utimesSync(stamp, started, started);
}
