// helpers.ts: what the integration tests share. They run inside the extension
// host of a real VS Code (code-server), started by scripts/e2e/integration.mjs
// on a scratch copy of test/e2e/workspace, with the packaged extension.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GoroutineLensApi } from '../../../src/extension';

/** START_MARKER is printed when Mocha starts: the harness shows the lines after it. */
export const START_MARKER = 'GOROUTINE_LENS_E2E_START';

/** TEST_MARKER starts the line naming the test that starts (hidden; a timeout report names it). */
export const TEST_MARKER = 'GOROUTINE_LENS_E2E_TEST ';

/** RESULT_MARKER starts the line with the Mocha counts that the harness reads (and hides). */
export const RESULT_MARKER = 'GOROUTINE_LENS_E2E_RESULT ';

/** METRIC_MARKER starts a line with a measurement (JSON: name, values) that the harness prints in its summary. */
export const METRIC_MARKER = 'GOROUTINE_LENS_E2E_METRIC ';

/** EXTENSION_ID is `publisher.name` from package.json. */
export const EXTENSION_ID = 'goroutine-lens.goroutine-lens';

/** repoRoot is the repository the tests were compiled in (the harness sets GOROUTINE_LENS_REPO). */
export const repoRoot = process.env.GOROUTINE_LENS_REPO ?? path.resolve(__dirname, '..', '..', '..', '..');

/** repoPath joins a repository-relative path, e.g. repoPath('test/fixtures/dumps/x.txt'). */
export function repoPath(...segments: string[]): string {
  return path.join(repoRoot, ...segments);
}

/** workspaceRoot is the folder open in the window: the scratch copy of test/e2e/workspace. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no folder is open: the harness opens a copy of test/e2e/workspace');
  return folder.uri;
}

/** workspaceUri joins a path inside the open workspace, e.g. workspaceUri('dumps/leaky.goroutines'). */
export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** extension returns the extension under test, failing the test when it is not there. */
export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the test VS Code`);
  return ext;
}

/** activate activates the extension under test (once) and returns it. */
export async function activate(): Promise<vscode.Extension<unknown>> {
  const ext = extension();
  if (!ext.isActive) await ext.activate();
  return ext;
}

/** manifestCommands lists the command ids that package.json contributes. */
export function manifestCommands(): string[] {
  const commands = (extension().packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  return commands.map((c) => c.command);
}

/** openDocument opens a workspace file (path relative to the workspace) in an editor and returns the editor. */
export async function openDocument(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...relativePath.split('/')));
  return vscode.window.showTextDocument(doc);
}

/**
 * waitFor polls until check returns a truthy value (returned) or timeoutMs
 * pass (fails with `what`): for effects that land asynchronously, such as a
 * tree refresh or diagnostics.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** closeAllEditors closes every editor (call it in teardown so tests do not see each other's editors). */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** resetDumps removes every open dump and clears the tree filter (call it in teardown so tests do not see each other's dumps). */
export function resetDumps(api: GoroutineLensApi): void {
  for (const d of [...api.dumps.store.dumps]) api.dumps.store.remove(d);
  api.dumps.store.setFilter(null);
}
