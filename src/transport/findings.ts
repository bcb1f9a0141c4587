/**
 * findings.ts is "Show Transport Findings": the workspace's findings in a
 * picker, worst first, each previewed in its editor as it is selected; a
 * button opens the Problems view instead. A single finding is opened
 * directly — the way the dump viewer's "scan and reveal" lands on the code.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SEVERITY_RANK, type Finding } from '../core/transport/model';
import { findingSummary } from '../core/transport/hover';
import { toVsRange, type ScanSummary, type TransportAnalysis } from './analysis';

const ICONS: Readonly<Record<Finding['severity'], string>> = { warning: '$(warning)', information: '$(info)', hint: '$(lightbulb)' };

interface FindingItem extends vscode.QuickPickItem {
  readonly uri: vscode.Uri;
  readonly finding: Finding;
}

/** PROBLEMS_COMMAND opens the Problems view. */
const PROBLEMS_COMMAND = 'workbench.actions.view.problems';

/**
 * revealFindings shows the findings (after a scan when `scan` is given) and
 * returns how many there are; it does not wait for the picker to close.
 */
export async function revealFindings(analysis: TransportAnalysis, scan?: ScanSummary): Promise<number> {
  const all = analysis
    .allFindings()
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
        a.uri.fsPath.localeCompare(b.uri.fsPath) ||
        a.finding.range.startOffset - b.finding.range.startOffset,
    );
  if (all.length === 0) {
    const scanned = scan ? ` (${scan.filesSeen.toLocaleString('en-US')} Go files scanned)` : '';
    void vscode.window.showInformationMessage(`No http.Transport built per call in the workspace${scanned}.`);
    return 0;
  }
  if (all.length === 1) {
    await open(all[0]!, false);
    return 1;
  }
  const picker = vscode.window.createQuickPick<FindingItem>();
  picker.title = `http.Transport built per call: ${all.length} findings`;
  picker.placeholder = 'Pick a finding to open it';
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.buttons = [{ iconPath: new vscode.ThemeIcon('list-flat'), tooltip: 'Show in the Problems view' }];
  picker.items = all.map(({ uri, finding }) => ({
    uri,
    finding,
    label: `${ICONS[finding.severity]} ${path.basename(uri.fsPath)}:${finding.range.start.line + 1}`,
    description: folderOf(uri),
    detail: findingSummary(finding),
  }));
  picker.onDidChangeActive(([item]) => item && void open(item, true));
  picker.onDidAccept(() => {
    const [item] = picker.selectedItems;
    picker.hide();
    if (item) void open(item, false);
  });
  picker.onDidTriggerButton(() => {
    picker.hide();
    void vscode.commands.executeCommand(PROBLEMS_COMMAND);
  });
  picker.onDidHide(() => picker.dispose());
  picker.show();
  return all.length;
}

/** open shows a finding in its editor, selected: as a preview that keeps the picker's focus, or for good. */
async function open(item: { uri: vscode.Uri; finding: Finding }, preview: boolean): Promise<void> {
  const range = toVsRange(item.finding.range);
  const editor = await vscode.window.showTextDocument(item.uri, { preview, preserveFocus: preview });
  // Selected from its end back to its start: the cursor (and the status bar's position) is where the Transport begins.
  editor.selection = new vscode.Selection(range.end, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** folderOf is a file's folder relative to its workspace folder (with the folder's name in a multi-root workspace), or '' at the root. */
function folderOf(uri: vscode.Uri): string {
  const dir = path.posix.dirname(vscode.workspace.asRelativePath(uri).replace(/\\/g, '/'));
  return dir === '.' ? '' : dir;
}
