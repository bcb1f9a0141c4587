#!/usr/bin/env node
// lint.mjs enforces the project's structural rules that the type checker
// cannot: src/core/ never imports `vscode` (the core runs in the CLI, in
// tests and in the extension alike). Then ESLint (eslint.config.mjs, with the
// type-aware promise rules) and prettier's format check (.prettierrc.json,
// .prettierignore).
//
//   npm run lint              # check
//   npm run lint -- --fix     # let ESLint fix what it can, and prettier format
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
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
