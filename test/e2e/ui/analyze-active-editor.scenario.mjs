// A developer has a goroutine dump open in an editor (a real debug=2 dump of
// the example service) and asks Goroutine Lens to analyze it from the command
// palette: the Goroutines view shows the dump, the Transport-per-call leak
// signature and the persistConn groups.
export const title = 'analyze the dump in the active editor from the command palette';

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb }) {
  await wb.openFile('dumps/leaky.goroutines');
  await wb.runCommand('Goroutine Lens: Analyze Active Editor as Goroutine Dump');

  const view = await wb.expandPane('Goroutines');
  await wb.treeItem(/^leaky\.goroutines 128 goroutines/, { within: view }).waitFor();
  await wb.treeItem(/^Idle keep-alive connections/, { within: view }).waitFor();
  await wb.treeItem(/^41 × http\.\(\*persistConn\)\.readLoop/, { within: view }).waitFor();
  await wb.treeItem(/^41 × http\.\(\*persistConn\)\.writeLoop/, { within: view }).waitFor();

  await wb.resizeSideBar(560);
  await wb.screenshot('analyze-active-editor', { publish: true });
}
