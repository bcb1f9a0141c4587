import * as vscode from 'vscode';

import type { Group } from '../core/dump/model';
import { dumpRows } from '../core/tree/treeIds';
import { SECTION } from '../dumps/settings';
import type { DumpStore, OpenDump } from '../dumps/store';

/** onCodeEnabled reads `goroutineLens.onCode.enabled`: whether the newest open dump is drawn onto the source lines. */
export function onCodeEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('onCode.enabled', true);
}

/** visibleGroups is a dump's groups as the Goroutines view shows them (its filter applied), with their index in the unfiltered list. */
export function visibleGroups(store: DumpStore, dump: OpenDump): { group: Group; index: number }[] {
  return dumpRows(dump.id, dump.analysis, store.filter).flatMap((row) => (row.kind === 'group' ? [{ group: row.group, index: row.index }] : []));
}
