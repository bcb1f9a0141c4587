// eslint.config.mjs: ESLint's flat config, run by `npm run lint`
// (scripts/lint.mjs). TypeScript is linted with typescript-eslint's
// recommended rules plus the type-aware rules for promises: a promise nobody
// awaits or handles (no-floating-promises; `void` marks one left to run on
// purpose), and a promise where a plain value is expected, e.g. an async
// function as a callback whose result is dropped (no-misused-promises).
// Formatting is prettier's (.prettierrc.json), checked separately.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** shared are the rules both languages share. */
const shared = {
  // `_name` marks what is unused on purpose; a rest pattern omits its siblings.
  'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
  // The tests match column-aligned output (gofmt, tables) with literal spaces.
  'no-regex-spaces': 'off',
  // Control characters are what the terminal escaping (src/core/terminal.ts) and its tests look for.
  'no-control-regex': 'off',
};

export default defineConfig(
  {
    ignores: ['dist/', 'out/', 'node_modules/', '.bench/', '.vscode-test/', 'test-results/', 'test/fixtures/', 'test/e2e/workspace/'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': shared['no-unused-vars'],
      'no-regex-spaces': shared['no-regex-spaces'],
      'no-control-regex': shared['no-control-regex'],
      // `import x = require('…')` picks a package's CommonJS build (src/core/go/treeSitter.ts).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // node:test's test() and describe() return promises the runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: shared,
  },
  {
    // UI scenarios and the workbench driver hand functions to page.evaluate(), which run in the browser.
    files: ['test/e2e/ui/**/*.mjs', 'scripts/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
