import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { packageOf, tracebackFrames } from '../../src/core/dump/buckets';
import { LineSplitter } from '../../src/core/dump/lines';
import { parseDump, parseDumpText } from '../../src/core/dump/parse';
import { RECORD_FRAME, parseHeaderBracket, parseLabels, preambleShape, recordFrameOf } from '../../src/core/dump/text';

describe('parseHeaderBracket', () => {
  const cases: [string, Partial<ReturnType<typeof parseHeaderBracket>>][] = [
    ['running', { state: 'running', waitMinutes: null, lockedToThread: false, leaked: false, durable: false, bubble: null, labels: null }],
    ['chan receive, 435 minutes', { state: 'chan receive', waitMinutes: 435 }],
    ['IO wait, 12 minutes, locked to thread', { state: 'IO wait', waitMinutes: 12, lockedToThread: true }],
    ['syscall, locked to thread', { state: 'syscall', lockedToThread: true }],
    ['select (no cases)', { state: 'select (no cases)' }],
    ['select (no cases), 3 minutes', { state: 'select (no cases)', waitMinutes: 3 }],
    ['GC worker (idle)', { state: 'GC worker (idle)' }],
    ['runnable (scan)', { state: 'runnable' }],
    ['chan send (leaked)', { state: 'chan send', leaked: true }],
    ['chan send (leaked), 7 minutes', { state: 'chan send', leaked: true, waitMinutes: 7 }],
    ['sync.WaitGroup.Wait (durable)', { state: 'sync.WaitGroup.Wait', durable: true, bubble: null }],
    ['chan receive, synctest bubble 3', { state: 'chan receive', durable: false, bubble: 3 }],
    ['sleep (durable), synctest bubble 1', { state: 'sleep', durable: true, bubble: 1 }],
    ['select (durable), 9 minutes, synctest bubble 3', { state: 'select', durable: true, waitMinutes: 9, bubble: 3 }],
    ['select, synctest group 2', { state: 'select', bubble: 2 }],
    ['running labels:{"k": "v"}', { state: 'running', labels: { k: 'v' } }],
    ['chan receive, 2 minutes, labels:{"a":"b", "c":"d"}', { state: 'chan receive', waitMinutes: 2, labels: { a: 'b', c: 'd' } }],
    ['chan receive (nil chan), 1 minutes', { state: 'chan receive (nil chan)', waitMinutes: 1 }],
    ['semacquire', { state: 'semacquire' }],
    ['sync.Mutex.Lock, 5 minutes', { state: 'sync.Mutex.Lock', waitMinutes: 5 }],
  ];
  for (const [inside, expected] of cases) {
    test(`[${inside}]`, () => {
      const got = parseHeaderBracket(inside);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(got[k as keyof typeof got], v, k);
    });
  }
});

describe('preambleShape', () => {
  test('names the lines a traceback prints around its goroutines, and nothing else', () => {
    const cases: [string, ReturnType<typeof preambleShape>][] = [
      ['panic: boom', 'panic'],
      ['\tpanic: boom [recovered]', 'panic'],
      ['fatal error: all goroutines are asleep - deadlock!', 'fatalError'],
      ['[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47b5a0]', 'signalInfo'],
      ['SIGQUIT: quit', 'signal'],
      ['runtime stack:', 'runtimeStack'],
      ['WARNING: DATA RACE', 'race'],
      ['runtime: program exceeds 10000-thread limit', null],
      ['runtime stack: more', null],
      ['the server said panic: no', null],
      ['goroutine 1 [running]:', null],
    ];
    for (const [line, shape] of cases) assert.equal(preambleShape(line), shape, line);
  });
});

describe('recordFrameOf', () => {
  test("reads a debug=1 `#` line's function, file and line; `?` for a PC without a symbol", () => {
    assert.deepEqual(recordFrameOf(RECORD_FRAME.exec('#\t0x4b4e7a\tmain.block+0x1a\t\t/tmp/q/main.go:11')!), {
      func: 'main.block',
      file: '/tmp/q/main.go',
      line: 11,
    });
    assert.deepEqual(recordFrameOf(RECORD_FRAME.exec('#\t0x4b4e7a')!), { func: '?', file: '?', line: 0 });
  });
});

