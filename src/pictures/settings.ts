import * as vscode from 'vscode';

import { SECTION } from '../dumps/settings';

/** PICTURE_COMMANDS are the pictures' command ids, shared by registrations, hovers, menus and tests. */
export const PICTURE_COMMANDS = {
  showFlameGraph: 'goroutineLens.showFlameGraph',
  revealGroup: 'goroutineLens.revealGroup',
} as const;

/** onCodeEnabled reads `goroutineLens.onCode.enabled`: whether the newest open dump is drawn onto the source lines. */
export function onCodeEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('onCode.enabled', true);
}
