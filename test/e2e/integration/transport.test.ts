// transport.test.ts: the Transport analyzer in a real VS Code, on the example
// workspace (status.go's per-call Transport; internal/health's constructor
// called per request, its no-hoist Probe, its exported NewPinger and a test
// file): the background scan's diagnostics, the quick fixes applied the way
// the light bulb applies them and checked with the real Go toolchain, undo,
// re-analysis as the user types and across the files of a package, the
// hover, the settings and the commands.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TransportApi } from '../../../src/transport';
import { TITLES } from '../../../src/transport/codeActions';
import { RULE_HELP_URI, TRANSPORT_RULE } from '../../../src/core/transport/model';
import { activate, closeAllEditors, openDocument, waitFor, workspaceRoot, workspaceUri } from './helpers';

const SOURCE = 'goroutine-lens';
const GO_ENV = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GO111MODULE: 'on' };

let api: TransportApi;
/** originals holds each workspace file's text before the tests, to put it back after each. */
const originals = new Map<string, string>();

const FILES = ['status.go', 'traffic.go', 'internal/health/client.go', 'internal/health/check.go', 'internal/health/check_test.go'];

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** diagnosticsOf waits until a file's diagnostics satisfy check, and returns them. */
function diagnosticsOf(relativePath: string, what: string, check: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  const uri = workspaceUri(...relativePath.split('/'));
  return waitFor(
    `${relativePath}: ${what}`,
    () => {
      const ds = ours(uri);
      return check(ds) ? ds : undefined;
    },
    timeoutMs,
  );
}

