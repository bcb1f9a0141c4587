import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Bucket, Dump } from '../../src/core/dump/model';
import { parseDumpText } from '../../src/core/dump/parse';
import { analyze, toJson } from '../../src/core/dump/report';
import { DUMPS, fixtureText } from '../support/fixtures';

/**
 * One test per kind of damage copying does to a dump (docs/dump-formats.md,
 * damaged dumps), each built from a real text: a dump of the
 * corpus that shows the damage as found (test/fixtures/dumps/real), or, for
 * the kinds no public dump at hand shows, a real dump with that damage done
 * to it here (the test says which). Each checks that the goroutines come out
 * as in the undamaged text, and that the damage is noted.
 */
const real = (name: string) => readFileSync(join(DUMPS, 'real', name), 'utf8');

/** shape is what must not change when a dump is damaged: ids, functions, files and lines, creators, cut marks. */
function shape(dump: Dump): string[] {
  const one = (b: Bucket) =>
    `${(b.ids ?? []).join(',')}|${b.state}|${b.frames.map((f) => `${f.func} ${f.file}:${f.line}`).join(';')}|${b.creator ? `${b.creator.func} ${b.creator.file}:${b.creator.line}` : ''}|${b.count}|${b.cut}`;
  return dump.buckets.map(one).sort();
}

function noted(dump: Dump, words: RegExp): void {
  assert.ok(
    dump.problems.some((p) => words.test(p)),
    `noted (${words}): ${dump.problems.join(' | ')}`,
  );
}

