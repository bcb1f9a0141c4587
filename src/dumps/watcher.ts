import * as vscode from 'vscode';
import { WatchHistory, describeSpan, type Suspect } from '../core/dump/watch';
import { isLensError } from '../core/errors';
import { displayUrl, expandDumpUrl } from '../core/fetch/url';
import { formatCount, groupName } from '../core/tree/treeModel';
import { COMMANDS, CONTEXT_KEYS } from '../core/commandIds';
import type { DumpFetcher } from './fetcher';
import { watchSettings } from './settings';
import type { DumpStore } from './store';

/**
 * EndpointWatcher fetches one endpoint every N seconds (setting), keeps the
 * last K snapshots, shows the total and its trend in the status bar, and
 * warns once per group when a group grows at each of the last fetches.
 */
export class EndpointWatcher implements vscode.Disposable {
  private readonly status = vscode.window.createStatusBarItem('goroutineLens.watch', vscode.StatusBarAlignment.Left, 50);
  private url: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private history: WatchHistory | null = null;
  private busy = false;
  private failures = 0;
  private readonly alerted = new Set<string>();
  private abort: AbortController | null = null;
  private readonly snapshotTaken = new vscode.EventEmitter<void>();
  /** onDidSnapshot fires after each fetch the watch keeps (the timeline redraws). */
  readonly onDidSnapshot = this.snapshotTaken.event;

  constructor(
    private readonly store: DumpStore,
    private readonly fetcher: DumpFetcher,
  ) {
    this.status.name = 'Goroutine Lens Watch';
    this.status.command = COMMANDS.stopWatching;
  }

  get watching(): string | null {
    return this.url;
  }

  /** statusText is what the status bar shows (tests read it). */
  get statusText(): string {
    return this.status.text;
  }

  /** current is the watched URL's snapshots (oldest first) and the groups growing now; null when not watching. */
  get current(): { url: string; history: WatchHistory; growing: ReadonlySet<string> } | null {
    if (!this.url || !this.history) return null;
    return { url: this.url, history: this.history, growing: new Set(this.history.suspects(watchSettings().growthAlertAfter).map((s) => s.key)) };
  }

  /** suspectsAlerted are the group keys a growth warning was shown for. */
  get suspectsAlerted(): ReadonlySet<string> {
    return this.alerted;
  }

  /** start watches a URL, replacing any endpoint watched before. */
  async start(input: string): Promise<void> {
    this.stop();
    const url = expandDumpUrl(input);
    const { intervalSeconds, snapshotsKept } = watchSettings();
    this.url = url;
    this.history = new WatchHistory(snapshotsKept, this.store.mode);
    this.alerted.clear();
    this.failures = 0;
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.watching, true);
    this.status.text = `$(sync~spin) ${displayUrl(url)}`;
    this.status.tooltip = `Goroutine Lens is watching ${displayUrl(url)} every ${intervalSeconds} s. Click to stop.`;
    this.status.show();
    await this.tick();
    if (this.url === url) this.timer = setInterval(() => void this.tick(), intervalSeconds * 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.url = null;
    this.history = null;
    this.status.hide();
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.watching, false);
  }

  private async tick(): Promise<void> {
    const url = this.url;
    const history = this.history;
    if (!url || !history || this.busy) return;
    this.busy = true;
    this.abort = new AbortController();
    try {
      const fetched = await this.fetcher.fetch(url, { quiet: true, signal: this.abort.signal });
      if (!fetched || this.url !== url) return;
      this.store.add({ name: `watch: ${displayUrl(url)}`, source: { kind: 'watch', url }, dump: fetched.dump, raw: fetched.raw });
      history.add(fetched.dump, Date.now());
      this.failures = 0;
      this.showTrend(url, history);
      this.alertGrowth(history.suspects(watchSettings().growthAlertAfter));
      this.snapshotTaken.fire();
    } catch (err) {
      if (isLensError(err) && err.code === 'aborted') return;
      this.failures++;
      const message = isLensError(err) ? err.message : String(err);
      this.status.text = `$(error) ${displayUrl(url)}`;
      this.status.tooltip = `Last fetch failed: ${message}\nClick to stop watching.`;
      if (this.failures === 1) void vscode.window.showWarningMessage(`Goroutine Lens: watching ${displayUrl(url)}: ${message}`);
    } finally {
      this.busy = false;
    }
  }

  private showTrend(url: string, history: WatchHistory): void {
    const trend = history.trend();
    if (!trend) return;
    const arrow = trend.direction === 'up' ? '$(arrow-up)' : trend.direction === 'down' ? '$(arrow-down)' : '$(dash)';
    const delta = trend.sincePrevious === 0 ? '' : ` ${trend.sincePrevious > 0 ? '+' : ''}${formatCount(trend.sincePrevious)}`;
    this.status.text = `$(pulse) ${formatCount(trend.total)} goroutines ${arrow}${delta}`;
    this.status.tooltip = [
      `Watching ${displayUrl(url)} (${history.snapshots.length} snapshots)`,
      `${trend.sinceFirst >= 0 ? '+' : ''}${formatCount(trend.sinceFirst)} goroutines in ${describeSpan(trend.spanMs)}`,
      'Click to stop watching.',
    ].join('\n');
  }

  /** alertGrowth warns once per tick about the groups that newly count as growing, the biggest rise named first. */
  private alertGrowth(suspects: Suspect[]): void {
    const fresh = suspects.filter((s) => !this.alerted.has(s.key));
    if (fresh.length === 0) return;
    for (const s of fresh) this.alerted.add(s.key);
    const name = (s: Suspect) => groupName(s.group);
    const [first, ...rest] = fresh;
    const others =
      rest.length === 0
        ? ''
        : `; also growing: ${rest
            .slice(0, 3)
            .map((s) => `${name(s)} +${formatCount(s.rise)}`)
            .join(', ')}${rest.length > 3 ? ` and ${rest.length - 3} more` : ''}`;
    void vscode.window
      .showWarningMessage(
        `Goroutine Lens: suspected leak: +${formatCount(first!.rise)} in ${describeSpan(first!.spanMs)} in ${name(first!)} (${first!.counts.map(formatCount).join(' → ')})${others}`,
        'Show',
      )
      .then((choice) => {
        if (choice === 'Show') void vscode.commands.executeCommand('goroutineLens.goroutines.focus');
      });
  }

  dispose(): void {
    this.stop();
    this.status.dispose();
    this.snapshotTaken.dispose();
  }
}