describe('parseLabels', () => {
  test('JSON-compatible labels', () => assert.deepEqual(parseLabels('{"worker":"w1", "tenant":"acme"}'), { worker: 'w1', tenant: 'acme' }));
  test('Go %q escapes that JSON rejects fall back to a lenient scan', () => assert.deepEqual(parseLabels('{"k":"caf\\xc3\\xa9"}'), { k: 'caf\\xc3\\xa9' }));
  test('not labels', () => assert.equal(parseLabels('nope'), null));
});

describe('packageOf', () => {
  const cases: [string, string][] = [
    ['net/http.(*persistConn).readLoop', 'net/http'],
    ['main.main.func1.2', 'main'],
    ['example.com/mod/pkg.F[...]', 'example.com/mod/pkg'],
    ['example.com/mod/pkg.(*List[...]).Push', 'example.com/mod/pkg'],
    ['gopkg.in/yaml%2ev3.(*parser).parse', 'gopkg.in/yaml.v3'],
    ['panic', ''],
    ['non-Go function', ''],
  ];
  for (const [func, pkg] of cases) test(func, () => assert.equal(packageOf(func), pkg));
});

describe('LineSplitter', () => {
  function split(chunks: string[], max = 100): { lines: string[]; long: number[]; last: string | null } {
    const lines: string[] = [];
    const long: number[] = [];
    const s = new LineSplitter(
      (l) => lines.push(l),
      (n) => long.push(n),
      max,
    );
    for (const c of chunks) s.push(Buffer.from(c));
    const last = s.end();
    return { lines, long, last };
  }
  test('lines across chunk boundaries, CRLF; an unterminated last line is handed back', () => {
    assert.deepEqual(split(['ab', 'c\r\nd', 'e\n\nf\r']), { lines: ['abc', 'de', ''], long: [], last: 'f' });
    assert.equal(split(['a\n']).last, null);
  });
  test('a multi-byte character split between chunks', () => {
    const bytes = Buffer.from('é\n');
    const s: string[] = [];
    const splitter = new LineSplitter(
      (l) => s.push(l),
      () => {},
    );
    splitter.push(bytes.subarray(0, 1));
    splitter.push(bytes.subarray(1));
    splitter.end();
    assert.deepEqual(s, ['é']);
  });
  test('an over-long line is reported once and skipped, the rest kept', () => {
    const { lines, long } = split(['x'.repeat(150), 'y'.repeat(100), '\nok\n'], 100);
    assert.deepEqual(lines, ['ok']);
    assert.equal(long.length, 1);
  });
});

/** A debug=2 dump as Go 1.19 writes it, copied from a real run. */
const DEBUG2 = `goroutine 1 [running]:
runtime/pprof.writeGoroutineStacks({0x4fc538, 0xc00009e008})
	/usr/lib/go-1.19/src/runtime/pprof/pprof.go:692 +0x70
main.main()
	/tmp/q/main.go:26 +0x1ce

goroutine 18 [chan receive]:
main.block(0x0?)
	/tmp/q/main.go:11 +0x1b
created by main.main
	/tmp/q/main.go:18 +0x34

goroutine 19 [chan receive, 3 minutes]:
main.block(0x0?)
	/tmp/q/main.go:11 +0x1b
created by main.main
	/tmp/q/main.go:18 +0x34

goroutine 22 [chan receive]:
main.block(...)
	/tmp/q/main.go:11
main.main.func1.1({0x4fc830, 0xc000090180})
	/tmp/q/main.go:21 +0x1f
created by main.main
	/tmp/q/main.go:21 +0x125
`;

