import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDumpText } from '../../src/core/dump/parse';
import { WatchHistory, describeSpan } from '../../src/core/dump/watch';
import { fixtureText } from '../support/fixtures';

describe('watching', () => {
  const base = fixtureText('transport-leak.debug2.txt');
  /** withExtraLeaks adds n more readLoop goroutines to the dump, as a service leaking more over time would. */
  function withExtraLeaks(n: number) {
    const block = base.slice(base.indexOf('goroutine', base.indexOf('persistConn).readLoop') - 2000));
    const one = block.slice(block.indexOf('goroutine'), block.indexOf('\n\n') + 2);
    const extra = Array.from({ length: n }, (_, i) => one.replace(/^goroutine \d+/, `goroutine ${900000 + i}`)).join('');
    return parseDumpText(base + '\n' + extra);
  }
  test('a group growing at every fetch is suspected; a flat one is not', () => {
    const history = new WatchHistory(5);
    const t0 = Date.UTC(2026, 10, 27);
    [0, 10, 20, 30].forEach((n, i) => history.add(withExtraLeaks(n), t0 + i * 100_000));
    const suspects = history.suspects(3);
    assert.equal(suspects.length, 1);
    assert.equal(suspects[0]!.rise, 30);
    assert.equal(describeSpan(suspects[0]!.spanMs), '5 min');
    assert.deepEqual(history.trend(), { total: history.snapshots[3]!.total, sincePrevious: 10, sinceFirst: 30, spanMs: 300_000, direction: 'up' });
    history.add(withExtraLeaks(30), t0 + 400_000);
    assert.equal(history.suspects(3).length, 0, 'a pause in growth ends the streak');
  });
  test('only the last K snapshots are kept', () => {
    const history = new WatchHistory(2);
    for (let i = 0; i < 4; i++) history.add(withExtraLeaks(i), i);
    assert.equal(history.snapshots.length, 2);
  });
});
