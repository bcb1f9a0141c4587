/**
 * hover.ts explains a finding where it is: why the Transport leaks, the
 * goroutine states it leaves in a dump, and the fixes (text from
 * core/transport/hover.ts).
 */
import * as vscode from 'vscode';
import { transportHoverMarkdown } from '../core/transport/hover';
import { isGoDocument, toVsRange, type TransportAnalysis } from './analysis';

export class TransportHover implements vscode.HoverProvider {
  /** `analysis` is the analyzer, made on first use (index.ts). */
  constructor(private readonly analysis: () => TransportAnalysis) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!isGoDocument(document)) return undefined;
    // Findings of the text as it is now: right after typing, positions may have moved.
    const findings = await this.analysis().freshFindings(document);
    if (token.isCancellationRequested) return undefined;
    const here = findings.filter((f) => toVsRange(f.range).contains(position));
    if (here.length === 0) return undefined;
    // The innermost finding (a Transport inside another's literal) first.
    here.sort((a, b) => b.range.startOffset - a.range.startOffset);
    const contents = here.map((f) => new vscode.MarkdownString(transportHoverMarkdown(f)));
    return new vscode.Hover(contents, toVsRange(here[0]!.range));
  }
}
