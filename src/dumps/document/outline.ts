import * as vscode from 'vscode';
import type { DocumentRange, OutlineSymbol } from '../../core/document/dumpDocument';
import type { DumpLayoutCache } from './layoutCache';

const KINDS: Record<OutlineSymbol['kind'], vscode.SymbolKind> = {
  group: vscode.SymbolKind.Function,
  goroutine: vscode.SymbolKind.Event,
  record: vscode.SymbolKind.Event,
};

/**
 * DumpSymbolProvider is the outline of a dump document: its groups, biggest
 * first, each with its goroutines. A document that is not a dump has none.
 * The outline comes with the document's layout (DumpLayoutCache).
 */
export class DumpSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly layouts: DumpLayoutCache) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    return this.layouts.outline(document).map(toSymbol);
  }
}

function toSymbol(s: OutlineSymbol): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, KINDS[s.kind], toRange(s.range), toRange(s.selectionRange));
  symbol.children = s.children.map(toSymbol);
  return symbol;
}

function toRange(r: DocumentRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
}
