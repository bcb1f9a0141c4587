import * as vscode from 'vscode';
import { openSourceCommandUri, sourceLinkTooltip } from '../../core/document/dumpDocument';
import type { DumpLayoutCache } from './layoutCache';

/**
 * DumpLinkProvider turns every frame's `file.go:123` into a link that runs
 * `goroutineLens.openSource` with `{ file, line, func }`; the command finds
 * the file (workspace suffix match, then GOROOT).
 */
export class DumpLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly layouts: DumpLayoutCache) {}

  provideDocumentLinks(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.DocumentLink[] {
    const { links } = this.layouts.layout(document);
    if (token.isCancellationRequested) return [];
    return links.map((l) => {
      const link = new vscode.DocumentLink(new vscode.Range(l.line, l.startColumn, l.line, l.endColumn), vscode.Uri.parse(openSourceCommandUri(l)));
      link.tooltip = sourceLinkTooltip(l);
      return link;
    });
  }
}
