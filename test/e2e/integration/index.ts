// index.ts is the extensionTestsPath of the integration tests: VS Code's
// extension host calls run(), which runs every compiled *.test.js under this
// folder with Mocha (tdd: suite/test) inside the real extension host, where the
// `vscode` API is the real one. scripts/e2e/integration.mjs starts it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { RESULT_MARKER, START_MARKER, TEST_MARKER } from './helpers';

function* testFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(file);
    else if (entry.name.endsWith('.test.js')) yield file;
  }
}

/**
 * run runs the suites and resolves when they all passed. The harness shows
 * what is printed between the START_MARKER and RESULT_MARKER lines, and reads
 * the counts from the latter. GOROUTINE_LENS_E2E_GREP narrows the
 * run to tests whose full title matches it.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 30_000, slow: 5_000 });
  const grep = process.env.GOROUTINE_LENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const file of [...testFiles(__dirname)].sort()) mocha.addFile(file);
  console.log(START_MARKER);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        console.log(`${RESULT_MARKER}${JSON.stringify({ passes, failures: failed, pending })}`);
        if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`));
        else resolve();
      });
      runner.on('test', (t) => console.log(`${TEST_MARKER}${t.fullTitle()}`));
    } catch (err) {
      reject(err);
    }
  });
}