describe('debug=2 text', () => {
  test('goroutines fold into buckets with ids, wait and creator', () => {
    const dump = parseDumpText(DEBUG2);
    assert.equal(dump.format, 'debug2');
    assert.equal(dump.total, 4);
    assert.equal(dump.truncated, false);
    const block = dump.buckets.find((b) => b.frames[0]?.func === 'main.block' && b.frames.length === 1)!;
    assert.equal(block.count, 2);
    assert.deepEqual(block.ids, [18, 19]);
    assert.equal(block.waitMin, 3);
    assert.equal(block.waitMax, 3);
    assert.deepEqual(block.creator, { func: 'main.main', pkg: 'main', file: '/tmp/q/main.go', line: 18, goroutineId: null });
    const inlined = dump.buckets.find((b) => b.frames.length === 2 && b.frames[0]!.func === 'main.block')!;
    assert.deepEqual(inlined.frames[0], { func: 'main.block', pkg: 'main', file: '/tmp/q/main.go', line: 11 });
  });

  test('frames are interned: equal stacks share objects', () => {
    const dump = parseDumpText(DEBUG2 + '\n' + DEBUG2.replace(/goroutine (\d+)/g, (_, id) => `goroutine ${Number(id) + 100}`));
    const blocks = dump.buckets.filter((b) => b.frames[0]?.func === 'main.block');
    assert.equal(blocks.length, 2);
    assert.equal(blocks[0]!.count, 4);
  });

  test('CRLF, tabs turned into spaces, and Windows paths', () => {
    const text = DEBUG2.replace(/\t/g, '        ')
      .replace(/\/tmp\/q\/main.go/g, 'C:/Users/dev/q/main.go')
      .replace(/\n/g, '\r\n');
    const dump = parseDumpText(text);
    assert.equal(dump.total, 4);
    assert.equal(dump.buckets[1]!.frames[0]!.file, 'C:/Users/dev/q/main.go');
    assert.equal(dump.buckets[1]!.frames[0]!.line, 11);
  });

  test('created by … in goroutine N keeps the parent id but not in the identity', () => {
    const text = DEBUG2.replace('created by main.main\n\t/tmp/q/main.go:18', 'created by main.main in goroutine 1\n\t/tmp/q/main.go:18');
    const dump = parseDumpText(text);
    const block = dump.buckets.find((b) => b.frames.length === 1 && b.frames[0]!.func === 'main.block')!;
    assert.equal(block.count, 2);
    assert.equal(block.creator!.func, 'main.main');
  });

  test('a dump cut mid-line is truncated, and keeps what came before', () => {
    const cut = DEBUG2.slice(0, DEBUG2.indexOf('main.go:21 +0x1f') + 8);
    const dump = parseDumpText(cut);
    assert.equal(dump.truncated, true);
    assert.match(dump.truncatedReason!, /goroutine 22/);
    // The goroutine cut in two is kept with the frames before the cut, marked and counted.
    assert.equal(dump.total, 4);
    assert.deepEqual(
      dump.buckets.filter((b) => b.cut).map((b) => b.ids),
      [[22]],
    );
  });

  test('a dump cut after a function line is truncated even at a line end', () => {
    const cut = DEBUG2.slice(0, DEBUG2.indexOf('\t/tmp/q/main.go:21 +0x1f'));
    assert.equal(parseDumpText(cut).truncated, true);
  });

  test('a log prefix on every line is stripped', () => {
    const prefixed = [
      '2026-11-27T03:14:15.926Z server starting',
      ...DEBUG2.split('\n').map((l, i) => `2026-11-27T03:14:${String(16 + (i % 40)).padStart(2, '0')}.${100 + i}Z ${l}`),
      '2026-11-27T03:15:00.001Z bye',
    ].join('\n');
    const dump = parseDumpText(prefixed);
    assert.equal(dump.total, 4);
    assert.equal(dump.buckets.find((b) => b.frames[0]?.func === 'main.block')!.count, 2);
  });

  test('text around the dump passes through', () => {
    const dump = parseDumpText(`starting\nlistening on :8080\n${DEBUG2}\nexit status 2\n`);
    assert.equal(dump.total, 4);
  });
});

