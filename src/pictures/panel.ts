import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Analysis } from '../core/dump/report';
import { buildFlameGraph, toWire, type FlameWire } from '../core/pictures/flameGraph';
import { isFromPage, type FromPage, type ToPage } from '../core/pictures/picturesProtocol';
import { comparisonTimeline, type Timeline } from '../core/pictures/timeline';
import { filterText } from '../core/tree/treeModel';
import type { SourceLocator } from '../dumps/sourceLocator';
import type { Comparison, DumpStore, OpenDump } from '../dumps/store';
import { COMMANDS } from '../core/commandIds';
import { visibleGroups } from './settings';

/** PANEL_VIEW_TYPE identifies the pictures webview. */
export const PANEL_VIEW_TYPE = 'goroutineLens.pictures';

/** DrawReport is the page's account of its last drawing (the `drawn` message), for tests and the benchmark. */
export type DrawReport = Omit<Extract<FromPage, { type: 'drawn' }>, 'type'>;

/** What the panel shows: a dump (its flame graph, and the watch's timeline when it came from one), or a comparison. */
type Subject = { readonly kind: 'dump'; readonly dump: OpenDump } | { readonly kind: 'comparison'; readonly comparison: Comparison };

/**
 * PicturesPanel is the webview beside the tree: the flame graph of a dump
 * under the tree's grouping and filter, and above it the timeline of a
 * watch or a comparison. It follows the store: a refetch or a watch tick of
 * the URL shown redraws it; closing the dump empties it.
 */
