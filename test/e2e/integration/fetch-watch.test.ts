// fetch-watch.test.ts: fetching from a local server inside the extension
// host — headers with a secret from SecretStorage, a refetch that reports
// what changed — and watching an endpoint whose goroutines keep growing.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { GoroutineLensApi } from '../../../src/extension';
import type { OpenDump } from '../../../src/dumps/store';
import { startProxy } from '../../support/proxy';
import { activate, repoPath, resetDumps, waitFor } from './helpers';

let api: GoroutineLensApi;
let server: Server;
let base: string;
/** extra is how many more readLoop goroutines the next dump holds: the "service" leaks as it is watched. */
let extra = 0;
const dumpText = readFileSync(repoPath('test', 'fixtures', 'dumps', 'transport-leak.debug2.txt'), 'utf8');
const readLoopBlock = (() => {
  const at = dumpText.indexOf('net/http.(*persistConn).readLoop');
  const start = dumpText.lastIndexOf('\ngoroutine ', at) + 1;
  return dumpText.slice(start, dumpText.indexOf('\n\n', at) + 2);
})();

function growingDump(): string {
  let text = dumpText.endsWith('\n\n') ? dumpText : `${dumpText}\n`;
  for (let i = 0; i < extra; i++) text += readLoopBlock.replace(/^goroutine \d+/, `goroutine ${700000 + i}`);
  return text;
}

const config = () => vscode.workspace.getConfiguration('goroutineLens');

