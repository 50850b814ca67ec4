// Fails when the folders of src/ import each other in a circle, when a layer imports above itself
// (common/ imports no other folder, database/ and access/ only common/), when a resolver touches
// the database itself instead of asking its feature's services and queries, or when SQL runs outside
// a feature's `*.queries.ts` and the few library files named below. Prints the folder graph.
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

// A feature's SQL lives in its `*.queries.ts`: no other file runs SQL, builds a query or touches the
// manager, except the database's own library and wiring named here (each with why).
const SQL_HOMES = [
  [/^src\/database\//, 'the database library: connection, row reader, generic loaders'],
  [/^src\/seed\//, 'the seed writes reference and demo data'],
  [/^src\/audit\/audited\.ts$/, "the write pipeline's transaction and audit event"],
  [/^src\/common\/context\.ts$/, 'the request context holds the manager and opens the transaction'],
  [/^src\/common\/(locking|search|tree|idempotency)\.ts$/, 'query helpers the queries files share'],
  [/^src\/access\/(scope|visibility)\.ts$/, 'scope predicates, and the path an access check compares'],
  [/^src\/health\/health\.ts$/, 'the health probe asks the database itself'],
  [/^src\/app\.module\.ts$/, "wiring: each request's context gets the manager"],
];
/** SQL written out in a string: a statement, or a subquery of one. */
const SQL_TEXT =
  /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+"?\w+"?\s+SET|DELETE\s+FROM|FOR\s+UPDATE)\b/;
/** Methods that run SQL or build it, on whatever object they are called. */
const SQL_METHODS = new Set(['query', 'createQueryBuilder', 'getRepository']);

/** Where a file runs SQL or touches the manager: `line: what`, at most one per line. */
function sqlUses(file, text) {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const uses = new Map();
  const note = (node, what) => {
    const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    if (!uses.has(line)) uses.set(line, what);
  };
  const visit = (node) => {
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      if (name === 'manager') note(node, `touches the manager (${node.getText(sourceFile).slice(0, 60)})`);
      else if (SQL_METHODS.has(name) && ts.isCallExpression(node.parent) && node.parent.expression === node) {
        note(node, `calls ${name}()`);
      }
    } else if (
      ts.isBindingElement(node) &&
      ts.isObjectBindingPattern(node.parent) &&
      (node.propertyName ?? node.name).getText(sourceFile) === 'manager'
    ) {
      note(node, `touches the manager (${node.parent.getText(sourceFile).slice(0, 60)})`);
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolve(dirname(file), node.moduleSpecifier.text);
      if (target === join(src, 'database', 'rows')) note(node, 'imports the row reader');
    } else if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      if (SQL_TEXT.test(node.text)) note(node, 'writes SQL');
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...uses].map(([line, what]) => `${line}: ${what}`);
}

for (const file of sources(src)) {
  const path = relative(root, file).split(sep).join('/');
  if (path.endsWith('.queries.ts') || /\.spec\.ts$/.test(path)) continue;
  if (SQL_HOMES.some(([home]) => home.test(path))) continue;
  const uses = sqlUses(file, readFileSync(file, 'utf8'));
  if (!uses.length) continue;
  const shown = uses
    .slice(0, 5)
    .map((use) => `\n      ${path}:${use}`)
    .join('');
  const more = uses.length > 5 ? `\n      … and ${uses.length - 5} more` : '';
  problems.push(`${path} runs SQL outside its feature's queries file; move it there:${shown}${more}`);
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
  "\nNo folder imports another in a circle; common/, database/ and access/ import only below them;\nno resolver reaches the database itself; SQL runs only in the features' queries files and the database library.",
);
