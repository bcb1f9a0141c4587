#!/usr/bin/env node
// lint.mjs enforces the project's structural rules that the type checker
// cannot: src/core/ never imports `vscode` (the core runs in the CLI, in
// tests and in the extension alike), and no module of src/ imports itself
// through others (an import cycle: modules that cannot be read, tested or
// bundled one without the other; type-only imports count too), and src/core/go
// (the Go machinery) never imports src/core/transport (the rule built on it;
// FOLDER_RULES). Then ESLint (eslint.config.mjs, with the
// type-aware promise rules) and prettier's format check (.prettierrc.json,
// .prettierignore).
//
//   npm run lint              # check
//   npm run lint -- --fix     # let ESLint fix what it can, and prettier format
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const VSCODE_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]vscode['"]/;

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (/\.[cm]?[jt]s$/.test(entry.name)) yield path;
  }
}

const problems = [];
for (const file of walk(join(root, 'src', 'core'))) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (VSCODE_IMPORT.test(line)) problems.push(`${relative(root, file)}:${i + 1}: src/core must not import 'vscode'`);
    });
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('lint: src/core is free of vscode imports');

/** RELATIVE_IMPORT matches `from './x'`, `import './x'`, `import('./x')` and `require('./x')` of a relative path. */
const RELATIVE_IMPORT = /(?:\bfrom\s+|\bimport\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

/**
 * importGraph maps each .ts file of src/ to the .ts files of src/ it imports by a relative path, and lists
 * every such import with where it is written (for the folder rules' messages).
 */
function importGraph() {
  const graph = new Map();
  const imports = [];
  for (const file of walk(join(root, 'src'))) {
    if (!file.endsWith('.ts')) continue;
    const targets = new Set();
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(RELATIVE_IMPORT)) {
          const base = join(dirname(file), m[1]);
          const target = [`${base}.ts`, join(base, 'index.ts'), base].find((t) => t.endsWith('.ts') && existsSync(t));
          if (!target) continue;
          targets.add(target);
          imports.push({ file, line: i + 1, specifier: m[1], target });
        }
      });
    graph.set(file, [...targets]);
  }
  return { graph, imports };
}

/** importCycles walks the graph depth first and returns each cycle it closes, as the files along it. */
function importCycles(graph) {
  const state = new Map(); // file -> 'open' while on the path, 'done' after
  const path = [];
  const cycles = [];
  const visit = (file) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

const { graph, imports } = importGraph();

/**
 * FOLDER_RULES say which folders of src/ must not import which: the Go machinery (src/core/go) knows no
 * rule, and the rule transport-per-call (src/core/transport) builds on it, so imports go one way.
 */
const FOLDER_RULES = [{ from: 'src/core/go', to: 'src/core/transport', why: 'the Go machinery knows no rule; pass what it needs as a parameter' }];
const inFolder = (file, folder) => relative(join(root, folder), file).split(/[\\/]/)[0] !== '..';
const crossings = [];
for (const rule of FOLDER_RULES) {
  for (const i of imports) {
    if (inFolder(i.file, rule.from) && inFolder(i.target, rule.to))
      crossings.push(
        `lint: ${relative(root, i.file)}:${i.line}: imports '${i.specifier}' (${relative(root, i.target)}): ${rule.from} must not import ${rule.to}: ${rule.why}`,
      );
  }
}
if (crossings.length > 0) {
  for (const c of crossings) console.error(c);
  process.exit(1);
}
console.log(`lint: ${FOLDER_RULES.map((r) => `${r.from} does not import ${r.to}`).join('; ')}`);

const cycles = importCycles(graph);
if (cycles.length > 0) {
  for (const cycle of cycles) console.error(`lint: import cycle: ${cycle.map((f) => relative(root, f)).join(' -> ')}`);
  console.error('lint: move what both sides need into a module of its own, so that imports go one way');
  process.exit(1);
}
console.log(`lint: no import cycles among src/'s ${graph.size} modules`);

const fix = process.argv.includes('--fix');
/** run runs a tool's bin from node_modules and exits with its status when it fails. */
function run(name, bin, args) {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', ...bin.split('/')), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`lint: ${name} failed${fix ? '' : ' (`npm run lint -- --fix` fixes some of it)'}`);
    process.exit(r.status ?? 1);
  }
  console.log(`lint: ${name} is clean`);
}
run('eslint', 'eslint/bin/eslint.js', ['--max-warnings', '0', ...(fix ? ['--fix'] : []), '.']);
run('prettier', 'prettier/bin/prettier.cjs', [fix ? '--write' : '--check', '--log-level', 'warn', '**/*.{ts,mjs}']);
