import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Dump } from '../../src/core/dump/model';
import { parseDumpText } from '../../src/core/dump/parse';
import { analyze, toJson } from '../../src/core/dump/report';
import { ROOT } from '../support/fixtures';

/**
 * Race reports as Go writes them today: test/go/crash built with `-race` by
 * the Go installed here (Debian's golang-go), run in its `race-only` mode
 * (reports alone, exit status 66) and its `race` mode (a report, then a
 * panic's traceback). What the parser reads is checked against the text
 * read with simple patterns of its own. The old form (`Write by goroutine 93:`,
 * no address) comes from the real corpus (test/fixtures/dumps/real).
 */
interface GoRun {
  buildProgramSync(name: string, options?: { race?: boolean }): string;
  raceSupported(): boolean;
}

let go: GoRun;
let bin: string | null = null;

function run(mode: string): { stderr: string; status: number | null } {
  const r = spawnSync(bin!, [mode], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, GOTRACEBACK: 'all', GOMAXPROCS: '4' } });
  return { stderr: r.stderr, status: r.status };
}

/** reportsOf splits the text at `WARNING: DATA RACE` and reads each report's goroutine numbers with plain patterns. */
function reportsOf(text: string): { accesses: number[]; created: number[] }[] {
  return text
    .split('WARNING: DATA RACE')
    .slice(1)
    .map((part) => {
      const report = part.split(/^={10,}$/m)[0]!;
      return {
        // `by main goroutine` is goroutine 1.
        accesses: [...report.matchAll(/ by (?:goroutine (\d+)|main goroutine):$/gm)].map((m) => Number(m[1] ?? 1)),
        created: [...report.matchAll(/^Goroutine (\d+) \(\w+\) created at:$/gm)].map((m) => Number(m[1])),
      };
    });
}

function checkRaces(dump: Dump, text: string): void {
  const expected = reportsOf(text);
  assert.ok(expected.length > 0);
  assert.equal(dump.races.length, expected.length, 'one race per report');
  dump.races.forEach((race, i) => {
    assert.deepEqual(
      race.accesses.map((a) => a.goroutine),
      expected[i]!.accesses,
      `race ${i + 1}: the two accesses`,
    );
    assert.deepEqual(
      race.goroutines.map((g) => g.id),
      expected[i]!.created,
      `race ${i + 1}: the creation stacks`,
    );
    assert.equal(race.cut, false);
    assert.equal(race.accesses[0]!.previous, false);
    assert.equal(race.accesses[1]!.previous, true);
    for (const frames of [...race.accesses.map((a) => a.frames), ...race.goroutines.map((g) => g.frames)]) {
      assert.ok(frames.length > 0);
      // Jump to source: the frames of the program point at its file and a line in it.
      for (const f of frames.filter((x) => x.func.startsWith('main.'))) {
        assert.ok(existsSync(f.file), f.file);
        assert.ok(f.line > 0);
      }
    }
  });
}

describe('race reports from a real -race build', () => {
  before(async () => {
    go = (await import(pathToFileURL(join(ROOT, 'test', 'go', 'run-dumpzoo.mjs')).href)) as GoRun;
    if (go.raceSupported()) bin = go.buildProgramSync('crash', { race: true });
  });

  test('reports alone are read as format race, each race with its accesses and creation stacks', (t) => {
    if (bin === null) return t.skip('`go build -race` does not work on this machine');
    const { stderr, status } = run('race-only');
    assert.equal(status, 66, 'the race detector sets exit status 66');
    const dump = parseDumpText(stderr);
    assert.equal(dump.format, 'race');
    assert.equal(dump.total, 0);
    assert.equal(dump.truncated, false);
    checkRaces(dump, stderr);
    const json = toJson(analyze(dump));
    assert.equal(json.format, 'race');
    assert.equal(json.races!.length, dump.races.length);
    assert.ok(json.races!.every((r) => r.accesses.length === 2 && r.goroutines.every((g) => g.createdAt.length > 0)));
  });

  test('a report followed by a traceback shows both', (t) => {
    if (bin === null) return t.skip('`go build -race` does not work on this machine');
    const { stderr } = run('race');
    const dump = parseDumpText(stderr);
    assert.equal(dump.format, 'traceback');
    assert.equal(dump.total, [...stderr.matchAll(/^goroutine \d+ \[/gm)].length, 'every goroutine of the traceback');
    assert.match(dump.preamble.panics[0]!, /^race: hits=/);
    checkRaces(dump, stderr);
  });

  test('the same text with a log prefix on every line reads the same', (t) => {
    if (bin === null) return t.skip('`go build -race` does not work on this machine');
    const { stderr } = run('race');
    const prefixed = stderr
      .split('\n')
      .map((l, i) => `2026-12-01T05:${String(10 + (i % 50)).padStart(2, '0')}:00.${100 + i}Z ${l}`)
      .join('\n');
    const plain = parseDumpText(stderr);
    const dump = parseDumpText(prefixed);
    assert.equal(dump.total, plain.total);
    assert.deepEqual(dump.races, plain.races);
  });
});
