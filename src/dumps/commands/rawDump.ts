import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { DUMP_LANGUAGE_ID, findGoroutineHeader } from '../../core/document/dumpDocument';
import { registerCommand } from '../../commands';
import type { OpenDump } from '../store';
import type { Node } from '../treeView';

/**
 * registerRawDumpCommand registers opening the text a dump was read from (the
 * file, the editor, or the fetched body saved for it), at a goroutine's header
 * line when the row is a goroutine id.
 */
export function registerRawDumpCommand(context: vscode.ExtensionContext): void {
  registerCommand(context, COMMANDS.openRawDump, async (node?: Node) => {
    const dump = node && 'dump' in node ? (node.dump as OpenDump) : undefined;
    if (!dump?.raw) {
      void vscode.window.showInformationMessage('Goroutine Lens: this dump has no raw text to open (debug=0 profiles are binary).');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(dump.raw);
    if (doc.languageId === 'plaintext') await vscode.languages.setTextDocumentLanguage(doc, DUMP_LANGUAGE_ID).then(undefined, () => undefined);
    const editor = await vscode.window.showTextDocument(doc, { preview: true });
    if (node?.kind === 'id') {
      const at = findGoroutineHeader(documentLines(doc), node.id);
      if (at >= 0) {
        const range = new vscode.Range(at, 0, at, 0);
        editor.selection = new vscode.Selection(range.start, range.start);
        editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
      }
    }
    return editor;
  });
}

function* documentLines(doc: vscode.TextDocument): Generator<string> {
  for (let i = 0; i < doc.lineCount; i++) yield doc.lineAt(i).text;
}
