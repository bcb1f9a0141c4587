// The Goroutines view's ids (issue 10, item 6): VS Code's tree rejects an id
// registered twice, and a group appears both under its dump and under every
// leak signature that names it. Checked over the real dumps of test/fixtures.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { GROUP_MODES } from '../../src/core/dump/model';
import { analyze, type Analysis } from '../../src/core/dump/report';
import { parseDumpFile } from '../../src/core/dump/source';
import { dumpRows, signatureRows, treeIds } from '../../src/core/tree/treeIds';
import { parseFilter, type GroupFilter } from '../../src/core/tree/treeModel';
import { DUMPS, fixturePath } from '../support/fixtures';

/** allIds lists the ids of every row with an id that a dump shows: its own, its rows, and the groups under each signature. */
function allIds(dumpId: number, analysis: Analysis, filter: GroupFilter | null): string[] {
  const ids = [treeIds.dump(dumpId)];
  for (const row of dumpRows(dumpId, analysis, filter)) {
    if (row.kind === 'hidden') continue;
    ids.push(row.id);
    if (row.kind === 'signature') ids.push(...signatureRows(row.id, row.hit, analysis).map((g) => g.id));
  }
  return ids;
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe('tree ids', () => {
  const files = readdirSync(DUMPS).filter((f) => /\.(txt|gz)$/.test(f));

  test("a leak signature's groups get ids of their own, not those of the same groups under the dump", async () => {
    const analysis = analyze(await parseDumpFile(fixturePath('transport-leak.debug2.txt')));
    const rows = dumpRows(7, analysis, null);
    const signature = rows.find((r) => r.kind === 'signature');
    assert.ok(signature && signature.kind === 'signature', 'the Transport leak has a signature');
    const under = signatureRows(signature.id, signature.hit, analysis);
    assert.equal(under.length, 2);
    for (const g of under) {
      const same = rows.find((r) => r.kind === 'group' && r.index === g.index);
      assert.ok(same && same.kind === 'group', "the signature's group is also shown under the dump");
      assert.equal(same.group, g.group, 'the same group object');
      assert.notEqual(same.id, g.id);
      assert.ok(g.id.startsWith(`${signature.id}/`), `${g.id} lives under ${signature.id}`);
    }
  });

  test('every dump of the fixtures, in every grouping mode, filtered or not: no id twice', async () => {
    let signatureGroups = 0;
    for (const file of files) {
      const dump = await parseDumpFile(fixturePath(file));
      for (const mode of GROUP_MODES) {
        const analysis = analyze(dump, mode);
        signatureGroups += analysis.signatures.reduce((n, hit) => n + hit.groups.length, 0);
        for (const filter of [null, parseFilter('net/http'), parseFilter('min:2')]) {
          const ids = allIds(1, analysis, filter);
          assert.deepEqual(duplicates(ids), [], `${file}, ${mode}, filter ${JSON.stringify(filter)}`);
        }
      }
    }
    assert.ok(signatureGroups > 0, 'some fixtures have signatures, whose groups appear twice');
  });

  test('two dumps open at once, and a change of grouping, never reuse an id', async () => {
    const dump = await parseDumpFile(fixturePath('transport-leak.debug2.txt'));
    const ids = [...allIds(1, analyze(dump, 'exact'), null), ...allIds(2, analyze(dump, 'exact'), null)];
    assert.deepEqual(duplicates(ids), []);
    const exact = new Set(allIds(1, analyze(dump, 'exact'), null));
    const byState = allIds(1, analyze(dump, 'state'), null).filter((id) => id.includes('group:'));
    assert.deepEqual(
      byState.filter((id) => exact.has(id)),
      [],
      'group ids differ between grouping modes (index 3 is another group)',
    );
  });

  test("the filter keeps each group's id (expansion state survives filtering) and says how many it hid", async () => {
    const analysis = analyze(await parseDumpFile(fixturePath('zoo.debug2.txt')));
    const all = dumpRows(1, analysis, null).filter((r) => r.kind === 'group');
    const filtered = dumpRows(1, analysis, parseFilter('min:2'));
    const kept = filtered.filter((r) => r.kind === 'group');
    for (const row of kept) assert.equal(all.find((r) => r.kind === 'group' && r.index === row.index)?.id, row.id);
    const hidden = filtered.find((r) => r.kind === 'hidden');
    assert.equal(hidden?.kind === 'hidden' ? hidden.hidden : 0, all.length - kept.length);
    assert.ok(all.length > kept.length, 'the filter hides something in the zoo');
  });
});
