/**
 * settings.ts reads the analyzer's settings (`goroutineLens.analyzer.*`) and
 * a workspace folder's scope. The pure parts (globs, levels) are in
 * core/transport/settings.ts.
 */
import * as vscode from 'vscode';
import { excludeGlobs, severitiesFrom } from '../core/transport/settings';
import type { RuleSettings, Scope } from './protocol';

/** SECTION is the settings' prefix. */
export const SECTION = 'goroutineLens.analyzer';

/** analyzerEnabled reads `goroutineLens.analyzer.enabled` (on by default). */
export function analyzerEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('enabled', true);
}

/** ruleSettings reads the rule's options for a resource (a folder or a file; settings may differ per folder). */
export function ruleSettings(resource?: vscode.Uri): RuleSettings {
  const config = vscode.workspace.getConfiguration(SECTION, resource);
  return {
    includeTests: config.get<boolean>('includeTests', false),
    severities: severitiesFrom((key) => config.get(`severity.${key}`)),
  };
}

/** folderScope is what a folder's scan and re-analyses leave out: files.exclude and the analyzer's exclude globs. */
export function folderScope(root: vscode.Uri): Scope {
  const files = vscode.workspace.getConfiguration('files', root).get('exclude');
  const own = vscode.workspace.getConfiguration(SECTION, root).get('exclude');
  return { root: root.fsPath, exclude: excludeGlobs(files, own) };
}

/** affectsAnalysis tells whether a configuration change alters findings (a rescan follows). */
export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION) || e.affectsConfiguration('files.exclude');
}
