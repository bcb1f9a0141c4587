import * as vscode from 'vscode';
import { foldingRanges } from '../../core/document/dumpDocument';
import type { DumpLayoutCache } from './layoutCache';

/** DumpFoldingProvider folds each goroutine, debug=1 record, traceback preamble, runtime stack and race report. */
export class DumpFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly layouts: DumpLayoutCache) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return foldingRanges(this.layouts.layout(document)).map((r) => new vscode.FoldingRange(r.startLine, r.endLine));
  }
}
