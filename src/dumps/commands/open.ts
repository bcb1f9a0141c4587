import * as vscode from 'vscode';
import { isLensError } from '../../core/errors';
import { COMMANDS, VIEW_ID } from '../../core/commandIds';
import { registerCommand } from '../../commands';
import { loadDumpParser } from '../../lazy';
import type { DumpsApi } from '../api';
import type { OpenDump } from '../store';
import type { Node } from '../treeView';

/** revealDump shows a newly opened dump in the Goroutines view, expanded and selected. */
export async function revealDump(view: vscode.TreeView<Node>, open: OpenDump): Promise<void> {
  await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  await view.reveal({ kind: 'dump', dump: open }, { expand: true, select: true, focus: false });
}

/**
 * registerOpenCommands registers the commands that bring a dump into the view
 * from a file or from the active editor, and the one that closes a dump or a
 * comparison.
 */
export function registerOpenCommands(context: vscode.ExtensionContext, { store, view }: DumpsApi): void {
  registerCommand(context, COMMANDS.openDump, async (uri?: unknown) => {
    const target =
      uri instanceof vscode.Uri
        ? uri
        : (
            await vscode.window.showOpenDialog({
              canSelectMany: false,
              openLabel: 'Open Goroutine Dump',
              filters: { 'Goroutine dumps': ['txt', 'goroutines', 'gdump', 'log', 'gz', 'pb', 'pprof'], 'All files': ['*'] },
            })
          )?.[0];
    if (!target) return undefined;
    try {
      const dump = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Parsing ${target.path.split('/').pop()}` }, () =>
        loadDumpParser().parseDumpFile(target.fsPath),
      );
      const open = store.add({
        name: target.path.split('/').pop() ?? target.fsPath,
        source: { kind: 'file', uri: target },
        dump,
        raw: dump.format === 'debug0' ? null : target,
      });
      await revealDump(view, open);
      return open;
    } catch (err) {
      void vscode.window.showErrorMessage(`Goroutine Lens: ${isLensError(err) ? err.message : String(err)}`);
      return undefined;
    }
  });

  registerCommand(context, COMMANDS.analyzeActiveEditor, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Goroutine Lens: open a goroutine dump in an editor first, or use "Open Goroutine Dump…".');
      return undefined;
    }
    const doc = editor.document;
    try {
      const text = doc.getText();
      // An editor holds the whole text: an unterminated last line is not a cut.
      const dump = loadDumpParser().parseDumpText(text.endsWith('\n') ? text : `${text}\n`);
      const name = doc.isUntitled ? doc.fileName : (doc.uri.path.split('/').pop() ?? doc.fileName);
      const open = store.add({ name, source: { kind: 'document', uri: doc.uri }, dump, raw: doc.uri });
      await revealDump(view, open);
      return open;
    } catch (err) {
      void vscode.window.showErrorMessage(`Goroutine Lens: ${isLensError(err) ? err.message : String(err)}`);
      return undefined;
    }
  });

  registerCommand(context, COMMANDS.closeDump, (node?: Node) => {
    if (node?.kind === 'comparison') return store.removeComparison(node.comparison);
    if (node?.kind === 'dump') store.remove(node.dump);
  });
}
