// A folder the user has not trusted (VS Code's workspace trust kept on: the
// folder opens in Restricted Mode) names an endpoint in its settings. Fetching
// it asks first: Cancel sends nothing, Fetch fetches. A URL the user types is
// fetched without asking, and when that fetch fails, the error is shown once
// the "Fetching…" progress notification has gone.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import path from 'node:path';

export const title = 'untrusted workspace: an endpoint from its settings is fetched only after the user agrees';
export const codeServer = { workspaceTrust: true };

/** The pprof endpoint the workspace's settings name: a real server on 127.0.0.1 serving a real dump, counting requests. */
const endpoint = { url: '', requests: 0 };

/** @param {{ workspace: string, repoRoot: string, cleanup: (fn: () => Promise<unknown>) => void }} ctx */
export async function setup({ workspace, repoRoot, cleanup }) {
  const dump = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'dumps', 'transport-leak.debug2.txt'));
  const server = createServer((req, res) => {
    endpoint.requests++;
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(dump.length) });
    res.end(dump);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
  endpoint.url = `http://127.0.0.1:${server.address().port}/debug/pprof/goroutine?debug=2`;
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'goroutineLens.fetch.defaultUrl': endpoint.url }, null, 2));
}

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page }) {
  await page.getByText('Restricted Mode').first().waitFor({ timeout: 30_000 });
  const dialog = page.locator('.monaco-dialog-box');
  const question =
    /This workspace is not trusted, and its settings name the endpoint http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/goroutine\?debug=2\. Fetch it anyway\?/;
  const askToFetch = async () => {
    await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
    await wb.pickQuickItem(endpoint.url);
    await dialog.filter({ hasText: question }).waitFor({ timeout: 15_000 });
  };

  // Cancel: nothing is sent, nothing opens.
  await askToFetch();
  await wb.screenshot('untrusted-fetch-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 5000 });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  if (endpoint.requests !== 0) throw new Error(`the endpoint was contacted ${endpoint.requests} time(s) although the user cancelled`);
  await wb.showView('Goroutine Lens');
  const view = await wb.expandPane('Goroutines');
  if ((await wb.treeItemNames({ within: view })).some((n) => n.includes('127.0.0.1'))) throw new Error('a dump opened although the user cancelled');

  // Fetch: the dump arrives.
  await askToFetch();
  await dialog.getByRole('button', { name: 'Fetch' }).click();
  await wb.treeItem(/Idle keep-alive connections: usually an http\.Transport created per call/, { within: view }).waitFor({ timeout: 30_000 });
  if (endpoint.requests !== 1) throw new Error(`expected one request after the user agreed, saw ${endpoint.requests}`);

  // A URL the user types is theirs: no question. It is refused, and the error shows without the progress notification beside it.
  const refused = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  await wb.clearNotifications();
  await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
  await wb.answerInput(`127.0.0.1:${refused}`);
  // Checked at the first frame that shows the error: which toasts are on screen with it.
  const seen = await page.waitForFunction(
    () => {
      const shown = [...document.querySelectorAll('.notifications-toasts .notification-toast')]
        .filter((t) => t.getClientRects().length > 0)
        .map((t) => t.textContent ?? '');
      return shown.some((t) => t.includes('connection refused')) ? { beside: shown.filter((t) => t.includes('Fetching http')).length } : null;
    },
    null,
    { polling: 'raf', timeout: 20_000 },
  );
  const { beside } = await seen.jsonValue();
  if (await dialog.isVisible()) throw new Error('a typed URL asked for confirmation');
  await wb.screenshot('fetch-error-alone');
  if (beside > 0) throw new Error(`the error is shown beside ${beside} "Fetching…" progress notification(s)`);
}
