import type * as vscode from 'vscode';
import type { DumpLayout, OutlineSymbol } from '../../core/document/dumpDocument';
import { loadDumpParser } from '../../lazy';

interface Entry {
  readonly version: number;
  readonly layout: DumpLayout;
  outline?: OutlineSymbol[];
}

/**
 * DumpLayoutCache keeps one document version's layout (and outline), so
 * that folding, links and the outline — asked for one after the other after
 * every edit — scan a large dump once. Entries go with their documents.
 * The parser lays a dump out, so the first layout loads it (src/lazy).
 */
export class DumpLayoutCache {
  private readonly entries = new WeakMap<vscode.TextDocument, Entry>();

  /** layout is the document's layout; `text` saves another getText() when the caller has it. */
  layout(document: vscode.TextDocument, text?: string): DumpLayout {
    return this.entry(document, text).layout;
  }

  /** outline memoizes `compute` for the document's current version. */
  outline(document: vscode.TextDocument, compute: (text: string, layout: DumpLayout) => OutlineSymbol[]): OutlineSymbol[] {
    const text = document.getText();
    const entry = this.entry(document, text);
    entry.outline ??= compute(text, entry.layout);
    return entry.outline;
  }

  private entry(document: vscode.TextDocument, text?: string): Entry {
    const cached = this.entries.get(document);
    if (cached !== undefined && cached.version === document.version) return cached;
    const entry: Entry = { version: document.version, layout: loadDumpParser().scanDumpLayout(text ?? document.getText()) };
    this.entries.set(document, entry);
    return entry;
  }
}
