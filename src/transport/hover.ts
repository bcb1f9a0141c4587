/**
 * hover.ts explains a finding where it is: why the Transport leaks, the
 * goroutine states it leaves in a dump, and the fixes (text from
 * core/view/transportHover.ts).
 */
import * as vscode from 'vscode';
import { transportHoverMarkdown } from '../core/view/transportHover';
import { isGoDocument, toVsRange, type TransportAnalysis } from './analysis';

export class TransportHover implements vscode.HoverProvider {
  constructor(private readonly analysis: TransportAnalysis) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isGoDocument(document)) return undefined;
    const here = this.analysis.findings(document.uri).filter((f) => toVsRange(f.range).contains(position));
    if (here.length === 0) return undefined;
    // The innermost finding (a Transport inside another's literal) first.
    here.sort((a, b) => b.range.startOffset - a.range.startOffset);
    const contents = here.map((f) => new vscode.MarkdownString(transportHoverMarkdown(f)));
    return new vscode.Hover(contents, toVsRange(here[0]!.range));
  }
}
