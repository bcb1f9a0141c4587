import type { Analysis } from '../dump/report';
import type { SignatureHit } from '../dump/signatures';
import type { Group, GroupMode } from '../dump/model';
import { matchesFilter, type GroupFilter } from './treeModel';

/**
 * The ids of the Goroutines view's rows. VS Code's tree rejects an element
 * id registered twice, and the same group appears twice: under its dump and
 * under each leak signature that names it. So a row's id is its parent's id
 * and a segment unique among its siblings (a path), never the group alone.
 */
export const treeIds = {
  dump: (dumpId: number) => `dump:${dumpId}`,
  summary: (dumpId: number) => `dump:${dumpId}/summary`,
  /** The hit's index among the dump's signatures: two hits of one signature (by different creators) stay apart. */
  signature: (dumpId: number, hitIndex: number, mode: GroupMode) => `dump:${dumpId}/signature:${hitIndex}:${mode}`,
  /** The group's index in the dump's groups, and the grouping mode (which changes what that index means). */
  group: (parentId: string, index: number, mode: GroupMode) => `${parentId}/group:${index}:${mode}`,
  comparison: (comparisonId: number) => `comparison:${comparisonId}`,
};

/** DumpRow is a row directly under a dump: its summary, a leak signature, a group, or a line saying how many groups the filter hides. */
export type DumpRow =
  | { readonly kind: 'summary'; readonly id: string }
  | { readonly kind: 'signature'; readonly id: string; readonly hit: SignatureHit }
  | { readonly kind: 'group'; readonly id: string; readonly group: Group; readonly index: number }
  | { readonly kind: 'hidden'; readonly hidden: number };

/** GroupRow is a group under a dump or under a leak signature, with its id under that parent. */
export type GroupRow = Extract<DumpRow, { kind: 'group' }>;

/** dumpRows lays out what a dump shows when expanded: summary, signatures, then the groups that pass the filter (biggest first). */
export function dumpRows(dumpId: number, analysis: Analysis, filter: GroupFilter | null): DumpRow[] {
  const parent = treeIds.dump(dumpId);
  const rows: DumpRow[] = [{ kind: 'summary', id: treeIds.summary(dumpId) }];
  analysis.signatures.forEach((hit, i) => rows.push({ kind: 'signature', id: treeIds.signature(dumpId, i, analysis.mode), hit }));
  let shown = 0;
  analysis.groups.forEach((group, index) => {
    if (filter !== null && !matchesFilter(group, filter)) return;
    shown++;
    rows.push({ kind: 'group', id: treeIds.group(parent, index, analysis.mode), group, index });
  });
  if (filter !== null && shown < analysis.groups.length) rows.push({ kind: 'hidden', hidden: analysis.groups.length - shown });
  return rows;
}

/** signatureRows are the groups a leak signature names, with ids under the signature's, so they never clash with the same groups under the dump. */
export function signatureRows(signatureId: string, hit: SignatureHit, analysis: Analysis): GroupRow[] {
  return hit.groups.map((index) => ({ kind: 'group', id: treeIds.group(signatureId, index, analysis.mode), group: analysis.groups[index]!, index }));
}
