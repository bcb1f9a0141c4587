// pictures.test.ts: the flame graph panel and the dump on the code in a real
// VS Code, through the commands a user runs. The page reports each drawing
// back (a typed `drawn` message), so the tests see that the canvas was drawn
// with the nodes the model holds.
//
// With GOROUTINE_LENS_FLAME_BENCH=<dump file> the last test also measures the
// time from "Show Flame Graph" to a drawn canvas for that dump (see
// scripts/bench/flame.mjs) and writes it to test-results/flame-graph-bench.json.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { buildFlameGraph } from '../../../src/core/pictures/flameGraph';
import type { OpenDump } from '../../../src/dumps/store';
import type { GoroutineLensApi } from '../../../src/extension';
import type { DrawReport } from '../../../src/pictures/panel';
import { visibleGroups } from '../../../src/pictures/settings';
import { activate, closeAllEditors, repoPath, resetDumps, waitFor, workspaceUri } from './helpers';

let api: GoroutineLensApi;

async function openDump(path: string): Promise<OpenDump> {
  const open = (await vscode.commands.executeCommand('goroutineLens.openDump', vscode.Uri.file(path))) as OpenDump | undefined;
  assert.ok(open, `opening ${path} returned no dump`);
  return open;
}

/** showAndWaitForDraw runs Show Flame Graph on a dump's tree row and waits for the page's report of the drawing. */
async function showAndWaitForDraw(open: OpenDump, timeoutMs = 30_000): Promise<DrawReport> {
  const drawn = new Promise<DrawReport>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no drawing reported in ${timeoutMs} ms`)), timeoutMs);
    const sub = api.pictures.panel.onDidDraw((report) => {
      if (!report.key.startsWith(`dump:${open.id}:`)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(report);
    });
  });
  await vscode.commands.executeCommand('goroutineLens.showFlameGraph', { kind: 'dump', dump: open });
  return drawn;
}

suite('pictures', () => {
  suiteSetup(async () => {
    api = (await activate()).exports as GoroutineLensApi;
    assert.ok(api?.pictures, 'activate() returns the pictures API');
  });

  teardown(async () => {
    resetDumps(api);
    await closeAllEditors();
  });

  test('Show Flame Graph draws the merged stacks of the dump, under the tree filter', async () => {
    const open = await openDump(repoPath('test', 'fixtures', 'dumps', 'zoo.debug2.txt'));
    const report = await showAndWaitForDraw(open);
    const model = buildFlameGraph(visibleGroups(api.dumps.store, open), 'exact');
    assert.equal(report.nodes, model.nodes.length);
    assert.equal(report.timelinePoints, 0, 'a dump opened from a file has no timeline');
    await vscode.commands.executeCommand('goroutineLens.filter', 'readLoop');
    const filtered = await waitFor('a drawing under the filter', () =>
      api.pictures.panel.lastDraw?.key.endsWith(':readLoop') ? api.pictures.panel.lastDraw : undefined,
    );
    assert.ok(filtered.nodes < report.nodes, `${filtered.nodes} nodes under the filter, ${report.nodes} without`);
  });

  test('a comparison shows the newer dump and its two points', async () => {
    const older = await openDump(repoPath('test', 'fixtures', 'dumps', 'transport-leak.debug2.txt'));
    const newer = await openDump(repoPath('test', 'fixtures', 'dumps', 'zoo.debug2.txt'));
    const comparison = api.dumps.store.compare(older, newer);
    const drawn = new Promise<DrawReport>((resolve) => {
      const sub = api.pictures.panel.onDidDraw((report) => {
        if (report.key.startsWith(`comparison:${comparison.id}:`)) {
          sub.dispose();
          resolve(report);
        }
      });
    });
    await vscode.commands.executeCommand('goroutineLens.showFlameGraph', { kind: 'comparison', comparison });
    const report = await drawn;
    assert.equal(report.nodes, buildFlameGraph(visibleGroups(api.dumps.store, newer), 'exact').nodes.length);
    assert.equal(report.timelinePoints, 2);
  });

  test('the dump on the code: a workspace file shows its goroutines; closing the dump clears them', async () => {
    const open = await openDump(workspaceUri('dumps', 'leaky.goroutines').fsPath);
    const main = workspaceUri('main.go');
    const hint = await waitFor('main.go:55 counted', () => api.pictures.onCode.lineAt(main, 54), 20_000);
    assert.equal(hint.hint, '1 goroutine here · select (no cases)');
    assert.equal(hint.count.parked, 1);
    api.dumps.store.remove(open);
    assert.equal(await api.pictures.onCode.lineAt(main, 54), undefined);
  });

  test('time from Show Flame Graph to a drawn canvas (GOROUTINE_LENS_FLAME_BENCH)', async function () {
    const path = process.env.GOROUTINE_LENS_FLAME_BENCH;
    if (!path) return this.skip();
    this.timeout(600_000);
    const parseStarted = Date.now();
    const open = await openDump(path);
    const parseMs = Date.now() - parseStarted;
    const runs: DrawReport[] = [];
    for (let i = 0; i < 5; i++) {
      // Close the panel so each run creates the webview as a first "Show Flame Graph" does.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      api.pictures.panel.forget();
      runs.push(await showAndWaitForDraw(open, 120_000));
    }
    const modelStarted = performance.now();
    const model = buildFlameGraph(visibleGroups(api.dumps.store, open), 'exact');
    const modelMs = performance.now() - modelStarted;
    const figures = {
      dump: path,
      bytes: fs.statSync(path).size,
      goroutines: open.dump.total,
      groups: open.analysis.groups.length,
      nodes: model.nodes.length,
      parseMs,
      modelMs: Math.round(modelMs),
      runs: runs.map((r) => ({ sinceRequestMs: r.sinceRequestMs, transitMs: r.transitMs, pageMs: r.pageMs, drawMs: Math.round(r.drawMs) })),
    };
    console.log(`flame graph bench: ${JSON.stringify(figures)}`);
    fs.mkdirSync(repoPath('test-results'), { recursive: true });
    fs.writeFileSync(repoPath('test-results', 'flame-graph-bench.json'), `${JSON.stringify(figures, null, 2)}\n`);
  });
});