describe('damage from copying, repaired or noted', () => {
  test('no final newline: the last line counts and the last goroutine is complete (golang/tour#1052, grab#97, DownloadBot#60)', () => {
    for (const name of ['tour-1052.traceback.txt', 'grab-97.traceback.txt', 'downloadbot-60.debug2.txt']) {
      const text = real(name);
      assert.ok(!text.endsWith('\n'), `${name} ends without a newline`);
      const dump = parseDumpText(text);
      const withNewline = parseDumpText(`${text}\n`);
      assert.equal(dump.truncated, false, `${name}: ${dump.truncatedReason}`);
      assert.deepEqual(shape(dump), shape(withNewline), name);
      assert.ok(
        dump.buckets.every((b) => b.frames.every((f) => f.line > 0)),
        `${name}: the last frame has its line`,
      );
    }
  });

  test('the same with output after it: `exit status 2` without a newline is text, not a cut goroutine (fatal.traceback.txt + exit status)', () => {
    const text = `${fixtureText('fatal.traceback.txt')}exit status 2`;
    const dump = parseDumpText(text);
    assert.equal(dump.truncated, false, dump.truncatedReason ?? '');
    assert.deepEqual(shape(dump), shape(parseDumpText(fixtureText('fatal.traceback.txt'))));
  });

  test('a header cut at the very end: the goroutine before it is kept whole, the cut one is kept, marked and counted (weaveworks/scope#486)', () => {
    const dump = parseDumpText(real('scope-486.debug2.txt'));
    const complete = dump.buckets.find((b) => b.ids?.includes(53))!;
    assert.equal(complete.cut, false);
    assert.equal(complete.frames.at(-1)!.func, 'net/http.(*persistConn).readLoop');
    assert.equal(complete.creator!.func, 'net/http.(*Transport).dialConn');
    const cut = dump.buckets.find((b) => b.ids?.includes(51))!;
    assert.equal(cut.cut, true);
    assert.equal(cut.state, 'IO wait');
    assert.equal(dump.total, 2);
    assert.match(dump.truncatedReason!, /goroutine 51/);
    noted(dump, /header is cut/);
  });

  test('a console-wrapped frame line is joined: nothing after it is lost (fabio#544, its lines wrapped at 60 columns here)', () => {
    const text = real('fabio-544.debug2.txt');
    const wrapped = text
      .split('\n')
      .flatMap((l) => (l.length > 60 ? [l.slice(0, 60), l.slice(60)] : [l]))
      .join('\n');
    assert.notEqual(wrapped, text);
    const dump = parseDumpText(wrapped);
    assert.deepEqual(shape(dump), shape(parseDumpText(text)));
    noted(dump, /joined lines/);
  });

  test('a function name and its (args) on separate lines are joined (spiderpool#917, each call split before its "(" here)', () => {
    const text = real('spiderpool-917.debug2.txt');
    const split = text.replace(/^([^\s].*\S)(\([^()\n]*\))$/gm, '$1\n$2');
    assert.ok(split.split('\n').length > text.split('\n').length + 5);
    const dump = parseDumpText(split);
    assert.deepEqual(shape(dump), shape(parseDumpText(text)));
    noted(dump, /joined lines|arguments/);
  });

  test("debug=1 frame lines whose '#' Markdown ate keep their frames, and readLoop and writeLoop stay apart (golang/go#22773)", () => {
    const dump = parseDumpText(real('golang-22773.debug1.txt'));
    assert.equal(dump.format, 'debug1');
    assert.deepEqual(
      dump.buckets.map((b) => [b.count, b.frames.map((f) => `${f.func} ${f.line}`)]),
      [
        [869, ['net/http.(*persistConn).writeLoop 1759']],
        [866, ['net/http.(*persistConn).readLoop 1654']],
      ],
    );
    noted(dump, /leading `#` was lost/);
    assert.ok(
      analyze(dump).signatures.some((s) => s.signature.id === 'transport-per-call'),
      'the Transport signature is found',
    );
  });

  test("the same for a real debug=1 profile with every '#' removed here (zoo.debug1.txt): same records, labels kept", () => {
    const text = fixtureText('zoo.debug1.txt');
    const eaten = text.replace(/^# ?/gm, '');
    const a = parseDumpText(text);
    const b = parseDumpText(eaten);
    assert.deepEqual(shape(b), shape(a));
    assert.deepEqual(
      b.buckets.map((x) => x.labels),
      a.buckets.map((x) => x.labels),
    );
    noted(b, /leading `#` was lost/);
  });

  test('a debug=1 profile whose last line is cut keeps its last record, marked cut (manifoldco/promptui#130)', () => {
    const dump = parseDumpText(real('promptui-130.debug1.txt'));
    assert.deepEqual(
      dump.buckets.map((b) => [b.count, b.cut]),
      [
        [3, false],
        [3, false],
        [1, true],
      ],
    );
    assert.equal(dump.truncated, true);
  });

  test('a record header shortened by hand is read, its count kept (zoo.debug1.txt, one header shortened here)', () => {
    const text = fixtureText('zoo.debug1.txt');
    const shortened = text.replace(/^(\d+) @ 0x[0-9a-f]+ .*$/m, '$1 @ ... net/http.(*Server).Serve ...');
    assert.notEqual(shortened, text);
    const a = parseDumpText(text);
    const b = parseDumpText(shortened);
    assert.equal(b.total, a.total);
    assert.equal(b.buckets.length, a.buckets.length);
    noted(b, /record header/);
  });

  test('a cut first log prefix: the rest of the prefixes are learned and the dump is read (matrixone#19185)', () => {
    const dump = parseDumpText(real('matrixone-19185.traceback.txt'));
    assert.deepEqual(dump.preamble.panics, ['test timed out after 40m0s']);
    const alarm = dump.buckets.find((b) => b.ids?.includes(311))!;
    assert.deepEqual(
      alarm.frames.map((f) => `${f.func} ${f.line}`),
      ['testing.(*M).startAlarm.func1 2373'],
    );
    assert.equal(alarm.creator!.func, 'time.goFunc');
    noted(dump, /log prefix changed/);
  });

  test('the same process dumped twice is two dumps, not one of twice the goroutines (sigquit.traceback.txt twice)', () => {
    const once = fixtureText('sigquit.traceback.txt');
    const dump = parseDumpText(`${once}\n${once}`);
    const single = parseDumpText(once);
    assert.equal(dump.total, single.total);
    assert.deepEqual(shape(dump), shape(single));
    assert.equal(dump.otherDumps.length, 1);
    assert.equal(dump.otherDumps[0]!.total, single.total);
    assert.match(dump.otherDumps[0]!.reason, /SIGQUIT: quit. after a dump's goroutines/);
    // Printed twice without the second preamble, the repeated goroutine ids tell.
    const body = once.slice(once.indexOf('goroutine '));
    const twice = parseDumpText(`${once}\n${body}`);
    assert.equal(twice.total, single.total);
    assert.match(twice.otherDumps[0]!.reason, /appears again/);
    const json = toJson(analyze(dump));
    assert.equal(json.otherDumps!.length, 1);
    noted(dump, /further dump starts here/);
  });

  test('two different dumps pasted one after the other are kept apart (gostatsd#102: a debug=2 part, then a debug=1 profile)', () => {
    const dump = parseDumpText(real('gostatsd-102.mixed.txt'));
    assert.equal(dump.format, 'debug2');
    assert.equal(dump.total, 2);
    assert.deepEqual(
      dump.otherDumps.map((d) => [d.format, d.total, d.reason]),
      [['debug1', 2, 'a debug=1 profile after a goroutine dump']],
    );
  });

  test('NUL and control bytes inside lines lose no goroutine (kube-batch#406 and zoo.debug2.txt, NULs and colour codes put in here)', () => {
    for (const text of [real('kube-batch-406.debug2.txt'), fixtureText('zoo.debug2.txt')]) {
      let i = 0;
      const dirty = text.replace(/\n/g, () => (i++ % 3 === 0 ? '\0\n' : i % 3 === 1 ? '\x1b[0m\n' : '\n')).replace(/goroutine (\d+) \[/g, 'goroutine $1\0 [');
      const dump = parseDumpText(dirty);
      assert.deepEqual(shape(dump), shape(parseDumpText(text)));
      noted(dump, /NUL or control bytes/);
    }
  });

  test('a dump pasted double-spaced, file lines unindented, keeps its frames (docker/for-mac#5511)', () => {
    const dump = parseDumpText(real('docker-for-mac-5511.debug2.txt'));
    const g = dump.buckets.find((b) => b.ids?.includes(85))!;
    assert.deepEqual(
      g.frames.map((f) => `${f.func} ${f.line}`),
      ['k8s.io/kubernetes/vendor/go.opencensus.io/stats/view.(*worker).start 154'],
    );
    assert.equal(g.creator!.line, 32);
    noted(dump, /blank line after every line/);
  });

  test('indentation added to the whole block is removed (otiai10/hotsub#32, traefik#11660)', () => {
    const hotsub = parseDumpText(real('hotsub-32.traceback.txt'));
    assert.equal(hotsub.preamble.fatalError, 'all goroutines are asleep - deadlock!');
    assert.equal(hotsub.buckets.find((b) => b.ids?.includes(18))!.creator!.func, 'main.(*Handler).HandleBunch');
    const traefik = parseDumpText(real('traefik-11660.traceback.txt'));
    // 8 whole frames, and the function of the frame the end of the excerpt cuts (net.(*TCPConn).Read).
    assert.deepEqual(traefik.buckets[0]!.frames.map((f) => f.func).slice(-2), ['net.(*conn).Read', 'net.(*TCPConn).Read']);
    assert.equal(traefik.buckets[0]!.cut, true);
  });

  test('the creator goroutine id is kept and leads to the parent (moby#47364)', () => {
    const dump = parseDumpText(real('moby-47364.debug2.txt'));
    const writeLoops = dump.buckets.find((b) => b.frames[0]?.func === 'net/http.(*persistConn).writeLoop')!;
    assert.deepEqual(writeLoops.parentIds, [530, 1141]);
    const json = toJson(analyze(dump));
    const group = json.groups.find((g) => g.frames[0]?.func === 'net/http.(*persistConn).writeLoop')!;
    assert.deepEqual(group.createdBy!.goroutines, [530, 1141]);
    assert.equal(group.createdBy!.goroutine, undefined, 'two parents: no single one');
    const single = toJson(analyze(parseDumpText(real('syzkaller-5776.traceback.txt'))));
    assert.equal(single.groups.find((g) => g.ids?.includes(6))!.createdBy!.goroutine, 1);
  });
});

describe('debug=1 labels (issue 10)', () => {
  const text = fixtureText('zoo.debug1.txt');

  test('a malformed `# labels:` line keeps its record and the record keeps its frames', () => {
    const broken = text.replace('# labels: {"tenant":"acme", "worker":"w1"}', '# labels: {"tenant":"acme", "worker":');
    assert.notEqual(broken, text);
    const a = parseDumpText(text);
    const b = parseDumpText(broken);
    assert.equal(b.total, a.total);
    assert.deepEqual(
      b.buckets.map((x) => x.frames),
      a.buckets.map((x) => x.frames),
    );
    noted(b, /labels line that cannot be read|labels/);
  });

  test('a `__proto__` label is kept like any other', () => {
    const proto = text.replace('# labels: {"tenant":"acme", "worker":"w1"}', '# labels: {"__proto__":"x", "worker":"w1"}');
    const dump = parseDumpText(proto);
    const labelled = dump.buckets.find((b) => b.labels !== null && Object.prototype.hasOwnProperty.call(b.labels, '__proto__'));
    assert.ok(labelled, 'a record carries the __proto__ label');
    assert.equal(Object.getOwnPropertyDescriptor(labelled.labels, '__proto__')!.value, 'x');
    assert.match(JSON.stringify(toJson(analyze(dump))), /"__proto__":"x"/);
  });
});