describe('tracebacks', () => {
  test('panic preamble, [recovered], signal and gp=/m= headers', () => {
    const text = `panic: boom [recovered]
	panic: boom again

[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f1e5]

goroutine 1 gp=0xc000002380 m=0 mp=0x5f4a40 [running]:
panic({0x4a4c80, 0xc000010250})
	/usr/lib/go-1.19/src/runtime/panic.go:884 +0x212 fp=0xc000059f60 sp=0xc000059eb0 pc=0x433f52
main.main()
	/tmp/x/main.go:9 +0x1d fp=0xc000059f80 sp=0xc000059f60 pc=0x48f1fd

goroutine 18 gp=0xc000102000 m=nil [chan receive]:
main.wait(...)
	/tmp/x/main.go:5
created by main.main in goroutine 1
	/tmp/x/main.go:8 +0x25
exit status 2
`;
    const dump = parseDumpText(text);
    assert.equal(dump.format, 'traceback');
    assert.deepEqual(dump.preamble.panics, ['boom [recovered]', 'boom again']);
    assert.match(dump.preamble.signal!, /SIGSEGV/);
    assert.equal(dump.total, 2);
    assert.equal(dump.buckets[0]!.frames[0]!.func, 'panic');
    assert.equal(dump.buckets[0]!.frames[1]!.line, 9);
    assert.equal(dump.buckets[1]!.creator!.goroutineId, null, 'bucket creators drop the parent id');
  });

  test('elided frames, ancestry blocks, unavailable stacks and non-Go functions', () => {
    const text = `fatal error: all goroutines are asleep - deadlock!

goroutine 1 [chan receive]:
main.f(...)
	/tmp/x/main.go:5
...12 frames elided...
created by main.main
	/tmp/x/main.go:8 +0x25
[originating from goroutine 1]:
main.main()
	/tmp/x/main.go:8 +0x25

goroutine 2 [running]:
	goroutine running on other thread; stack unavailable
goroutine running on other thread; stack unavailable

goroutine 3 [syscall]:
non-Go function
	pc=0x7f3a8c2d1e5f
runtime.cgocall(0x4a0b10, 0xc000051f40)
	/usr/lib/go/src/runtime/cgocall.go:158 +0x5c fp=0xc000051f18 sp=0xc000051ee0 pc=0x40429c
`;
    const dump = parseDumpText(text);
    assert.equal(dump.format, 'traceback');
    assert.equal(dump.preamble.fatalError, 'all goroutines are asleep - deadlock!');
    assert.equal(dump.total, 3);
    const [first, second, third] = dump.buckets;
    assert.equal(first!.elided, true);
    assert.equal(first!.frames.length, 1, 'ancestry frames are not part of the stack');
    assert.equal(second!.frames.length, 0);
    assert.deepEqual(
      third!.frames.map((f) => f.func),
      ['non-Go function', 'runtime.cgocall'],
    );
  });

  test('a data race report is recognised and not read as goroutines', () => {
    const text = `==================
WARNING: DATA RACE
Write at 0x00c000012345 by goroutine 7:
  main.main.func1()
      /tmp/x/main.go:9 +0x3c

Previous write at 0x00c000012345 by main goroutine:
  main.main()
      /tmp/x/main.go:11 +0x88

Goroutine 7 (running) created at:
  main.main()
      /tmp/x/main.go:8 +0x7a
==================
panic: done

goroutine 1 [running]:
main.main()
	/tmp/x/main.go:12 +0x99
`;
    const dump = parseDumpText(text);
    assert.equal(dump.total, 1);
    assert.equal(dump.format, 'traceback');
    assert.equal(dump.races.length, 1);
    const [race] = dump.races;
    assert.deepEqual(
      race!.accesses.map((a) => [a.kind, a.previous, a.goroutine, a.frames.map((f) => `${f.func} ${f.line}`)]),
      [
        ['write', false, 7, ['main.main.func1 9']],
        ['write', true, 1, ['main.main 11']],
      ],
    );
    assert.deepEqual(
      race!.goroutines.map((g) => [g.id, g.status, g.frames.map((f) => f.line)]),
      [[7, 'running', [8]]],
    );
  });
});

