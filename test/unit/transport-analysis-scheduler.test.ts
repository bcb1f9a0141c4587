/**
 * The Transport analyzer's scheduling, without VS Code or a worker: the
 * AnalysisScheduler (src/core/transport/analysisScheduler.ts) against a fake
 * host whose worker answers when the test says so. What is checked is which
 * result wins: a superseded re-analysis is dropped, a scan does not
 * overwrite a directory re-analysed meanwhile or holding unsaved text, a
 * fresh finding is computed from the document's current version.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LensError } from '../../src/core/errors';
import type { Finding } from '../../src/core/transport/model';
import type { ScanProgress } from '../../src/core/go/scan';
import { isUnder } from '../../src/core/go/paths';
import {
  AnalysisScheduler,
  PUBLISH_BATCH,
  type AnalysisHost,
  type DirectoryResult,
  type FindingsChange,
  type OpenDocument,
  type Overlay,
  type ScanProgressRunner,
  type ScanResult,
} from '../../src/core/transport/analysisScheduler';

const ROOT = join('/', 'ws');
const PKG = join(ROOT, 'pkg');
const OTHER = join(ROOT, 'other');

function finding(file: string, startOffset = 10): Finding {
  const position = { line: 1, character: 2 };
  return {
    rule: 'transport-per-call',
    file,
    range: { start: position, end: position, startOffset, endOffset: startOffset + 5 },
    message: 'an http.Transport built per call',
    severity: 'warning',
    related: [],
  } as unknown as Finding;
}

/** Deferred is a promise the test settles. */
interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

interface DirectoryCall {
  readonly dir: string;
  readonly root: string;
  readonly overlays: readonly Overlay[];
  readonly signal: AbortSignal;
  readonly reply: Deferred<DirectoryResult>;
}

interface ScanCall {
  readonly root: string;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: ScanProgress) => void;
  readonly reply: Deferred<ScanResult>;
}

/** FakeHost records what the scheduler asks and publishes; its worker answers when a test settles a call. */
class FakeHost implements AnalysisHost {
  on = true;
  /** Whether a cancelled request rejects at once (the client's way) or the worker's answer still arrives. */
  rejectOnAbort = true;
  roots = [ROOT];
  documents: OpenDocument[] = [];
  readonly directoryCalls: DirectoryCall[] = [];
  readonly scanCalls: ScanCall[] = [];
  readonly published: FindingsChange[][] = [];
  readonly scanningStates: boolean[] = [];
  readonly lines: string[] = [];
  readonly log = {
    info: (m: string) => this.lines.push(`info ${m}`),
    warn: (m: string) => this.lines.push(`warn ${m}`),
    error: (m: string) => this.lines.push(`error ${m}`),
  };

  enabled(): boolean {
    return this.on;
  }
  workspaceRoots(): readonly string[] {
    return this.roots;
  }
  openDocuments(): readonly OpenDocument[] {
    return this.documents;
  }
  scanFolder(root: string, signal: AbortSignal, onProgress: (progress: ScanProgress) => void): Promise<ScanResult> {
    const reply = deferred<ScanResult>();
    signal.addEventListener('abort', () => reply.reject(new LensError('aborted', 'cancelled')), { once: true });
    this.scanCalls.push({ root, signal, onProgress, reply });
    return reply.promise;
  }
  analyzeDirectory(dir: string, root: string, overlays: readonly Overlay[], signal: AbortSignal): Promise<DirectoryResult> {
    const reply = deferred<DirectoryResult>();
    if (this.rejectOnAbort) signal.addEventListener('abort', () => reply.reject(new LensError('aborted', 'cancelled')), { once: true });
    this.directoryCalls.push({ dir, root, overlays, signal, reply });
    return reply.promise;
  }
  publish(changes: readonly FindingsChange[]): void {
    this.published.push([...changes]);
  }
  scanningChanged(scanning: boolean): void {
    this.scanningStates.push(scanning);
  }

  /** publishedPaths are the files of every publish so far, in order. */
  publishedPaths(): string[] {
    return this.published.flat().map(([path]) => path);
  }
}

/** noProgress runs a scan without a progress UI. */
const noProgress: ScanProgressRunner = (_abort, task) => task(() => undefined);

function doc(path: string, version: number, isDirty = false, text = 'package pkg\n'): OpenDocument {
  return { path, version, isDirty, text: () => text };
}

function scanResult(root: string, findings: Finding[]): ScanResult {
  return { root, findings, problems: [], filesSeen: 3, candidates: findings.length, elapsedMs: 1 };
}

