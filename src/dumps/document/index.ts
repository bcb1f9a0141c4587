import * as vscode from 'vscode';
import { DUMP_LANGUAGE_ID } from '../../core/document/dumpDocument';
import { DumpFoldingProvider } from './folding';
import { DumpLayoutCache } from './layoutCache';
import { DumpLinkProvider } from './links';
import { DumpSymbolProvider } from './outline';

/**
 * registerDumpDocument makes dump files a language of their own: links from
 * frames to their source, folding per goroutine, an outline of groups. (The
 * grammar and the language itself are declared in package.json; detection of
 * dumps saved as `.txt`/`.log`, ./detect.ts, runs from activation.) Every
 * registration goes into context.subscriptions.
 */
export function registerDumpDocument(context: vscode.ExtensionContext): void {
  const selector: vscode.DocumentSelector = { language: DUMP_LANGUAGE_ID };
  const layouts = new DumpLayoutCache();
  context.subscriptions.push(
    vscode.languages.registerDocumentLinkProvider(selector, new DumpLinkProvider(layouts)),
    vscode.languages.registerFoldingRangeProvider(selector, new DumpFoldingProvider(layouts)),
    vscode.languages.registerDocumentSymbolProvider(selector, new DumpSymbolProvider(layouts), { label: 'Goroutine groups' }),
  );
}