describe('debug=1 text', () => {
  const DEBUG1 = `goroutine profile: total 5
3 @ 0x437556 0x40619b 0x405cd8 0x4b4e7b 0x461161
#	0x4b4e7a	main.block+0x1a	/tmp/q/main.go:11

1 @ 0x437556 0x40619b 0x405cd8 0x4b52ff 0x4b52f5 0x4b4863 0x4b52a6 0x461161
# labels: {"k":"v"}
#	0x4b52fe	main.block+0x1e		/tmp/q/main.go:11
#	0x4b52f4	main.main.func1.1+0x14	/tmp/q/main.go:21

1 @ 0x437556 0x4b53fe 0x461161
#	0x4b53fd	main.gen[...]+0x1d	/tmp/q/main.go:13

`;
  test('records with counts and labels', () => {
    const dump = parseDumpText(DEBUG1);
    assert.equal(dump.format, 'debug1');
    assert.equal(dump.total, 5);
    assert.equal(dump.declaredTotal, 5);
    assert.equal(dump.truncated, false);
    assert.equal(dump.buckets[0]!.count, 3);
    assert.equal(dump.buckets[0]!.ids, null);
    assert.deepEqual(dump.buckets[1]!.labels, { k: 'v' });
    assert.equal(dump.buckets[2]!.frames[0]!.func, 'main.gen[...]');
  });
  test('a total that the records do not reach means truncated', () => {
    const dump = parseDumpText(DEBUG1.replace('total 5', 'total 9'));
    assert.equal(dump.truncated, true);
    assert.match(dump.truncatedReason!, /declares 9 goroutines but only 5/);
  });
  test('the goroutine leak profile marks every record leaked', () => {
    const dump = parseDumpText(DEBUG1.replace('goroutine profile', 'goroutineleak profile'));
    assert.equal(dump.leakProfile, true);
    assert.ok(dump.buckets.every((b) => b.leaked));
  });
});

describe('streaming', () => {
  test('one byte at a time gives the same dump as all at once', async () => {
    async function* bytes() {
      const all = Buffer.from(DEBUG2);
      for (let i = 0; i < all.length; i++) yield all.subarray(i, i + 1);
    }
    const streamed = await parseDump(bytes());
    const whole = parseDumpText(DEBUG2);
    assert.deepEqual(streamed, whole);
  });
});

describe('profile stacks read as tracebacks show them', () => {
  const f = (func: string) => ({ func, pkg: packageOf(func), file: 'x.go', line: 1 });
  test('unexported runtime frames are hidden wherever they are, exported ones kept', () => {
    const frames = [f('main.main'), f('runtime.main')];
    assert.deepEqual(
      tracebackFrames(frames).map((x) => x.func),
      ['main.main'],
    );
    assert.deepEqual(
      tracebackFrames([f('runtime.Goexit'), f('main.f')]).map((x) => x.func),
      ['runtime.Goexit', 'main.f'],
    );
    assert.deepEqual(
      tracebackFrames([f('runtime/pprof.Do'), f('runtime.gopark')]).map((x) => x.func),
      ['runtime/pprof.Do'],
    );
  });
  test('a stack of runtime frames only is kept whole', () => {
    const frames = [f('runtime.gopark'), f('runtime.forcegchelper')];
    assert.equal(tracebackFrames(frames), frames);
  });
  test('the main goroutine of debug=1 groups with its debug=2 self', () => {
    const d1 = parseDumpText(
      'goroutine profile: total 1\n1 @ 0x1 0x2\n#\t0x1\tmain.main+0x1\t/m/main.go:5\n#\t0x2\truntime.main+0x2\t/go/src/runtime/proc.go:250\n\n',
    );
    assert.deepEqual(
      d1.buckets[0]!.frames.map((x) => x.func),
      ['main.main'],
    );
  });
});

describe('the goroutine-leak profile as debug=0', () => {
  test('sample type goroutineleak/count marks every goroutine leaked', async () => {
    const { Profile, StringTable, ValueType, Sample, Location, Line, Function: Fn } = await import('pprof-format');
    const strings = new StringTable();
    const fn = new Fn({ id: 1, name: strings.dedup('main.leaker'), filename: strings.dedup('/m/main.go') });
    const profile = new Profile({
      sampleType: [new ValueType({ type: strings.dedup('goroutineleak'), unit: strings.dedup('count') })],
      function: [fn],
      location: [new Location({ id: 1, line: [new Line({ functionId: 1, line: 12 })] })],
      sample: [new Sample({ locationId: [1], value: [7] })],
      stringTable: strings,
    });
    const dump = await parseDump(gzipSync(profile.encode()));
    assert.equal(dump.format, 'debug0');
    assert.equal(dump.leakProfile, true);
    assert.equal(dump.total, 7);
    assert.deepEqual(
      dump.buckets.map((b) => [b.frames[0]!.func, b.count, b.leaked]),
      [['main.leaker', 7, true]],
    );
  });
});
