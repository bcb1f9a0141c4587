// smoke.test.ts: the packaged extension is installed in a real VS Code, it
// activates, and every command its manifest contributes is registered.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activate, extension, manifestCommands, repoPath } from './helpers';

suite('smoke', () => {
  test("the extension is installed, at this build's version", () => {
    const ext = extension();
    const ours = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
    assert.equal((ext.packageJSON as { version: string }).version, ours.version);
  });

  test('it activates', async () => {
    const ext = await activate();
    assert.equal(ext.isActive, true);
  });

  test('command goroutineLens.analyzeActiveEditor is registered', async () => {
    await activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('goroutineLens.analyzeActiveEditor'));
  });

  test('every command in the manifest is registered once it is active', async () => {
    await activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifestCommands().filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('the example workspace is open', async () => {
    const files = await vscode.workspace.findFiles('**/*.go');
    assert.ok(
      files.some((f) => f.path.endsWith('/status.go')),
      `no status.go among ${files.map((f) => f.path).join(', ')}`,
    );
  });
});