function at(doc: vscode.TextDocument, needle: string, occurrence = 0): vscode.Position {
  let i = -1;
  for (let n = 0; n <= occurrence; n++) i = doc.getText().indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} is not in ${doc.uri.fsPath}`);
  return doc.positionAt(i);
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(command, args, { cwd: workspaceRoot().fsPath, env: GO_ENV, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined, `${command} could not run: ${r.error?.message} (is golang-go installed?)`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** assertGoClean runs `gofmt -l` and `go build ./...` on the workspace as saved. */
function assertGoClean(): void {
  const fmt = run('gofmt', ['-l', '.']);
  assert.equal(fmt.status, 0, fmt.output);
  assert.equal(fmt.output.trim(), '', `gofmt would reformat: ${fmt.output}`);
  const build = run('go', ['build', './...']);
  assert.equal(build.status, 0, `go build failed:\n${build.output}`);
  const vet = run('go', ['vet', './...']);
  assert.equal(vet.status, 0, `go vet failed:\n${vet.output}`);
}

/** codeActions asks VS Code's code action machinery, as the light bulb does, resolving the edits. */
async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind?.value, 20)) ?? [];
}

suite('transport analyzer', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    const exports = (await activate()).exports as { transport?: TransportApi };
    assert.ok(exports?.transport, 'activate() returns the Transport analyzer API as `transport`');
    api = exports.transport;
    for (const f of FILES) originals.set(f, fs.readFileSync(workspaceUri(...f.split('/')).fsPath, 'utf8'));
    await waitFor('the background scan', () => api.lastScan, 30_000);
    await api.whenIdle();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closeAllEditors();
    for (const [f, text] of originals) {
      const path = workspaceUri(...f.split('/')).fsPath;
      if (fs.readFileSync(path, 'utf8') !== text) fs.writeFileSync(path, text);
    }
    const config = vscode.workspace.getConfiguration('goroutineLens.analyzer');
    for (const key of ['enabled', 'includeTests', 'severity.local']) {
      if (config.inspect(key)?.workspaceValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsOf('status.go', 'the original warning back', (ds) => ds.length === 1 && ds[0]!.severity === vscode.DiagnosticSeverity.Warning);
    await api.whenIdle();
  });

  test("the background scan puts a warning on status.go's per-call Transport, with the rule's code, link and related use", async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('status.go'));
    const [d] = await diagnosticsOf('status.go', 'one diagnostic', (ds) => ds.length === 1);
    assert.deepEqual(d!.range.start, at(doc, '&http.Transport{'));
    assert.equal(
      doc.getText(d!.range),
      '&http.Transport{\n\t\t\tMaxIdleConnsPerHost: 4,\n\t\t\tIdleConnTimeout:     0, // idle connections never time out\n\t\t}',
    );
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d!.source, SOURCE);
    const code = d!.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, TRANSPORT_RULE);
    assert.equal(code.target.toString(true), RULE_HELP_URI);
    assert.match(d!.message, /builds a new Transport on every call of fetchStatus/);
    const related = d!.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.equal(related[0]!.location.uri.fsPath, workspaceUri('status.go').fsPath);
    assert.deepEqual(related[0]!.location.range.start, at(doc, 'client.Get(url)'));
    assert.equal(related[0]!.message, 'the http.Client holding the Transport is used here');
    assert.ok(api.lastScan && !api.lastScan.cancelled && api.lastScan.filesSeen >= 7, JSON.stringify(api.lastScan));
  });

  test("a package's findings across its files: the constructor's callers, no hoist said why, information, tests left out", async () => {
    const client = await vscode.workspace.openTextDocument(workspaceUri('internal', 'health', 'client.go'));
    const check = await vscode.workspace.openTextDocument(workspaceUri('internal', 'health', 'check.go'));
    const cds = await diagnosticsOf('internal/health/client.go', 'two diagnostics', (ds) => ds.length === 2);
    const [ctor, pinger] = cds.sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual(ctor!.range.start, at(client, '&http.Transport{MaxIdleConnsPerHost'));
    assert.equal(ctor!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(ctor!.message, /newClient is called per call by Check/);
    const caller = ctor!.relatedInformation?.find((r) => r.location.uri.fsPath === check.uri.fsPath);
    assert.ok(caller, 'related information points at the caller in check.go');
    assert.deepEqual(caller.location.range.start, at(check, 'newClient(2 * time.Second)'));
    assert.deepEqual(pinger!.range.start, at(client, 'new(http.Transport)'));
    assert.equal(pinger!.severity, vscode.DiagnosticSeverity.Information);
    assert.match(pinger!.message, /never called in this package/);

    const [probe] = await diagnosticsOf('internal/health/check.go', 'one diagnostic', (ds) => ds.length === 1);
    assert.deepEqual(probe!.range.start, at(check, '&http.Transport{MaxConnsPerHost'));
    assert.match(probe!.message, /No quick fix: the expression refers to the local name maxConns/);
    assert.deepEqual(ours(workspaceUri('internal', 'health', 'check_test.go')), [], '_test.go files are left out by default');
  });

  test('the hoist quick fix is one edit: gofmt, go build and go vet are clean, the diagnostic goes, and undo restores it', async () => {
    const editor = await openDocument('status.go');
    const doc = editor.document;
    const original = doc.getText();
    const [d] = await diagnosticsOf('status.go', 'one diagnostic', (ds) => ds.length === 1);
    const actions = await codeActions(doc.uri, d!.range, vscode.CodeActionKind.QuickFix);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(TITLES.hoist) && titles.includes(TITLES.suppress), titles.join(' | '));
    const hoist = actions.find((a) => a.title === TITLES.hoist)!;
    assert.equal(hoist.isPreferred, true);
    assert.ok(hoist.edit, 'the hoist resolves to an edit');
    assert.ok(await vscode.workspace.applyEdit(hoist.edit));
    const fixed = doc.getText();
    assert.match(
      fixed,
      /\n\/\/ transport is shared by every call of fetchStatus: [^\n]*\nvar transport = &http\.Transport\{\n\tMaxIdleConnsPerHost: 4,\n\tIdleConnTimeout:     0, \/\/ idle connections never time out\n\}\n\n\/\/ fetchStatus is the bug/,
    );
    assert.match(fixed, /client := &http\.Client\{\n\t\tTransport: transport,\n\t\tTimeout:   5 \* time\.Second,\n\t\}/);
    assert.ok(await doc.save());
    assertGoClean();
    await diagnosticsOf('status.go', 'no diagnostic after the fix', (ds) => ds.length === 0);

    // One undo step takes the whole fix back.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original);
    await diagnosticsOf('status.go', 'the diagnostic back after undo, unsaved', (ds) => ds.length === 1);
    assert.ok(await doc.save());
  });

  test('typing a per-call Transport shows its diagnostic before any save; undoing the typing clears it', async () => {
    const editor = await openDocument('traffic.go');
    const doc = editor.document;
    assert.deepEqual(ours(doc.uri), []);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const typed = '\nfunc ping(url string) {\n\t_, _ = (&http.Client{Transport: &http.Transport{}}).Get(url)\n}\n';
    // Typed in a few keystrokes, as a user would: each supersedes the last analysis.
    for (let i = 0; i < typed.length; i += 16) {
      const pos = doc.positionAt(doc.offsetAt(end) + i);
      await editor.edit((e) => e.insert(pos, typed.slice(i, i + 16)), { undoStopBefore: i === 0, undoStopAfter: false });
    }
    assert.equal(doc.isDirty, true);
    const [d] = await diagnosticsOf('traffic.go', 'a diagnostic on the typed Transport', (ds) => ds.length === 1);
    assert.deepEqual(d!.range.start, at(doc, '&http.Transport{}'));
    assert.match(d!.message, /every call of ping/);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), originals.get('traffic.go'));
    await diagnosticsOf('traffic.go', 'no diagnostic after undo', (ds) => ds.length === 0);
  });

  test("an unsaved edit in one file changes another file's finding in the same package", async () => {
    const editor = await openDocument('internal/health/check.go');
    const doc = editor.document;
    await diagnosticsOf('internal/health/client.go', "the constructor's warning", (ds) =>
      ds.some((d) => /newClient is called per call by Check/.test(d.message)),
    );
    // Check now uses one client made at package level: newClient runs once.
    const edit = new vscode.WorkspaceEdit();
    const call = at(doc, 'c := newClient(2 * time.Second)');
    edit.replace(doc.uri, new vscode.Range(call, call.translate(0, 'c := newClient(2 * time.Second)'.length)), 'c := checkClient');
    const check = at(doc, '// Check asks');
    edit.insert(doc.uri, check, 'var checkClient = newClient(2 * time.Second)\n\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.isDirty, true);
    const cds = await diagnosticsOf('internal/health/client.go', 'only NewPinger left', (ds) => ds.length === 1);
    assert.match(cds[0]!.message, /NewPinger/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await diagnosticsOf('internal/health/client.go', "the constructor's warning back after revert", (ds) => ds.length === 2);
  });

  test('"Hoist all per-call Transports in this file" is a source.fixAll action: one edit, clean Go, no diagnostics left', async () => {
    const editor = await openDocument('internal/health/client.go');
    const doc = editor.document;
    await diagnosticsOf('internal/health/client.go', 'two diagnostics', (ds) => ds.length === 2);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, whole, vscode.CodeActionKind.SourceFixAll);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind?.value]),
      [[TITLES.hoistAll, 'source.fixAll.goroutineLens']],
    );
    assert.ok(actions[0]!.edit);
    assert.equal(actions[0]!.edit.size, 1);
    assert.ok(await vscode.workspace.applyEdit(actions[0]!.edit));
    assert.match(doc.getText(), /\nvar transport = &http\.Transport\{MaxIdleConnsPerHost: 2\}\n/);
    assert.match(doc.getText(), /\nvar newPingerTransport = new\(http\.Transport\)\n/);
    assert.ok(await doc.save());
    assertGoClean();
    await diagnosticsOf('internal/health/client.go', 'no diagnostics', (ds) => ds.length === 0);
    // The quick-fix menu offers it too where there is more than one hoist.
    await vscode.commands.executeCommand('undo');
    await diagnosticsOf('internal/health/client.go', 'both back', (ds) => ds.length === 2);
    const [ctor] = ours(doc.uri).sort((a, b) => a.range.start.line - b.range.start.line);
    const quick = await codeActions(doc.uri, ctor!.range, vscode.CodeActionKind.QuickFix);
    assert.deepEqual(quick.map((a) => a.title).sort(), [TITLES.hoist, TITLES.hoistAll, TITLES.suppress].sort());
    assert.ok(await doc.save());
  });

  test('where no hoist is possible only the suppression is offered, and it silences the finding', async () => {
    const editor = await openDocument('internal/health/check.go');
    const doc = editor.document;
    const [d] = await diagnosticsOf('internal/health/check.go', "Probe's warning", (ds) => ds.length === 1);
    const actions = await codeActions(doc.uri, d!.range, vscode.CodeActionKind.QuickFix);
    assert.deepEqual(
      actions.map((a) => a.title),
      [TITLES.suppress],
    );
    assert.ok(await vscode.workspace.applyEdit(actions[0]!.edit!));
    assert.match(doc.lineAt(d!.range.start.line).text, /Transport: &http\.Transport\{MaxConnsPerHost: maxConns\}\} \/\/nolint:transport-per-call$/);
    await diagnosticsOf('internal/health/check.go', 'no diagnostic once suppressed', (ds) => ds.length === 0);
    assert.ok(await doc.save());
    assertGoClean();
  });

  test('the hover explains the leak and the goroutine states it leaves in a dump', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('status.go'));
    await diagnosticsOf('status.go', 'one diagnostic', (ds) => ds.length === 1);
    const position = at(doc, '&http.Transport{').translate(0, 3);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position)) ?? [];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /http\.Transport built per call/);
    assert.match(text, /\[IO wait, \d+ minutes\]:\nnet\/http\.\(\*persistConn\)\.readLoop/);
    assert.match(text, /\[select, \d+ minutes\]:\nnet\/http\.\(\*persistConn\)\.writeLoop/);
    assert.match(text, /Hoist Transport to a package-level variable/);
    const elsewhere = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at(doc, 'func fetchStatus'))) ?? [];
    assert.ok(!elsewhere.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('built per call'))));
  });

  test("settings: a case's severity, including tests, and turning the analyzer off and on", async () => {
    const config = () => vscode.workspace.getConfiguration('goroutineLens.analyzer');
    await config().update('severity.local', 'information', vscode.ConfigurationTarget.Workspace);
    await diagnosticsOf('status.go', 'an information', (ds) => ds.length === 1 && ds[0]!.severity === vscode.DiagnosticSeverity.Information);
    await config().update('severity.local', 'off', vscode.ConfigurationTarget.Workspace);
    await diagnosticsOf('status.go', 'nothing with the case off', (ds) => ds.length === 0);
    await diagnosticsOf('internal/health/client.go', 'the other cases still reported', (ds) => ds.length === 2);

    await config().update('includeTests', true, vscode.ConfigurationTarget.Workspace);
    await config().update('severity.local', 'hint', vscode.ConfigurationTarget.Workspace);
    const [t] = await diagnosticsOf('internal/health/check_test.go', 'a hint in the test file', (ds) => ds.length === 1);
    assert.equal(t!.severity, vscode.DiagnosticSeverity.Hint);

    await config().update('enabled', false, vscode.ConfigurationTarget.Workspace);
    await waitFor('every diagnostic cleared', () => FILES.every((f) => ours(workspaceUri(...f.split('/'))).length === 0));
    let count = 0;
    api.diagnostics.forEach((_uri, ds) => (count += ds.length));
    assert.equal(count, 0);
    // Off, edits are not analysed.
    const editor = await openDocument('traffic.go');
    await editor.edit((e) => e.insert(new vscode.Position(editor.document.lineCount, 0), '\nfunc ping() { _ = &http.Transport{} }\n'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.deepEqual(ours(editor.document.uri), []);
    await vscode.commands.executeCommand('workbench.action.files.revert');

    await config().update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('includeTests', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('severity.local', undefined, vscode.ConfigurationTarget.Workspace);
    await diagnosticsOf('status.go', 'the warning back when turned on', (ds) => ds.length === 1 && ds[0]!.severity === vscode.DiagnosticSeverity.Warning);
    await diagnosticsOf('internal/health/check_test.go', 'the test file left out again', (ds) => ds.length === 0);
  });

  test('"Scan Workspace for Per-Call Transports" rescans and reveals the findings; "Show Transport Findings" lists them', async () => {
    const summary = (await vscode.commands.executeCommand('goroutineLens.scanWorkspace')) as
      { filesSeen: number; findings: number; cancelled: boolean } | undefined;
    // Findings a rescan finds again leave the markers alone: replacing them would close a quick-fix menu open on them.
    const changed: string[] = [];
    const listener = vscode.languages.onDidChangeDiagnostics((e) => changed.push(...e.uris.map((u) => vscode.workspace.asRelativePath(u))));
    try {
      const again = (await vscode.commands.executeCommand('goroutineLens.scanWorkspace')) as { findings: number };
      assert.equal(again.findings, 4);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      listener.dispose();
    }
    assert.deepEqual(changed, [], 'a rescan that finds what was published changes no diagnostics');
    assert.ok(summary, 'the command returns the scan summary');
    assert.equal(summary.cancelled, false);
    assert.equal(summary.filesSeen, 7);
    assert.equal(summary.findings, 4);
    const shown = await vscode.commands.executeCommand('goroutineLens.showTransportFindings');
    assert.equal(shown, 4);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    // With a single finding, the editor opens on it: the way the dump viewer's "scan and reveal" lands in the code.
    const config = vscode.workspace.getConfiguration('goroutineLens.analyzer');
    await config.update('exclude', ['internal/**'], vscode.ConfigurationTarget.Workspace);
    try {
      await diagnosticsOf('internal/health/client.go', 'excluded', (ds) => ds.length === 0);
      await closeAllEditors();
      const one = (await vscode.commands.executeCommand('goroutineLens.scanWorkspace')) as { findings: number };
      assert.equal(one.findings, 1);
      const editor = await waitFor('status.go opened on the finding', () =>
        vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('status.go') ? vscode.window.activeTextEditor : undefined,
      );
      assert.deepEqual(editor.selection.start, at(editor.document, '&http.Transport{'));
    } finally {
      await config.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsOf('internal/health/client.go', 'back in scope', (ds) => ds.length === 2);
  });

  test('files created and deleted on disk gain and lose their diagnostics', async () => {
    const uri = workspaceUri('internal', 'health', 'extra.go');
    const text = 'package health\n\nimport "net/http"\n\nfunc extra() *http.Transport { return &http.Transport{} }\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    try {
      const [d] = await diagnosticsOf('internal/health/extra.go', 'a diagnostic on the new file', (ds) => ds.length === 1);
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Information);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await diagnosticsOf('internal/health/extra.go', 'nothing once deleted', (ds) => ds.length === 0);
  });
});
