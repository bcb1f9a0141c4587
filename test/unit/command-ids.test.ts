// The command ids, context keys and view id of src/core/commandIds.ts are
// the ones package.json contributes and its `when` clauses use: a command
// the table names but the manifest does not declare would be missing from
// the Command Palette, and a manifest entry the table does not name would
// run nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMMANDS, CONTEXT_KEYS, VIEW_ID } from '../../src/core/commandIds';
import { ROOT } from '../support/fixtures';

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command?: string; when?: string }[]>;
    views: Record<string, { id: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const ids = new Set<string>(Object.values(COMMANDS));

describe('command ids', () => {
  test('every contributed command is in the table, and every id in the table is contributed', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    assert.deepEqual([...contributed].sort(), [...ids].sort());
  });

  test('every menu entry runs a command of the table', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) {
        if (entry.command !== undefined) assert.ok(ids.has(entry.command), `menu ${menu} names ${entry.command}, which src/core/commandIds.ts does not have`);
      }
    }
  });

  test('the context keys and the view id in `when` clauses are those of the table', () => {
    const known = new Set<string>([...Object.values(CONTEXT_KEYS), VIEW_ID]);
    const whens = Object.values(manifest.contributes.menus).flatMap((entries) => entries.flatMap((e) => (e.when ? [e.when] : [])));
    const used = new Set(whens.flatMap((w) => w.match(/goroutineLens\.[A-Za-z.]+/g) ?? []));
    for (const key of used) assert.ok(known.has(key), `a when clause uses ${key}, which src/core/commandIds.ts does not have`);
    assert.ok(Object.values(manifest.contributes.views).some((views) => views.some((v) => v.id === VIEW_ID)));
  });
});