/** tick lets the scheduler's awaited replies run. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AnalysisScheduler', () => {
  test('typing debounces: one re-analysis of the directory, with the open documents as overlays, published', async () => {
    const host = new FakeHost();
    const file = join(PKG, 'a.go');
    host.documents = [doc(file, 3, true, 'edited'), doc(join(OTHER, 'b.go'), 1)];
    const scheduler = new AnalysisScheduler(host);
    scheduler.schedule(PKG, 5);
    scheduler.schedule(PKG, 5);
    scheduler.schedule(PKG, 5);
    const idle = scheduler.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(host.directoryCalls.length, 1, 'three quick changes make one request');
    const call = host.directoryCalls[0]!;
    assert.equal(call.root, ROOT);
    assert.deepEqual(call.overlays, [{ path: file, text: 'edited' }], "only the directory's open documents, with the editor's text");
    call.reply.resolve({ dir: PKG, files: [file], findings: [finding(file)], unparsed: [] });
    await idle;
    assert.deepEqual(host.publishedPaths(), [file]);
    assert.equal(scheduler.findings(file).length, 1);
  });

  test('a directory outside every root, or with the analyzer off, is not analysed', async () => {
    const host = new FakeHost();
    const scheduler = new AnalysisScheduler(host);
    scheduler.schedule(join('/', 'elsewhere'), 0);
    host.on = false;
    scheduler.schedule(PKG, 0);
    await scheduler.analyzeDirectory(PKG);
    await scheduler.whenIdle();
    assert.equal(host.directoryCalls.length, 0);
  });

  test('a superseded re-analysis is aborted and its late result dropped; the newer one is published', async () => {
    const host = new FakeHost();
    host.rejectOnAbort = false;
    const file = join(PKG, 'a.go');
    const scheduler = new AnalysisScheduler(host);
    const first = scheduler.analyzeDirectory(PKG);
    const second = scheduler.analyzeDirectory(PKG);
    assert.equal(host.directoryCalls.length, 2);
    assert.equal(host.directoryCalls[0]!.signal.aborted, true, 'the older request is cancelled');
    // The worker answered the old request anyway: its result must not win.
    host.directoryCalls[0]!.reply.resolve({ dir: PKG, files: [file], findings: [finding(file, 1), finding(file, 2)], unparsed: [] });
    host.directoryCalls[1]!.reply.resolve({ dir: PKG, files: [file], findings: [finding(file, 7)], unparsed: [] });
    await Promise.all([first, second]);
    assert.deepEqual(
      scheduler.findings(file).map((f) => f.range.startOffset),
      [7],
    );
    assert.equal(host.published.length, 1);
    assert.deepEqual(host.lines, [], 'a cancelled request is not an error');
  });

  test('a file whose findings are gone is cleared once; a file without findings before, or with the same findings, is not published', async () => {
    const host = new FakeHost();
    const a = join(PKG, 'a.go');
    const b = join(PKG, 'b.go');
    const scheduler = new AnalysisScheduler(host);
    let run = scheduler.analyzeDirectory(PKG);
    host.directoryCalls[0]!.reply.resolve({ dir: PKG, files: [a, b], findings: [finding(a)], unparsed: [] });
    await run;
    const published = scheduler.findings(a);
    // The same findings again (new objects, equal data): the markers stay as they are, and so does a quick-fix menu open on them.
    run = scheduler.analyzeDirectory(PKG);
    host.directoryCalls[1]!.reply.resolve({ dir: PKG, files: [a, b], findings: [finding(a)], unparsed: [] });
    await run;
    assert.equal(host.published.length, 1);
    assert.equal(scheduler.findings(a), published, 'the findings the diagnostics were made from are kept');
    run = scheduler.analyzeDirectory(PKG);
    host.directoryCalls[2]!.reply.resolve({ dir: PKG, files: [a, b], findings: [], unparsed: [b] });
    await run;
    assert.deepEqual(host.published, [[[a, [finding(a)]]], [[a, []]]]);
    assert.deepEqual(host.lines, [`warn ${b}: not analysed, parsing took longer than the time limit`]);
  });

  test('a scan publishes per file, clears the known files it no longer finds, and reports its summary', async () => {
    const host = new FakeHost();
    const a = join(PKG, 'a.go');
    const b = join(OTHER, 'b.go');
    const scheduler = new AnalysisScheduler(host);
    let scan = scheduler.scan([ROOT], noProgress);
    assert.equal(scheduler.scanning, true);
    host.scanCalls[0]!.reply.resolve(scanResult(ROOT, [finding(a), finding(b)]));
    let summary = await scan;
    assert.equal(summary.findings, 2);
    assert.equal(summary.cancelled, false);
    assert.deepEqual(summary.folders, [ROOT]);
    assert.equal(scheduler.scanning, false);
    assert.deepEqual(host.scanningStates, [true, false]);
    assert.deepEqual(new Set(host.publishedPaths()), new Set([a, b]));

    scan = scheduler.scan([ROOT], noProgress);
    host.scanCalls[1]!.reply.resolve(scanResult(ROOT, [finding(a)]));
    summary = await scan;
    // a's findings are those published: only b changes.
    assert.deepEqual(host.published.at(-1), [[b, []]]);
    assert.equal(scheduler.lastScan, summary);
    assert.deepEqual(
      scheduler.allFindings().map((f) => f.path),
      [a],
    );
  });

  test("a scan's result does not overwrite a directory re-analysed while it ran; a directory with unsaved text is re-analysed instead", async () => {
    const host = new FakeHost();
    const a = join(PKG, 'a.go');
    const b = join(OTHER, 'b.go');
    host.documents = [doc(b, 4, true, 'unsaved')];
    const scheduler = new AnalysisScheduler(host);
    const scan = scheduler.scan([ROOT], noProgress);
    const edit = scheduler.analyzeDirectory(PKG);
    host.directoryCalls[0]!.reply.resolve({ dir: PKG, files: [a], findings: [], unparsed: [] });
    await edit;
    host.scanCalls[0]!.reply.resolve(scanResult(ROOT, [finding(a), finding(b)]));
    await scan;
    assert.deepEqual(host.publishedPaths(), [], 'neither the touched nor the dirty directory takes the scan result');
    assert.equal(host.directoryCalls.length, 2, 'the dirty directory is re-analysed with the editor text');
    const again = host.directoryCalls[1]!;
    assert.equal(again.dir, OTHER);
    assert.deepEqual(again.overlays, [{ path: b, text: 'unsaved' }]);
    again.reply.resolve({ dir: OTHER, files: [b], findings: [finding(b, 3)], unparsed: [] });
    await scheduler.whenIdle();
    assert.deepEqual(host.publishedPaths(), [b]);
  });

  test('a large scan result is published in batches', async () => {
    const host = new FakeHost();
    const scheduler = new AnalysisScheduler(host);
    const findings = Array.from({ length: PUBLISH_BATCH + 5 }, (_, i) => finding(join(PKG, `f${i}.go`)));
    const scan = scheduler.scan([ROOT], noProgress);
    host.scanCalls[0]!.reply.resolve(scanResult(ROOT, findings));
    await scan;
    assert.deepEqual(
      host.published.map((batch) => batch.length),
      [PUBLISH_BATCH, 5],
    );
  });

  test('a new scan cancels the running one, which publishes nothing and says cancelled', async () => {
    const host = new FakeHost();
    const scheduler = new AnalysisScheduler(host);
    const first = scheduler.scan([ROOT], noProgress);
    const second = scheduler.scan([ROOT], noProgress);
    assert.equal(host.scanCalls[0]!.signal.aborted, true);
    host.scanCalls[1]!.reply.resolve(scanResult(ROOT, []));
    assert.equal((await first).cancelled, true);
    assert.equal((await second).cancelled, false);
    assert.equal(scheduler.scanning, false);
    assert.deepEqual(host.scanningStates, [true, true, false], 'the cancelled scan does not clear the state of the one that replaced it');
  });

  test("a scan's progress adds up the folders already scanned; a folder outside the workspace becomes a root until forgotten", async () => {
    const host = new FakeHost();
    const extra = join('/', 'extra');
    const scheduler = new AnalysisScheduler(host);
    const reports: (ScanProgress | undefined)[] = [];
    const scan = scheduler.scan([ROOT, extra], (_abort, task) => task((p) => reports.push(p)));
    assert.deepEqual(scheduler.roots(), [ROOT, extra]);
    host.scanCalls[0]!.reply.resolve(scanResult(ROOT, [finding(join(PKG, 'a.go'))]));
    await tick();
    host.scanCalls[1]!.onProgress({ filesSeen: 2, findings: 1 } as ScanProgress);
    host.scanCalls[1]!.reply.resolve(scanResult(extra, [finding(join(extra, 'x.go'))]));
    const summary = await scan;
    assert.deepEqual(reports, [{ filesSeen: 5, findings: 2 }]);
    assert.equal(summary.filesSeen, 6);
    assert.equal(scheduler.rootOf(join(extra, 'sub')), extra);
    scheduler.forget(extra);
    assert.deepEqual(scheduler.roots(), [ROOT]);
    assert.deepEqual(scheduler.findings(join(extra, 'x.go')), []);
  });

  test('freshFindings re-analyses a document edited since its findings were computed, and not one that is current', async () => {
    const host = new FakeHost();
    const file = join(PKG, 'a.go');
    host.documents = [doc(file, 1)];
    const scheduler = new AnalysisScheduler(host);
    // Saved and never analysed on its own: the scan's findings are current.
    assert.deepEqual(await scheduler.freshFindings({ path: file, version: 1, isDirty: false }), []);
    assert.equal(host.directoryCalls.length, 0);
    // Edited: version 2 is re-analysed first.
    host.documents = [doc(file, 2, true, 'edited')];
    const fresh = scheduler.freshFindings({ path: file, version: 2, isDirty: true });
    await tick();
    assert.equal(host.directoryCalls.length, 1);
    host.directoryCalls[0]!.reply.resolve({ dir: PKG, files: [file], findings: [finding(file)], unparsed: [] });
    assert.equal((await fresh).length, 1);
    // Asked again at the same version: no new request.
    assert.equal((await scheduler.freshFindings({ path: file, version: 2, isDirty: true })).length, 1);
    assert.equal(host.directoryCalls.length, 1);
  });

  test('a closed document that was deleted loses its findings; a deleted folder clears the files under it but the open ones', async () => {
    const host = new FakeHost();
    const a = join(PKG, 'a.go');
    const b = join(PKG, 'b.go');
    const scheduler = new AnalysisScheduler(host);
    const scan = scheduler.scan([ROOT], noProgress);
    host.scanCalls[0]!.reply.resolve(scanResult(ROOT, [finding(a), finding(b)]));
    await scan;
    host.published.length = 0;
    scheduler.pathGone(PKG, new Set([b]), 1_000);
    assert.deepEqual(host.published, [[[a, []]]]);
    scheduler.documentClosed(b, false, 1_000);
    assert.deepEqual(host.published.at(-1), [[b, []]]);
    scheduler.documentClosed(join(PKG, 'c.go'), true, 1_000);
    assert.equal(host.published.length, 2, 'a closed file still on disk keeps its findings until re-analysed');
    scheduler.dispose();
  });

  test('turnOff cancels what runs and is scheduled, and returns the files to clear', async () => {
    const host = new FakeHost();
    const a = join(PKG, 'a.go');
    const scheduler = new AnalysisScheduler(host);
    const run = scheduler.analyzeDirectory(PKG);
    host.directoryCalls[0]!.reply.resolve({ dir: PKG, files: [a], findings: [finding(a)], unparsed: [] });
    await run;
    const late = scheduler.analyzeDirectory(OTHER);
    scheduler.schedule(PKG, 1_000);
    const scan = scheduler.scan([ROOT], noProgress);
    assert.deepEqual(scheduler.turnOff(), [a]);
    assert.equal(host.directoryCalls[1]!.signal.aborted, true);
    assert.equal((await scan).cancelled, true);
    await late;
    await scheduler.whenIdle();
    assert.deepEqual(scheduler.allFindings(), []);
    assert.equal(host.directoryCalls.length, 2, 'the scheduled re-analysis never ran');
  });

  test('a failed re-analysis is logged, and the scheduler stays usable', async () => {
    const host = new FakeHost();
    const scheduler = new AnalysisScheduler(host);
    const run = scheduler.analyzeDirectory(PKG);
    host.directoryCalls[0]!.reply.reject(new Error('the analyzer exited with code 1'));
    await run;
    assert.deepEqual(host.lines, [`error analysing ${PKG} failed: the analyzer exited with code 1`]);
    await scheduler.whenIdle();
  });

  test('isUnder takes a root and what is inside it, not a sibling that shares its prefix', () => {
    assert.equal(isUnder(PKG, PKG), true);
    assert.equal(isUnder(join(PKG, 'a.go'), PKG), true);
    assert.equal(isUnder(`${PKG}2`, PKG), false);
    assert.equal(isUnder(join(PKG, 'a.go'), `${PKG}/`), true);
  });
});
