// From the dump to the code: a developer has the example service's goroutine
// dump open and analyzed; the Goroutines view names the leak ("Idle
// keep-alive connections: usually an http.Transport created per call"). They
// ask for the explanation, press "Scan Workspace for Per-Call Transports",
// and pick a finding from the list the scan reveals: the editor opens on the
// Transport that fetchStatus builds per call.
export const title = "from the dump's Transport leak signature, scan the workspace and land on the per-call Transport";

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page }) {
  await wb.openFile('dumps/leaky.goroutines');
  await wb.runCommand('Goroutine Lens: Analyze Active Editor as Goroutine Dump');
  const view = await wb.expandPane('Goroutines');
  const signature = wb.treeItem(/^Idle keep-alive connections/, { within: view });
  await signature.waitFor({ timeout: 30_000 });
  await wb.resizeSideBar(560);

  await signature.hover();
  await signature.locator('.action-label[aria-label="Explain Leak Signature"]').click();
  const explanation = await wb.notification('Idle keep-alive connections');
  await explanation.locator('.monaco-button', { hasText: 'Scan Workspace for Per-Call Transports' }).click();

  // The scan reveals the example workspace's findings, worst first.
  await wb.quickInput.locator('.quick-input-title', { hasText: /http\.Transport built per call: \d+ findings/ }).waitFor({ timeout: 30_000 });
  const rows = await wb.quickRowLabels();
  if (!rows.some((r) => /status\.go:30/.test(r))) throw new Error(`the findings list has no status.go:30: ${rows.join(' | ')}`);
  // (The scan's progress notification closes on its own once the scan is done.)
  await page
    .locator('.notifications-toasts .notification-toast', { hasText: 'Scanning for http.Transport' })
    .waitFor({ state: 'hidden', timeout: 10_000 })
    .catch(() => {});
  await wb.screenshot('transport-from-dump', { publish: true });
  await wb.pickQuickItem(/status\.go:30/);

  await wb.waitForEditor('status.go');
  // The cursor is where the Transport begins, the whole expression selected.
  await page
    .locator('.statusbar-item', { hasText: /Ln 30, Col \d+ \(109 selected\)/ })
    .first()
    .waitFor({ timeout: 10_000 });
}
