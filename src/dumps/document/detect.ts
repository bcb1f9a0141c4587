import * as vscode from 'vscode';
import { DETECT_LINES, DUMP_LANGUAGE_ID, looksLikeDump } from '../../core/document/dumpDocument';
import { SECTION } from '../settings';

/** DETECT_SETTING turns content detection on and off (package.json `contributes.configuration`). */
const DETECT_SETTING = 'detectDumpsInTextFiles';
/** The languages a dump saved as text opens in. */
const TEXT_LANGUAGES = new Set(['plaintext', 'log']);
/** The schemes of documents a user opened; not `git:`, `output:` and the like. */
const USER_SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);
const TEXT_FILE = /\.(?:txt|log)$/i;

/**
 * DumpDetection switches `.txt`, `.log` and untitled plain-text documents
 * whose first lines are a goroutine dump to the `goroutine-dump` language,
 * when they open (and, for untitled ones, as text is pasted in). A
 * document is switched at most once: a user who sets it back to plain text
 * keeps it that way.
 */
export class DumpDetection implements vscode.Disposable {
  /** Documents already switched. Switching a language keeps the TextDocument object, so this also remembers a user's way back. */
  private readonly switched = new WeakSet<vscode.TextDocument>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.isUntitled && e.contentChanges.length > 0) this.check(e.document);
      }),
    ];
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  private check(document: vscode.TextDocument): void {
    if (!TEXT_LANGUAGES.has(document.languageId) || this.switched.has(document)) return;
    if (!USER_SCHEMES.has(document.uri.scheme) || !(document.isUntitled || TEXT_FILE.test(document.uri.path))) return;
    if (!vscode.workspace.getConfiguration(SECTION).get<boolean>(DETECT_SETTING, true)) return;
    if (!looksLikeDump(firstLines(document))) return;
    this.switched.add(document);
    vscode.languages.setTextDocumentLanguage(document, DUMP_LANGUAGE_ID).then(undefined, () => this.switched.delete(document));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function* firstLines(document: vscode.TextDocument): Generator<string> {
  const n = Math.min(document.lineCount, DETECT_LINES);
  for (let i = 0; i < n; i++) yield document.lineAt(i).text;
}
