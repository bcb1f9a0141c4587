#!/usr/bin/env node
// lint.mjs enforces the project's structural rules that the type checker
// cannot: src/core/ never imports `vscode` (the core runs in the CLI, in
// tests and in the extension alike).
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
