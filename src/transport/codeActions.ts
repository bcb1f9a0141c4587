/**
 * codeActions.ts offers the rule's fixes on Go documents:
 * - "Hoist Transport to a package-level variable", the preferred quick fix
 *   of each fixable finding;
 * - "Hoist all per-call Transports in this file", as a `source.fixAll`
 *   action (run by `editor.codeActionsOnSave`) and, where the file has more
 *   than one fixable finding, as a quick fix next to the single hoist;
 * - "Suppress with //nolint:transport-per-call".
 *
 * Each edit is the core's pure edit, applied as one WorkspaceEdit (one undo
 * step). The hoists are computed by the worker when an action is chosen
 * (`resolveCodeAction`), not every time the light bulb asks, and only
 * against the document version the action was offered for: if the document
 * changed in between, the action is dropped rather than applied to
 * different text.
 */
import * as vscode from 'vscode';
import { HOIST_TITLE, type Finding, type TextEdit } from '../core/transport/model';
import { NOLINT_DIRECTIVE, suppressionEdit } from '../core/transport/nolint';
import { isGoDocument, toVsRange, type TransportAnalysis } from './analysis';

/** TITLES are the actions' titles: the tests and the UI scenario pick actions by them. */
export const TITLES = {
  hoist: HOIST_TITLE,
  hoistAll: 'Hoist all per-call Transports in this file',
  suppress: `Suppress with ${NOLINT_DIRECTIVE}`,
} as const;

/** FIX_ALL_KIND is the fix-all action's kind: `source.fixAll.goroutineLens`, run by `"source.fixAll"` on save. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('goroutineLens');

/** HoistAction is an action whose edit is computed when it is chosen. */
class HoistAction extends vscode.CodeAction {
  constructor(
    title: string,
    kind: vscode.CodeActionKind,
    readonly document: vscode.TextDocument,
    readonly version: number,
    /** The finding's start offset, or undefined for every hoist of the file. */
    readonly startOffset: number | undefined,
  ) {
    super(title, kind);
  }
}

export class TransportCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  /** `analysis` is the analyzer, made on first use (index.ts). */
  constructor(private readonly analysis: () => TransportAnalysis) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (!isGoDocument(document)) return [];
    const only = context.only;
    const wantQuickFixes = !only || only.contains(vscode.CodeActionKind.QuickFix);
    const wantFixAll = !only || only.contains(FIX_ALL_KIND);
    if (!wantQuickFixes && !wantFixAll) return [];
    const findings = await this.analysis().freshFindings(document);
    if (token.isCancellationRequested || findings.length === 0) return [];
    const version = document.version;
    const fixable = findings.filter((f) => f.fixAvailable);
    const actions: vscode.CodeAction[] = [];

    if (wantQuickFixes) {
      const here = findings.filter((f) => toVsRange(f.range).intersection(range) !== undefined);
      const suppressedLines = new Set<number>();
      for (const finding of here) {
        const diagnostic = this.analysis().diagnosticOf(document.uri, finding);
        if (finding.fixAvailable) {
          const hoist = new HoistAction(TITLES.hoist, vscode.CodeActionKind.QuickFix, document, version, finding.range.startOffset);
          hoist.isPreferred = true;
          if (diagnostic) hoist.diagnostics = [diagnostic];
          actions.push(hoist);
        }
        const line = finding.range.start.line;
        if (!suppressedLines.has(line)) {
          suppressedLines.add(line);
          const suppress = this.suppressAction(document, finding, diagnostic);
          if (suppress) actions.push(suppress);
        }
      }
      if (fixable.length > 1 && here.some((f) => f.fixAvailable)) {
        actions.push(new HoistAction(TITLES.hoistAll, vscode.CodeActionKind.QuickFix, document, version, undefined));
      }
    }
    if (wantFixAll && fixable.length > 0) {
      const all = new HoistAction(TITLES.hoistAll, FIX_ALL_KIND, document, version, undefined);
      all.diagnostics = fixable.map((f) => this.analysis().diagnosticOf(document.uri, f)).filter((d): d is vscode.Diagnostic => d !== undefined);
      actions.push(all);
    }
    return actions;
  }

  async resolveCodeAction(action: vscode.CodeAction, token: vscode.CancellationToken): Promise<vscode.CodeAction> {
    if (!(action instanceof HoistAction) || action.edit) return action;
    const { document, version } = action;
    if (document.isClosed || document.version !== version) return action;
    const reply =
      action.startOffset === undefined ? await this.analysis().fixAllEdits(document) : await this.analysis().hoistEdits(document, action.startOffset);
    if (token.isCancellationRequested || document.isClosed || document.version !== version || reply.edits.length === 0) return action;
    action.edit = toWorkspaceEdit(reply.edits);
    return action;
  }

  private suppressAction(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction | undefined {
    const edit = suppressionEdit(document.getText(), finding.range.start.line);
    if (!edit) return undefined;
    const action = new vscode.CodeAction(TITLES.suppress, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.newText);
    if (diagnostic) action.diagnostics = [diagnostic];
    return action;
  }
}

/** toWorkspaceEdit turns the core's edits (positions in the text that was analysed) into one WorkspaceEdit. */
export function toWorkspaceEdit(edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(vscode.Uri.file(e.file), toVsRange(e.range), e.newText);
  return edit;
}