suite('fetch and watch', () => {
  suiteSetup(async () => {
    api = (await activate()).exports as GoroutineLensApi;
    server = createServer((req, res) => {
      if (req.url?.startsWith('/private/')) {
        if (req.headers.authorization !== 'Bearer s3cret')
          return void res.writeHead(401, { 'Content-Type': 'text/plain' }).end('401 Unauthorized: token required\n');
      }
      if (req.url?.endsWith('/debug/pprof/goroutine?debug=2')) {
        extra += 10;
        return void res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(growingDump());
      }
      res.writeHead(404).end('404 page not found\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  suiteTeardown(async () => {
    api.dumps.watcher.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await config().update('watch.intervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config().update('watch.growthAlertAfter', undefined, vscode.ConfigurationTarget.Global);
    await config().update('fetch.headers', undefined, vscode.ConfigurationTarget.Global);
  });

  teardown(() => resetDumps(api));

  test('a bare host:port expands to the debug=2 path; fetching it again shows what changed', async () => {
    const first = (await vscode.commands.executeCommand('goroutineLens.fetchDump', base.replace('http://', ''))) as OpenDump;
    assert.ok(first, 'the fetch returned a dump');
    assert.equal(first.source.kind === 'url' && first.source.url, `${base}/debug/pprof/goroutine?debug=2`);
    assert.ok(first.raw, 'the raw text was saved for "Open Raw Dump"');
    // In this window's own folder, marked with this extension host's pid: another window never deletes it.
    const folder = dirname(first.raw.fsPath);
    assert.match(basename(folder), new RegExp(`^window-${process.pid}-`));
    assert.equal((JSON.parse(readFileSync(join(folder, 'owner.json'), 'utf8')) as { pid: number }).pid, process.pid);
    const second = (await vscode.commands.executeCommand('goroutineLens.refetch', { kind: 'dump', dump: first })) as OpenDump;
    assert.equal(api.dumps.store.dumps.length, 1, 'a refetch replaces the dump of the same URL');
    await waitFor("the replaced dump's saved body to be removed", () => !existsSync(first.raw!.fsPath));
    assert.ok(existsSync(second.raw!.fsPath));
    assert.ok(second.sincePrevious, 'the refetch is compared with the dump it replaces');
    assert.equal(second.sincePrevious.totalAfter - second.sincePrevious.totalBefore, 10);
    assert.ok(api.dumps.fetcher.recentUrls.includes(`${base}/debug/pprof/goroutine?debug=2`));
  });

  test("VS Code's http.proxy reaches the fetch (a real proxy, with credentials); http.noProxy bypasses it", async () => {
    const proxy = await startProxy({ credentials: { user: 'lens', pass: 'pr0xy-pa55' } });
    const http = vscode.workspace.getConfiguration('http');
    const url = `${base}/debug/pprof/goroutine?debug=2`;
    try {
      await http.update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      const open = (await vscode.commands.executeCommand('goroutineLens.fetchDump', url)) as OpenDump | undefined;
      assert.ok(open, 'the fetch through the proxy returned a dump');
      assert.deepEqual(
        proxy.records.map((r) => [r.method, r.target, r.status]),
        [['GET', url, 200]],
      );
      assert.equal(proxy.records[0]!.proxyAuthorization, `Basic ${Buffer.from('lens:pr0xy-pa55').toString('base64')}`);
      await http.update('noProxy', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
      assert.ok(await vscode.commands.executeCommand('goroutineLens.fetchDump', url));
      assert.equal(proxy.records.length, 1, 'http.noProxy names the host: fetched directly');
    } finally {
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await http.update('noProxy', undefined, vscode.ConfigurationTarget.Global);
      await proxy.close();
    }
  });

  test('a password in the URL never shows in the tree', async () => {
    const url = `${base.replace('http://', 'http://lens:pa55word@')}/debug/pprof/goroutine?debug=2`;
    const open = (await vscode.commands.executeCommand('goroutineLens.fetchDump', url)) as OpenDump | undefined;
    assert.ok(open, 'the fetch returned a dump');
    const node = api.dumps.tree.getChildren().find((n) => n.kind === 'dump' && n.dump === open)!;
    const item = api.dumps.tree.getTreeItem(node);
    const shown = [item.label, item.description, (item.tooltip as vscode.MarkdownString).value]
      .map((t) => (typeof t === 'string' ? t : JSON.stringify(t)))
      .join(' | ');
    assert.match(shown, /http:\/\/lens:\*\*\*@127\.0\.0\.1:\d+\/debug\/pprof\/goroutine\?debug=2/);
    assert.ok(!shown.includes('pa55word'), shown);
  });

  test('a header kept as a secret is sent, and never written to settings', async () => {
    const url = `${base}/private/debug/pprof/goroutine?debug=2`;
    assert.equal(await vscode.commands.executeCommand('goroutineLens.fetchDump', url), undefined, 'without the header: 401, no dump');
    await api.dumps.fetcher.setHeaderSecret(`${base}/private`, 'Authorization', 'Bearer s3cret');
    const stored = config().inspect<Record<string, Record<string, string>>>('fetch.headers')?.globalValue;
    assert.deepEqual(stored, { [`${base}/private`]: { Authorization: '${secret}' } });
    assert.doesNotMatch(JSON.stringify(stored), /s3cret/);
    const open = (await vscode.commands.executeCommand('goroutineLens.fetchDump', url)) as OpenDump | undefined;
    assert.ok(open, 'with the secret header the fetch succeeds');
  });

  test('watching: the status bar shows the total and trend; a group growing at every fetch is flagged', async () => {
    await config().update('watch.intervalSeconds', 1, vscode.ConfigurationTarget.Global);
    await config().update('watch.growthAlertAfter', 2, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('goroutineLens.watchEndpoint', `${base}/debug/pprof/goroutine?debug=2`);
    assert.equal(api.dumps.watcher.watching, `${base}/debug/pprof/goroutine?debug=2`);
    await waitFor('a growth alert', () => api.dumps.watcher.suspectsAlerted.size > 0, 20_000);
    assert.match(api.dumps.watcher.statusText, /^\$\(pulse\) [\d,]+ goroutines \$\(arrow-up\) \+10$/);
    const watched = api.dumps.store.dumps.filter((d) => d.source.kind === 'watch');
    assert.equal(watched.length, 1, 'the watched endpoint is one entry, replaced at each fetch');
    await vscode.commands.executeCommand('goroutineLens.stopWatching');
    assert.equal(api.dumps.watcher.watching, null);
  });
});