export class PicturesPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private subject: Subject | undefined;
  private requestedAt = 0;
  /** The last flame graph sent, packed, and what it was built from. */
  private built: { analysis: Analysis; filterKey: string; wire: FlameWire } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly drawn = new vscode.EventEmitter<DrawReport>();
  /** onDidDraw fires when the page has drawn a picture. */
  readonly onDidDraw = this.drawn.event;
  lastDraw: DrawReport | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: DumpStore,
    private readonly locator: SourceLocator,
    private readonly watchTimeline: (url: string) => Timeline | null,
  ) {
    this.disposables.push(store.onDidChange(() => this.follow()));
  }

  /** show opens the panel (or brings it forward) on a dump or a comparison. */
  show(subject: Subject): void {
    this.requestedAt = Date.now();
    this.subject = subject;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        'Goroutine Lens: Flame Graph',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
        },
      );
      this.panel.webview.html = this.html(this.panel.webview);
      this.panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isFromPage(m)) void this.receive(m);
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
    } else {
      this.panel.reveal(undefined, false);
      this.post();
    }
  }

  /** forget drops the built picture, so the next show builds it as a first show does (the benchmark measures that). */
  forget(): void {
    this.built = undefined;
  }

  /** refreshTimeline is called after each watch tick. */
  refreshTimeline(): void {
    if (this.subject?.kind === 'dump') this.send({ type: 'timeline', timeline: this.timelineOf(this.subject) });
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** follow keeps the subject current: a newer fetch of the same URL replaces the dump; a closed one empties the picture. */
  private follow(): void {
    const s = this.subject;
    if (!s || !this.panel) return;
    if (s.kind === 'dump' && !this.store.dumps.includes(s.dump)) {
      const url = s.dump.source.kind === 'url' || s.dump.source.kind === 'watch' ? s.dump.source.url : null;
      const newer = url ? this.store.dumps.find((d) => (d.source.kind === 'url' || d.source.kind === 'watch') && d.source.url === url) : undefined;
      this.subject = newer ? { kind: 'dump', dump: newer } : undefined;
    } else if (s.kind === 'comparison' && !this.store.comparisons.includes(s.comparison)) {
      this.subject = undefined;
    }
    this.requestedAt = Date.now();
    this.post();
  }

  private async receive(m: FromPage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.post();
        return;
      case 'openSource':
        await this.locator.open({ file: m.file, line: m.line, func: m.func }, { preview: true });
        return;
      case 'revealGroup': {
        const dump = this.dumpOf(this.subject);
        if (dump) await vscode.commands.executeCommand(COMMANDS.revealGroup, { dump: dump.id, group: m.group });
        return;
      }
      case 'drawn':
        this.lastDraw = m;
        this.drawn.fire(m);
        return;
    }
  }

  private dumpOf(s: Subject | undefined): OpenDump | undefined {
    return s?.kind === 'dump' ? s.dump : s?.kind === 'comparison' ? s.comparison.newer : undefined;
  }

  private timelineOf(s: Subject): Timeline | null {
    if (s.kind === 'comparison') {
      const c = s.comparison;
      return comparisonTimeline(`${c.older.name} → ${c.newer.name}`, c.diff, [c.older.openedAt.getTime(), c.newer.openedAt.getTime()]);
    }
    return s.dump.source.kind === 'watch' ? this.watchTimeline(s.dump.source.url) : null;
  }

  private post(): void {
    const s = this.subject;
    const dump = this.dumpOf(s);
    if (!s || !dump) {
      this.send({
        type: 'show',
        key: 'none',
        title: 'No dump',
        subtitle: 'The dump was closed. Open or fetch a dump, then run "Show Flame Graph".',
        flame: null,
        timeline: null,
        requestedAt: this.requestedAt,
        sentAt: Date.now(),
      });
      return;
    }
    const filter = this.store.filter;
    const filterKey = filter ? filterText(filter) : '';
    // The page asks again each time the panel is shown (it is rebuilt when hidden): the same picture is built once.
    if (this.built?.analysis !== dump.analysis || this.built.filterKey !== filterKey) {
      this.built = { analysis: dump.analysis, filterKey, wire: toWire(buildFlameGraph(visibleGroups(this.store, dump), this.store.mode)) };
    }
    const flame = this.built.wire;
    const subtitle = [`grouped by ${this.store.mode}`, filter ? `filter: ${filterText(filter)}` : ''].filter(Boolean).join(' · ');
    const key = `${s.kind}:${s.kind === 'dump' ? s.dump.id : s.comparison.id}:${this.store.mode}:${filter ? filterText(filter) : ''}`;
    if (this.panel) this.panel.title = `Flame Graph: ${dump.name}`;
    this.send({ type: 'show', key, title: dump.name, subtitle, flame, timeline: this.timelineOf(s), requestedAt: this.requestedAt, sentAt: Date.now() });
  }

  private send(message: ToPage): void {
    void this.panel?.webview.postMessage(message);
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'pictures.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'pictures.css'));
    const csp = [
      `default-src 'none'`,
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Goroutine Lens: Flame Graph</title>
</head>
<body>
<header id="bar">
  <span id="title" class="title"></span>
  <span id="subtitle" class="subtitle"></span>
  <span class="spacer"></span>
  <label for="search" class="visually-hidden">Search frames</label>
  <input id="search" type="search" placeholder="Search functions (/)" aria-label="Search functions">
  <span id="matches" class="subtitle" aria-live="polite"></span>
  <label for="colorBy">Colour by</label>
  <select id="colorBy" aria-label="Colour by"><option value="state">state</option><option value="package">package</option></select>
  <button id="reset" type="button" title="Show the whole graph (Escape)">Reset zoom</button>
</header>
<section id="timelineBox" hidden>
  <div id="timelineTitle" class="subtitle"></div>
  <canvas id="timeline" role="img" aria-label="Timeline of goroutines"></canvas>
  <div id="legend" class="legend"></div>
</section>
<main id="flameBox">
  <canvas id="flame" tabindex="0" role="application" aria-label="Flame graph. Arrow keys move between frames, Enter zooms, O opens the source, T shows the group in the tree, Escape zooms out."></canvas>
  <div id="empty" class="empty" hidden></div>
</main>
<footer id="details" aria-live="polite"></footer>
<div id="tooltip" class="tooltip" hidden></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.drawn.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
