import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { groupDump } from '../../src/core/dump/group';
import { parseDumpText } from '../../src/core/dump/parse';
import { analyze, toJson, toJsonChunks } from '../../src/core/dump/report';
import { groupDescription } from '../../src/core/tree/treeModel';
import { jsonText } from '../support/cli';
import { DUMPS } from '../support/fixtures';

/**
 * testing/synctest marks a bubble's goroutines in their headers (Go >= 1.25):
 * `[sleep (durable), synctest bubble 1]`. When a bubble hangs instead of
 * panicking, the goroutine to look at is the one of the bubble without
 * `(durable)`: something outside the bubble must wake it. The marks are kept.
 */
const BLOG = readFileSync(join(DUMPS, 'real', 'golang-website-testing-time.synctest.txt'), 'utf8');

describe('synctest bubbles and durably blocked goroutines (go.dev/blog/testing-time)', () => {
  test('the durably blocked goroutine and its bubble are kept, in the groups, the JSON and the tree', () => {
    const dump = parseDumpText(BLOG);
    const sleeping = groupDump(dump).find((g) => g.ids?.includes(10))!;
    assert.equal(sleeping.state, 'sleep');
    assert.equal(sleeping.durable, 1);
    assert.deepEqual(sleeping.bubbles, [1]);
    assert.equal(groupDescription(sleeping), 'sleep, durable, synctest bubble 1');
    const running = groupDump(dump).find((g) => g.ids?.includes(7))!;
    assert.equal(running.durable, 0);
    assert.equal(running.bubbles, null);
    assert.equal(groupDescription(running), 'running');
    const analysis = analyze(dump);
    const json = toJson(analysis).groups.find((g) => g.ids?.includes(10))!;
    assert.equal(json.durable, 1);
    assert.deepEqual(json.bubbles, [1]);
    assert.equal(toJson(analysis).groups.find((g) => g.ids?.includes(7))!.durable, undefined);
    assert.equal(jsonText(toJsonChunks(analysis)), JSON.stringify(toJson(analysis)));
  });

  test('a goroutine of the bubble that is not durably blocked stays in its stack group and is counted apart', () => {
    // The blog's goroutine 10 once more as goroutine 11, blocked the way the synctest docs call not durable (its header without the mark).
    const block = BLOG.slice(BLOG.indexOf('goroutine 10 '), BLOG.indexOf('FAIL\t_'));
    const text = BLOG.replace(
      'FAIL\t_',
      `\n${block.replace('goroutine 10 [sleep (durable), synctest bubble 1]', 'goroutine 11 [sleep, synctest bubble 1]')}FAIL\t_`,
    );
    const dump = parseDumpText(text);
    assert.equal(dump.total, 3);
    const group = groupDump(dump).find((g) => g.ids?.includes(10))!;
    assert.deepEqual(group.ids, [10, 11]);
    assert.equal(group.durable, 1);
    assert.deepEqual(group.bubbles, [1]);
    assert.equal(groupDescription(group), 'sleep, 1 durable, synctest bubble 1');
    const analysis = analyze(dump);
    assert.equal(toJson(analysis).groups.find((g) => g.ids?.includes(11))!.durable, 1);
    assert.equal(jsonText(toJsonChunks(analysis)), JSON.stringify(toJson(analysis)));
  });

  test('goroutines of several bubbles list them, sorted and once each', () => {
    const block = BLOG.slice(BLOG.indexOf('goroutine 10 '), BLOG.indexOf('FAIL\t_'));
    const copies = [12, 13, 14].map((id, i) =>
      block.replace('goroutine 10 ', `goroutine ${id} `).replace('synctest bubble 1', `synctest bubble ${[3, 2, 3][i]}`),
    );
    const dump = parseDumpText(BLOG.replace('FAIL\t_', `\n${copies.join('\n')}FAIL\t_`));
    const group = groupDump(dump).find((g) => g.ids?.includes(10))!;
    assert.equal(group.count, 4);
    assert.deepEqual(group.bubbles, [1, 2, 3]);
    assert.equal(groupDescription(group), 'sleep, durable, synctest bubbles 1, 2, 3');
  });
});
