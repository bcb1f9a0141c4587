import type * as vscode from 'vscode';
import type { DumpLayout, OutlineSymbol } from '../../core/document/dumpDocument';
import { loadDumpParser } from '../../lazy';

interface Entry {
  readonly version: number;
  readonly layout: DumpLayout;
  readonly outline: OutlineSymbol[];
}

/**
 * DumpLayoutCache keeps one document version's layout and outline, made in
 * one pass of the parser, so that folding, links and the outline — asked for
 * one after the other after every edit — read a large dump once. Entries go
 * with their documents. The parser lays a dump out, so the first layout
 * loads it (src/lazy).
 */
export class DumpLayoutCache {
  private readonly entries = new WeakMap<vscode.TextDocument, Entry>();

  /** layout is the document's layout; `text` saves another getText() when the caller has it. */
  layout(document: vscode.TextDocument, text?: string): DumpLayout {
    return this.entry(document, text).layout;
  }

  /** outline is the document's outline. */
  outline(document: vscode.TextDocument): OutlineSymbol[] {
    return this.entry(document).outline;
  }

  private entry(document: vscode.TextDocument, text?: string): Entry {
    const cached = this.entries.get(document);
    if (cached !== undefined && cached.version === document.version) return cached;
    const entry: Entry = { version: document.version, ...loadDumpParser().layDumpOut(text ?? document.getText()) };
    this.entries.set(document, entry);
    return entry;
  }
}
