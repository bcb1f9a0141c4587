// dumps.test.ts: the dump viewer in a real VS Code, through the API and the
// commands a user runs: open a dump, read the Goroutines tree, jump to
// source, analyze an editor, compare, change grouping and filter.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { GoroutineLensApi } from '../../../src/extension';
import type { Node } from '../../../src/dumps/treeView';
import type { OpenDump } from '../../../src/dumps/store';
import { activate, closeAllEditors, repoPath, resetDumps, waitFor, workspaceUri } from './helpers';

let api: GoroutineLensApi;

function label(node: Node): string {
  const item = api.dumps.tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function description(node: Node): string {
  const d = api.dumps.tree.getTreeItem(node).description;
  return typeof d === 'string' ? d : '';
}

async function openFixture(name: string): Promise<OpenDump> {
  const open = (await vscode.commands.executeCommand('goroutineLens.openDump', vscode.Uri.file(repoPath('test', 'fixtures', 'dumps', name)))) as
    OpenDump | undefined;
  assert.ok(open, `opening ${name} returned no dump`);
  return open;
}

function dumpNode(open: OpenDump): Node {
  const node = api.dumps.tree.getChildren().find((n) => n.kind === 'dump' && n.dump === open);
  assert.ok(node, 'the dump is a root of the Goroutines view');
  return node;
}

suite('dump viewer', () => {
  suiteSetup(async () => {
    api = (await activate()).exports as GoroutineLensApi;
    assert.ok(api?.dumps, 'activate() returns the dumps API');
  });

  teardown(async () => {
    resetDumps(api);
    api.dumps.store.setMode('exact');
    await closeAllEditors();
  });

  test('a dump opened from a file: summary, the Transport signature, then groups biggest first', async () => {
    const open = await openFixture('transport-leak.debug2.txt');
    const children = api.dumps.tree.getChildren(dumpNode(open));
    assert.deepEqual(
      children.slice(0, 2).map((n) => n.kind),
      ['summary', 'signature'],
    );
    assert.equal(label(children[1]!), 'Idle keep-alive connections: usually an http.Transport created per call');
    assert.equal(description(children[1]!), '40 goroutines');
    const groups = children.filter((n): n is Extract<Node, { kind: 'group' }> => n.kind === 'group');
    assert.equal(groups.length, 7);
    const counts = groups.map((g) => g.group.count);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
    const labels = groups.map(label);
    assert.ok(labels.includes('20 × http.(*persistConn).readLoop'), labels.join(' | '));
    assert.ok(labels.includes('20 × http.(*persistConn).writeLoop'), labels.join(' | '));
    // Under the signature: exactly the two persistConn groups.
    const underSignature = api.dumps.tree.getChildren(children[1]!).map(label).sort();
    assert.deepEqual(underSignature, ['20 × http.(*persistConn).readLoop', '20 × http.(*persistConn).writeLoop']);
  });

  test('a group shown under its dump and under the leak signature opens in both places (no id registered twice)', async () => {
    const open = await openFixture('transport-leak.debug2.txt');
    const children = api.dumps.tree.getChildren(dumpNode(open));
    const signature = children.find((n) => n.kind === 'signature')!;
    const underSignature = api.dumps.tree.getChildren(signature);
    const readLoop = underSignature.find((n) => label(n).endsWith('readLoop'))!;
    const sameUnderDump = children.find((n) => n.kind === 'group' && label(n).endsWith('readLoop'))!;
    const id = (n: Node) => api.dumps.tree.getTreeItem(n).id;
    assert.notEqual(id(readLoop), id(sameUnderDump));
    assert.equal(id(api.dumps.tree.getParent(readLoop)!), id(signature), "a signature's group has the signature as its parent");
    // The real view registers every id it shows: revealing both rows expanded would throw "already registered" on a clash.
    await api.dumps.view.reveal(sameUnderDump, { expand: true, select: false, focus: false });
    await api.dumps.view.reveal(signature, { expand: true, select: false, focus: false });
    await api.dumps.view.reveal(readLoop, { expand: true, select: true, focus: false });
    assert.equal(id(api.dumps.view.selection[0]!), id(readLoop));
  });

  test('a group expands to its frames, its creator and its ids', async () => {
    const open = await openFixture('transport-leak.debug2.txt');
    const group = api.dumps.tree.getChildren(dumpNode(open)).find((n) => n.kind === 'group' && label(n).endsWith('readLoop'))!;
    const rows = api.dumps.tree.getChildren(group);
    const frames = rows.filter((n) => n.kind === 'frame' && !n.creator);
    assert.equal(label(frames[frames.length - 1]!), 'http.(*persistConn).readLoop');
    assert.match(description(frames[frames.length - 1]!), /^transport\.go:\d+$/);
    const creator = rows.find((n) => n.kind === 'frame' && n.creator)!;
    assert.equal(label(creator), 'created by http.(*Transport).dialConn');
    const ids = rows.find((n) => n.kind === 'ids')!;
    assert.equal(description(ids), '20');
    assert.equal(api.dumps.tree.getChildren(ids).length, 20);
    // A frame row runs "Open Source" with the frame's file and line.
    const command = api.dumps.tree.getTreeItem(frames[frames.length - 1]!).command!;
    assert.equal(command.command, 'goroutineLens.openSource');
  });

  test('jump to source: a standard-library frame opens the file under the local GOROOT at its line', async () => {
    const editor = (await vscode.commands.executeCommand('goroutineLens.openSource', {
      file: '/usr/local/go/src/net/http/transport.go',
      line: 2093,
      func: 'net/http.(*persistConn).readLoop',
    })) as vscode.TextEditor | undefined;
    assert.ok(editor, 'an editor opened');
    assert.match(editor.document.uri.path, /\/src\/net\/http\/transport\.go$/);
    assert.doesNotMatch(editor.document.uri.path, /^\/usr\/local\/go\//, "the local GOROOT, not the dump machine's");
    assert.equal(editor.selection.active.line, 2092);
    assert.match(editor.document.lineAt(2092).text, /\S/);
  });

  test('jump to source: a frame from another machine or a -trimpath build opens the workspace file (longest suffix match)', async () => {
    for (const file of ['/home/ci/build/leaky/status.go', 'example.com/leaky/status.go']) {
      const editor = (await vscode.commands.executeCommand('goroutineLens.openSource', { file, line: 3, func: 'main.fetchStatus' })) as
        vscode.TextEditor | undefined;
      assert.ok(editor, `an editor opened for ${file}`);
      assert.equal(editor.document.uri.toString(), workspaceUri('status.go').toString());
      assert.equal(editor.selection.active.line, 2);
    }
  });

  test('jump to source: a file found nowhere is explained, not opened', async () => {
    const found = await api.dumps.locator.locate({ file: '/nowhere/pkg/gone.go', line: 4, func: 'example.com/gone.F' });
    assert.equal(typeof found, 'string');
    assert.match(found as string, /Cannot find gone\.go \(\/nowhere\/pkg\/gone\.go\) in the workspace or the Go module cache/);
  });

  test('analyze the active editor: the dump in the editor becomes a tree', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('dumps', 'leaky.goroutines'));
    await vscode.window.showTextDocument(doc);
    const open = (await vscode.commands.executeCommand('goroutineLens.analyzeActiveEditor')) as OpenDump;
    assert.equal(open.name, 'leaky.goroutines');
    assert.ok(open.analysis.signatures.some((s) => s.signature.id === 'transport-per-call'));
  });

  test("a dump opened as a document: folding per goroutine, links on its frames and an outline of its groups (the parser's reading, loaded with the first layout)", async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('dumps', 'leaky.goroutines'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'goroutine-dump');
    const headers = doc
      .getText()
      .split('\n')
      .flatMap((l, i) => (/^goroutine \d+ \[/.test(l) ? [i] : []));
    assert.ok(headers.length > 10);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    assert.deepEqual(
      folds.map((f) => f.start).sort((a, b) => a - b),
      headers,
    );
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    assert.ok(links.length > headers.length, `${links.length} links`);
    assert.ok(links.every((l) => l.target?.scheme === 'command'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.ok(symbols.length > 0);
    assert.equal(
      symbols.reduce((n, s) => n + s.children.length, 0),
      headers.length,
    );
  });

  test('grouping and filter change what the view shows', async () => {
    const open = await openFixture('zoo.debug2.txt');
    const groupsShown = () => api.dumps.tree.getChildren(dumpNode(open)).filter((n) => n.kind === 'group').length;
    const exact = groupsShown();
    await vscode.commands.executeCommand('goroutineLens.changeGrouping', 'state');
    assert.equal(api.dumps.store.mode, 'state');
    assert.ok(groupsShown() >= exact);
    await vscode.commands.executeCommand('goroutineLens.changeGrouping', 'exact');
    await vscode.commands.executeCommand('goroutineLens.filter', 'persistConn min:10');
    assert.equal(groupsShown(), 2);
    assert.match(api.dumps.view.message ?? '', /Filter: persistConn min:10/);
    await vscode.commands.executeCommand('goroutineLens.clearFilter');
    assert.equal(groupsShown(), exact);
  });

  test('compare two dumps: growth first', async () => {
    const older = await openFixture('transport-leak.debug2.txt');
    const newer = await openFixture('zoo.debug2.txt');
    const comparison = api.dumps.store.compare(older, newer);
    const root = api.dumps.tree.getChildren().find((n) => n.kind === 'comparison' && n.comparison === comparison)!;
    assert.match(description(root), /^\+98 goroutines \(64 → 162\)/);
    const rows = api.dumps.tree.getChildren(root);
    assert.match(label(rows[0]!), /^\+20 × /);
  });

  test("open raw dump goes to a goroutine's header", async () => {
    const open = await openFixture('transport-leak.debug2.txt');
    const group = api.dumps.tree.getChildren(dumpNode(open)).find((n) => n.kind === 'group' && label(n).endsWith('readLoop'))!;
    const ids = api.dumps.tree.getChildren(group).find((n) => n.kind === 'ids')!;
    const first = api.dumps.tree.getChildren(ids)[0] as Extract<Node, { kind: 'id' }>;
    const editor = (await vscode.commands.executeCommand('goroutineLens.openRawDump', first)) as vscode.TextEditor;
    await waitFor('the raw dump editor', () => vscode.window.activeTextEditor === editor);
    assert.ok(editor.document.lineAt(editor.selection.active.line).text.startsWith(`goroutine ${first.id} [`));
  });

  test('a race report: a row per race with both accesses and the creation stack, frames jump to source', async () => {
    const open = await openFixture('race.traceback.txt');
    const race = api.dumps.tree.getChildren(dumpNode(open)).find((n) => n.kind === 'race')!;
    assert.ok(race, 'a race row');
    assert.equal(label(race), 'Data race 1: read by goroutine 18, previous write by goroutine 1');
    const stacks = api.dumps.tree.getChildren(race);
    assert.deepEqual(stacks.map(label), [
      'read at 0x0000005e6740 by goroutine 18',
      'previous write at 0x0000005e6740 by goroutine 1',
      'goroutine 18 (running) created at',
    ]);
    const frame = api.dumps.tree.getChildren(stacks[0]!)[0]!;
    const item = api.dumps.tree.getTreeItem(frame);
    assert.equal(item.command?.command, 'goroutineLens.openSource');
    const target = item.command!.arguments![0] as { file: string; line: number; func: string };
    assert.equal(target.func, 'main.race.func1');
    assert.match(target.file, /\/test\/go\/crash\/main\.go$/);
    assert.equal(target.line, 220);
    // Which main.go opens is jump to source's choice (the test workspace has a main.go of its own, tested above).
    const editor = (await vscode.commands.executeCommand(item.command!.command, ...item.command!.arguments!)) as vscode.TextEditor | undefined;
    assert.ok(editor, 'the frame opened a source file');
    assert.match(editor.document.uri.path, /\/main\.go$/);
  });

  test("a creator's goroutine id leads to the parent's group; damage is in the summary", async () => {
    const open = await openFixture('real/gostackparse-go121_createdby.txt');
    const groups = api.dumps.tree.getChildren(dumpNode(open)).filter((n) => n.kind === 'group');
    const child = groups.find((g) => api.dumps.tree.getChildren(g).some((n) => n.kind === 'parent'))!;
    const parent = api.dumps.tree.getChildren(child).find((n) => n.kind === 'parent')!;
    assert.equal(label(parent), 'created in goroutine 1');
    assert.match(description(parent), /^group #\d+: /);
    assert.ok(api.dumps.tree.getChildren(parent).length > 0, "the parent's frames");
    const damaged = await openFixture('real/scope-486.debug2.txt');
    const summary = api.dumps.tree.getChildren(dumpNode(damaged))[0]!;
    const rows = api.dumps.tree.getChildren(summary);
    assert.ok(rows.some((r) => label(r) === 'damage' && /header is cut/.test(description(r))));
    assert.ok(rows.some((r) => label(r) === 'Truncated' && /goroutine 51/.test(description(r))));
  });
});
