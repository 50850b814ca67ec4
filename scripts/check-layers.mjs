// Fails when the folders of src/ import each other in a circle, when a layer imports above itself
// (common/ imports no other folder, database/ and access/ only common/), or when a resolver touches
// the database itself instead of asking its feature's services and queries. Prints the folder graph.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** The folders each layer may import; a folder not named here may import any folder it does not close a circle with. */
const ALLOWED = { common: [], database: ['common'], access: ['common'] };

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** A file's folder under src/ ("app" for the files at the top), or the folder outside src/ it lies in. */
function folderOf(file) {
  const inSrc = relative(src, file);
  if (!inSrc.startsWith('..')) return inSrc.includes(sep) ? inSrc.split(sep)[0] : 'app';
  return `../${relative(root, file).split(sep)[0]}`;
}

const edges = new Map();
const examples = new Map();
for (const file of sources(src)) {
  const from = folderOf(file);
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const to = folderOf(resolve(dirname(file), fileName));
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    const key = `${from}->${to}`;
    if (!examples.has(key)) examples.set(key, relative(root, file));
  }
}

// Resolvers (and files of fields added to another feature's type) stay thin: no manager, no SQL.
const RESOLVER = /\.(resolver|fields)\.ts$/;
const problems = [];
for (const file of sources(src)) {
  if (!RESOLVER.test(file)) continue;
  const text = readFileSync(file, 'utf8');
  if (/\.manager\b|createQueryBuilder|\.query\(/.test(text)) {
    problems.push(
      `${relative(root, file)} reaches the database itself; move that to its feature's service or queries`,
    );
  }
}

const folders = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])].sort();
console.log('Folder imports under src/:');
for (const from of folders) {
  const to = [...(edges.get(from) ?? [])].sort();
  if (to.length) console.log(`  ${from} -> ${to.join(', ')}`);
}

for (const [layer, allowed] of Object.entries(ALLOWED)) {
  for (const to of edges.get(layer) ?? []) {
    if (!allowed.includes(to)) {
      problems.push(`${layer}/ may not import ${to}/ (${examples.get(`${layer}->${to}`)})`);
    }
  }
}

// Circles: strongly connected components of more than one folder (Tarjan).
let index = 0;
const indices = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
function connect(v) {
  indices.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!indices.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
  }
  if (low.get(v) === indices.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) {
      const inside = new Set(component);
      const arrows = component.flatMap((a) =>
        [...(edges.get(a) ?? [])]
          .filter((b) => inside.has(b))
          .map((b) => `${a} -> ${b} (${examples.get(`${a}->${b}`)})`),
      );
      problems.push(
        `import circle between ${component.sort().join(', ')}:\n      ${arrows.join('\n      ')}`,
      );
    }
  }
}
for (const folder of folders) if (!indices.has(folder)) connect(folder);

if (problems.length) {
  console.error(`\n${problems.map((p) => `  ✗ ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  '\nNo folder imports another in a circle; common/, database/ and access/ import only below them;\nno resolver reaches the database itself.',
);
