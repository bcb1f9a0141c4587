/**
 * commands.ts registers the Transport analyzer's commands: "Scan Workspace
 * for Per-Call Transports" (which the dump viewer's Transport leak signature
 * runs), "Show Transport Findings" and the status bar's cancel of a
 * background scan.
 */
import * as vscode from 'vscode';
import { registerCommand } from '../commands';
import { COMMANDS } from '../core/commandIds';
import type { ScanSummary, TransportAnalysis } from './analysis';
import { revealFindings } from './findings';
import { SECTION, analyzerEnabled } from './settings';

/** ensureEnabled asks to turn the analyzer on when a command needs it and it is off. */
async function ensureEnabled(): Promise<boolean> {
  if (analyzerEnabled()) return true;
  const choice = await vscode.window.showWarningMessage(`The Transport analyzer is off (${SECTION}.enabled).`, 'Turn On');
  if (choice !== 'Turn On') return false;
  await vscode.workspace.getConfiguration(SECTION).update('enabled', true, vscode.ConfigurationTarget.Global);
  return analyzerEnabled();
}

/** registerTransportCommands registers the commands; `analysis` is the analyzer, made on first use (index.ts). */
export function registerTransportCommands(context: vscode.ExtensionContext, analysis: () => TransportAnalysis): void {
  registerCommand(context, COMMANDS.scanWorkspace, async (): Promise<ScanSummary | undefined> => {
    if (!(await ensureEnabled())) return undefined;
    if (!(vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file')) {
      void vscode.window.showInformationMessage('Open a folder with Go code to scan it for http.Transport built per call.');
      return undefined;
    }
    try {
      const summary = await analysis().scan({ progress: 'notification' });
      if (!summary.cancelled) await revealFindings(analysis(), summary);
      return summary;
    } catch (err) {
      void vscode.window.showErrorMessage(
        `The scan for per-call Transports failed: ${err instanceof Error ? err.message : String(err)}. See the "Goroutine Lens: Analyzer" output for details.`,
      );
      return undefined;
    }
  });
  registerCommand(context, COMMANDS.showTransportFindings, async (): Promise<number | undefined> => {
    if (!(await ensureEnabled())) return undefined;
    const current = analysis();
    if (current.scanning) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Waiting for the Transport scan' }, () => current.whenIdle());
    } else if (!current.lastScan) {
      // Nothing scanned yet (the workspace had no Go files at start, or the analyzer was off): scan now.
      const summary = await current.scan({ progress: 'notification' });
      if (summary.cancelled) return undefined;
    }
    return revealFindings(current, current.lastScan);
  });
  registerCommand(context, COMMANDS.cancelTransportScan, () => analysis().cancelScan());
}
