import * as vscode from 'vscode';
import { lineCounts, lineHint, type LineCount } from '../core/pictures/lineCounts';
import { baseName } from '../core/source/pathMatch';
import { formatCount } from '../core/tree/treeModel';
import { escapeMarkdown } from '../core/pictures/markdown';
import type { SourceLocator } from '../dumps/sourceLocator';
import type { DumpStore, OpenDump } from '../dumps/store';
import { SECTION } from '../dumps/settings';
import { COMMANDS } from '../core/commandIds';
import { onCodeEnabled, visibleGroups } from './settings';

/** Where one open file's counted lines came from: the dump, and its lines by 0-based editor line. */
interface FileView {
  readonly dump: OpenDump;
  readonly lines: Map<number, LineCount>;
}

/**
 * DumpOnCode draws the newest open dump onto the source: at the end of every
 * line where its goroutines are parked or pass, "20,431 goroutines here ·
 * IO wait · up to 435 min", a mark in the overview ruler, and a hover that
 * lists the groups and opens them in the tree. Frames are matched to files
 * as jump to source matches them (SourceLocator: workspace suffix match,
 * GOROOT, module cache), so GOROOT files opened from a frame show it too.
 */
export class DumpOnCode implements vscode.Disposable {
  private readonly parkedType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    isWholeLine: true,
  });
  private readonly passingType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.infoForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    isWholeLine: true,
  });
  private readonly disposables: vscode.Disposable[] = [];
  /** The newest dump's counts, by the file as the dump prints it. */
  private counts: { dump: OpenDump; files: Map<string, Map<number, LineCount>> } | null = null;
  /** Where each frame file resolves on this machine (uri string, or undefined), per dump. */
  private resolved = new Map<string, Promise<string | undefined>>();
  private views = new Map<string, Promise<FileView | null>>();
  private generation = 0;

  constructor(
    private readonly store: DumpStore,
    private readonly locator: SourceLocator,
  ) {
    this.disposables.push(
      store.onDidChange(() => this.recount()),
      vscode.window.onDidChangeVisibleTextEditors(() => void this.paintAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.onCode`)) this.recount();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        // Typing moves lines away from the dump's numbers; paint again on save, and keep the marks meanwhile.
        if (e.document.isDirty) return;
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) void this.paint(editor);
      }),
      vscode.languages.registerHoverProvider([{ language: 'go' }, { scheme: 'file', pattern: '**/*.{go,s}' }], {
        provideHover: (doc, pos, token) => this.hover(doc, pos, token),
      }),
    );
    this.recount();
  }

  /** lineAt is what a file's line shows (0-based), for the tests; undefined when nothing. */
  async lineAt(uri: vscode.Uri, line: number): Promise<{ hint: string; count: LineCount } | undefined> {
    const view = await this.viewOf(uri);
    const count = view?.lines.get(line);
    return count ? { hint: lineHint(count), count } : undefined;
  }

  private recount(): void {
    this.generation++;
    this.views.clear();
    const dump = this.store.dumps[0];
    if (!dump || !onCodeEnabled()) {
      this.counts = null;
      this.resolved.clear();
    } else {
      if (this.counts?.dump !== dump) this.resolved.clear();
      this.counts = { dump, files: lineCounts(visibleGroups(this.store, dump)) };
    }
    void this.paintAll();
  }

  private async paintAll(): Promise<void> {
    await Promise.all(vscode.window.visibleTextEditors.map((e) => this.paint(e)));
  }

  private async paint(editor: vscode.TextEditor): Promise<void> {
    const generation = this.generation;
    const view = await this.viewOf(editor.document.uri);
    if (generation !== this.generation) return;
    const parked: vscode.DecorationOptions[] = [];
    const passing: vscode.DecorationOptions[] = [];
    if (view) {
      for (const [line, at] of view.lines) {
        if (line >= editor.document.lineCount) continue;
        const range = new vscode.Range(line, 0, line, 0);
        (at.parked > 0 ? parked : passing).push({ range, renderOptions: { after: { contentText: lineHint(at) } } });
      }
    }
    editor.setDecorations(this.parkedType, parked);
    editor.setDecorations(this.passingType, passing);
  }

  /** viewOf finds the counted lines of a file: the frame files of the same name that resolve to it. */
  private viewOf(uri: vscode.Uri): Promise<FileView | null> {
    const key = uri.toString();
    let view = this.views.get(key);
    if (!view) {
      view = this.computeView(uri);
      this.views.set(key, view);
    }
    return view;
  }

  private async computeView(uri: vscode.Uri): Promise<FileView | null> {
    const counts = this.counts;
    if (!counts || (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote')) return null;
    const name = baseName(uri.path);
    const lines = new Map<number, LineCount>();
    for (const [file, fileLines] of counts.files) {
      if (baseName(file) !== name) continue;
      const first = fileLines.values().next().value!;
      if ((await this.resolve(file, first.func)) !== uri.toString()) continue;
      for (const [line, at] of fileLines) {
        const merged = lines.get(line - 1);
        lines.set(line - 1, merged ? mergeCounts(merged, at) : at);
      }
    }
    return lines.size > 0 ? { dump: counts.dump, lines } : null;
  }

  private resolve(file: string, func: string): Promise<string | undefined> {
    let found = this.resolved.get(file);
    if (!found) {
      found = this.locator.locate({ file, line: 0, func }).then(
        (r) => (typeof r === 'string' ? undefined : r.toString()),
        () => undefined,
      );
      this.resolved.set(file, found);
    }
    return found;
  }

  private async hover(doc: vscode.TextDocument, pos: vscode.Position, _token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const view = await this.viewOf(doc.uri);
    const at = view?.lines.get(pos.line);
    if (!view || !at) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [COMMANDS.revealGroup] };
    md.appendMarkdown(`**${escapeMarkdown(lineHint(at))}** in ${escapeMarkdown(view.dump.name)}\n\n`);
    for (const g of at.groups.slice(0, 12)) {
      const args = encodeURIComponent(JSON.stringify([{ dump: view.dump.id, group: g.index }]));
      md.appendMarkdown(
        `- [${escapeMarkdown(`${formatCount(g.count)} × ${g.name}`)}](command:${COMMANDS.revealGroup}?${args} "Show this group in the Goroutines view") ${escapeMarkdown(g.state)}${g.parked ? ', parked here' : ', passing'}\n`,
      );
    }
    if (at.groups.length > 12) md.appendMarkdown(`- and ${at.groups.length - 12} more groups\n`);
    return new vscode.Hover(md, new vscode.Range(pos.line, 0, pos.line, doc.lineAt(pos.line).text.length));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.parkedType.dispose();
    this.passingType.dispose();
  }
}

/** mergeCounts joins two frame files that resolve to the same file (a -trimpath and an absolute path of one source). */
function mergeCounts(a: LineCount, b: LineCount): LineCount {
  const states = { ...a.states };
  for (const [s, n] of Object.entries(b.states)) states[s] = (states[s] ?? 0) + n;
  const waits = [a.waitMax, b.waitMax].filter((w): w is number => w !== null);
  return {
    file: a.file,
    line: a.line,
    func: a.func,
    goroutines: a.goroutines + b.goroutines,
    parked: a.parked + b.parked,
    states,
    waitMax: waits.length ? Math.max(...waits) : null,
    groups: [...a.groups, ...b.groups].sort((x, y) => y.count - x.count),
  };
}
