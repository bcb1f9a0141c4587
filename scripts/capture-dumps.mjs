#!/usr/bin/env node
// capture-dumps.mjs regenerates the real goroutine-dump fixtures in
// test/fixtures/dumps/ from the real Go programs in test/go/:
//
//   node scripts/capture-dumps.mjs [--out DIR]
//
// - dumpzoo (test/go/dumpzoo) is started twice, with the zoo and 40 leaked
//   keep-alive connections (zoo.*) and with only 20 leaked connections
//   (transport-leak.*); each time /debug/pprof/goroutine is fetched with
//   debug=2, debug=1 and debug=0 (gzipped protobuf, saved as is);
// - crash (test/go/crash) is run in each of its modes and its stderr saved
//   (*.traceback.txt); the race mode only where `go build -race` works.
//
// MANIFEST.json describes every fixture. Its `expect` facts are computed here
// from the raw bytes with small regexes and a minimal protobuf reader of our
// own, not with the project's parser, or come from what the program was told
// (the number of leaks). Entries with "source": "hand-written" are kept as
// they are. The script checks that each dump shows what it was made to show
// and fails loudly otherwise.
//
// Needs Go (see test/go/run-dumpzoo.mjs) and node; nothing else, no network
// beyond 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildProgramSync, goVersion, raceSupported, startDumpzoo } from '../test/go/run-dumpzoo.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out');
const outDir = outIndex >= 0 ? path.resolve(argv[outIndex + 1]) : path.join(root, 'test', 'fixtures', 'dumps');
// GOMAXPROCS is fixed so that the runtime's own goroutines (GC workers, one per
// P, shown by GOTRACEBACK=system) do not depend on the machine.
const GOMAXPROCS = '4';
const ZOO_LEAKS = 40;
const FOCUSED_LEAKS = 20;

const problems = [];
function check(cond, what) {
  if (!cond) problems.push(what);
}

// ---------------------------------------------------------------------------
// Facts from the raw text of debug=2 dumps and tracebacks.

const HEADER = /^goroutine (\d+) (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[(.*)\]:\r?$/;

function count(text, re) {
  return (text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? []).length;
}

function histogram(values) {
  const h = {};
  for (const v of values) h[v] = (h[v] ?? 0) + 1;
  return Object.fromEntries(Object.entries(h).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** The wait reason alone: the header's bracket minus minutes, lock and scan marks. */
function bareState(bracket) {
  return bracket
    .replace(/, \d+ minutes/, '')
    .replace(/, locked to thread/, '')
    .replace(/ \(scan\)/, '');
}

/** Splits a debug=2 dump or traceback into goroutine blocks (header + lines). */
function textBlocks(text) {
  const blocks = [];
  let cur = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = HEADER.exec(line);
    if (m) {
      cur = { id: Number(m[1]), bracket: m[2], lines: [] };
      blocks.push(cur);
    } else if (cur) {
      if (line === '') cur = null;
      else cur.lines.push(line);
    }
  }
  return blocks.map((b) => {
    const frames = [];
    let createdBy = null;
    for (let i = 0; i < b.lines.length; i++) {
      const line = b.lines[i];
      const next = b.lines[i + 1] ?? '';
      const loc = /^\t(.*?)(?: \+0x[0-9a-f]+)?(?: fp=.*)?$/.exec(next);
      if (line.startsWith('created by ')) {
        createdBy = { func: line.slice('created by '.length).replace(/ in goroutine \d+$/, ''), at: loc ? loc[1] : '' };
        i++;
      } else if (!line.startsWith('\t') && line.endsWith(')') && next.startsWith('\t')) {
        frames.push({ func: line.slice(0, line.lastIndexOf('(')), at: loc ? loc[1] : '' });
        i++;
      }
    }
    return { ...b, frames, createdBy };
  });
}

function textFacts(text, funcs) {
  const blocks = textBlocks(text);
  const stacks = new Set(blocks.map((b) => JSON.stringify([b.frames.map((f) => `${f.func} ${f.at}`), b.createdBy && `${b.createdBy.func} ${b.createdBy.at}`])));
  const withFunction = {};
  for (const f of funcs) withFunction[f] = blocks.filter((b) => b.frames.some((fr) => fr.func === f)).length;
  const createdBy = histogram(blocks.filter((b) => b.createdBy).map((b) => b.createdBy.func));
  return {
    // lines matching /^goroutine \d+ / (the block headers)
    goroutineHeaders: count(text, /^goroutine \d+ /m),
    // distinct goroutine ids among them
    distinctIds: new Set(blocks.map((b) => b.id)).size,
    // the text inside [...] of each header, as printed, with counts
    headers: histogram(blocks.map((b) => b.bracket)),
    // the same without ", N minutes", ", locked to thread" and " (scan)"
    states: histogram(blocks.map((b) => bareState(b.bracket))),
    lockedToThread: blocks.filter((b) => b.bracket.includes(', locked to thread')).length,
    framesElided: count(text, /^\.\.\.(?:additional|\d+) frames elided\.\.\.\r?$/m),
    createdByLines: count(text, /^created by /m),
    // number of distinct stacks: ordered (function, file:line) of the frames
    // plus the creator's (function, file:line); arguments and +0x offsets ignored
    distinctStacks: stacks.size,
    // goroutines with at least one frame of that function (created-by lines not counted)
    goroutinesWithFunction: withFunction,
    // goroutines per "created by" function
    createdBy,
  };
}

function tracebackFacts(text, funcs) {
  const facts = textFacts(text, funcs);
  const first = textBlocks(text)[0];
  const panic = /^panic: (.*?)( \[recovered\])?\r?$/m.exec(text);
  const fatal = /^fatal error: (.*?)\r?$/m.exec(text);
  const signal = /^\[signal (.*?)\]\r?$/m.exec(text);
  return {
    ...(panic ? { panicMessage: panic[1], recovered: Boolean(panic[2]) } : {}),
    ...(fatal ? { fatalError: fatal[1] } : {}),
    ...(signal
      ? {
          signal: signal[1]
            .replace(/ pc=0x[0-9a-f]+$/, '')
            .replace(/ addr=0x[0-9a-f]+/, '')
            .replace(/ code=0x[0-9a-f]+/, ''),
        }
      : {}),
    sigquit: /^SIGQUIT: quit\r?$/m.test(text),
    // register dump lines such as "rax    0xca"
    registerLines: count(text, /^(?:r[a-z0-9]+|cs|fs|gs)\s+0x[0-9a-f]+\r?$/m),
    runtimeStack: count(text, /^runtime stack:\r?$/m),
    // file lines that end in " fp=0x… sp=0x… pc=0x…"
    framePointerLines: count(text, / fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+\r?$/m),
    originatingFrom: count(text, /^\[originating from goroutine \d+\]:\r?$/m),
    dataRaces: count(text, /^WARNING: DATA RACE\r?$/m),
    // the first goroutine block: the one that panicked or threw, where there is one
    firstGoroutine: first ? { id: first.id, header: first.bracket } : null,
    ...facts,
  };
}

// ---------------------------------------------------------------------------
// Facts from debug=1 text.

function debug1Facts(text, funcs) {
  const total = /^goroutine profile: total (\d+)\r?$/m.exec(text);
  const records = [];
  let cur = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = /^(\d+) @( 0x[0-9a-f]+)*$/.exec(line);
    if (m) {
      cur = { count: Number(m[1]), funcs: [], labels: null };
      records.push(cur);
    } else if (cur && line.startsWith('# labels: ')) {
      cur.labels = Object.fromEntries([...line.matchAll(/"((?:[^"\\]|\\.)*)":"((?:[^"\\]|\\.)*)"/g)].map((p) => [p[1], p[2]]));
    } else if (cur && line.startsWith('#\t')) {
      const fields = line.split('\t');
      cur.funcs.push(fields[2].replace(/\+0x[0-9a-f]+$/, ''));
    } else if (line === '') {
      cur = null;
    }
  }
  const withFunction = {};
  for (const f of funcs) withFunction[f] = records.filter((r) => r.funcs.includes(f)).reduce((n, r) => n + r.count, 0);
  return {
    total: total ? Number(total[1]) : null,
    records: records.length,
    sumOfCounts: records.reduce((n, r) => n + r.count, 0),
    labelLines: count(text, /^# labels: /m),
    labelSets: labelSets(records.filter((r) => r.labels).map((r) => ({ labels: r.labels, n: r.count }))),
    goroutinesWithFunction: withFunction,
  };
}

function labelSets(items) {
  const sets = new Map();
  for (const { labels, n } of items) {
    const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    const key = JSON.stringify(sorted);
    const e = sets.get(key) ?? { labels: sorted, goroutines: 0 };
    e.goroutines += n;
    sets.set(key, e);
  }
  return [...sets.values()].sort((a, b) => b.goroutines - a.goroutines);
}

// ---------------------------------------------------------------------------
// Facts from debug=0: a minimal reader of the pprof protobuf (profile.proto),
// enough for sample types, samples, labels and function names.

function readVarint(buf, pos) {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos.i++];
    if (b === undefined) throw new Error('protobuf: truncated varint');
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return v;
    shift += 7n;
  }
}

/** Fields of one message: [{ field, wire, value (bigint) | bytes (Buffer) }]. */
function fields(buf) {
  const out = [];
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const key = Number(readVarint(buf, pos));
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: readVarint(buf, pos) });
    else if (wire === 2) {
      const len = Number(readVarint(buf, pos));
      out.push({ field, wire, bytes: buf.subarray(pos.i, pos.i + len) });
      pos.i += len;
    } else if (wire === 1) pos.i += 8;
    else if (wire === 5) pos.i += 4;
    else throw new Error(`protobuf: unsupported wire type ${wire}`);
  }
  return out;
}

/** A repeated integer field, packed or not. */
function ints(fs, n) {
  const out = [];
  for (const f of fs) {
    if (f.field !== n) continue;
    if (f.wire === 0) out.push(f.value);
    else {
      const pos = { i: 0 };
      while (pos.i < f.bytes.length) out.push(readVarint(f.bytes, pos));
    }
  }
  return out;
}

function int(fs, n) {
  const f = fs.find((x) => x.field === n && x.wire === 0);
  return f ? f.value : 0n;
}

function debug0Facts(gz, funcs) {
  const magic = gz[0] === 0x1f && gz[1] === 0x8b;
  const profile = fields(gunzipSync(gz));
  const strings = profile.filter((f) => f.field === 6).map((f) => f.bytes.toString('utf8'));
  const functions = new Map();
  for (const f of profile.filter((x) => x.field === 5)) {
    const ff = fields(f.bytes);
    functions.set(int(ff, 1), strings[Number(int(ff, 2))]);
  }
  const locations = new Map();
  for (const f of profile.filter((x) => x.field === 4)) {
    const lf = fields(f.bytes);
    const names = lf.filter((x) => x.field === 4).map((l) => functions.get(int(fields(l.bytes), 1)));
    locations.set(int(lf, 1), names);
  }
  const sampleTypes = profile
    .filter((f) => f.field === 1)
    .map((f) => {
      const vf = fields(f.bytes);
      return { type: strings[Number(int(vf, 1))], unit: strings[Number(int(vf, 2))] };
    });
  const samples = profile
    .filter((f) => f.field === 2)
    .map((f) => {
      const sf = fields(f.bytes);
      const labels = {};
      for (const l of sf.filter((x) => x.field === 3)) {
        const lf = fields(l.bytes);
        labels[strings[Number(int(lf, 1))]] = strings[Number(int(lf, 2))];
      }
      const names = ints(sf, 1).flatMap((id) => locations.get(id) ?? []);
      return { value: Number(ints(sf, 2)[0] ?? 0n), labels, names };
    });
  const withFunction = {};
  for (const fn of funcs) withFunction[fn] = samples.filter((s) => s.names.includes(fn)).reduce((n, s) => n + s.value, 0);
  return {
    gzipMagic: magic,
    sampleTypes,
    samples: samples.length,
    totalValue: samples.reduce((n, s) => n + s.value, 0),
    labelSets: labelSets(samples.filter((s) => Object.keys(s.labels).length > 0).map((s) => ({ labels: s.labels, n: s.value }))),
    goroutinesWithFunction: withFunction,
  };
}

// ---------------------------------------------------------------------------
// Running the programs.

function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { Connection: 'close' }, timeout: 20_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        else resolve(Buffer.concat(chunks));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The environment of a crash run: ours minus Go's debug variables, plus `set`. */
function crashEnv(set) {
  const env = { ...process.env };
  for (const k of ['GOTRACEBACK', 'GODEBUG', 'GORACE', 'GOMAXPROCS']) delete env[k];
  return { ...env, GOMAXPROCS, ...set };
}

function envText(set) {
  return Object.entries(set)
    .map(([k, v]) => `${k}=${v} `)
    .join('');
}

function runCrash(bin, mode, set) {
  const r = spawnSync(bin, [mode], { env: crashEnv(set), encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error(`crash ${mode}: ${r.error.message}`);
  return { stderr: r.stderr, stdout: r.stdout, code: r.status, signal: r.signal };
}

function runSigquit(bin, set) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['sigquit'], { env: crashEnv(set), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('crash sigquit: no "ready" line within 30 s'));
    }, 30_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!sent && /^ready$/m.test(stdout)) {
        sent = true;
        child.kill('SIGQUIT');
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stderr, stdout, code, signal });
    });
  });
}

// ---------------------------------------------------------------------------
// What each program must show.

const LEAK_FUNCS = ['net/http.(*persistConn).readLoop', 'net/http.(*persistConn).writeLoop', 'net/http.(*conn).serve', 'net.(*TCPListener).Accept'];
const ZOO_FUNCS = [
  'main.chanReceiver',
  'main.chanSender',
  'main.selectWaiter',
  'main.selectNoCases',
  'main.nilChanReceiver',
  'main.mutexHolder',
  'main.mutexWaiter',
  'main.waitGroupWaiter',
  'main.condWaiter',
  'main.sleeper',
  'main.ioWaiter',
  'main.syscallReader',
  'main.lockedWaiter',
  'main.recurse',
  'main.startClosures.func1',
  'main.startClosures.func1.1',
  'main.startClosures.func1.2',
  'main.genericWait[...]',
  'main.(*box[...]).wait',
  'main.(*pool).run',
  'main.ticker.loop',
  'main.labeledWorker',
  'main.labeledSleeper',
  'sync.(*Mutex).Lock',
  'sync.(*WaitGroup).Wait',
  'sync.(*Cond).Wait',
  'time.Sleep',
  'syscall.Syscall',
];
// How many goroutines of each the zoo starts (see test/go/dumpzoo/zoo.go).
const ZOO_COUNTS = {
  'main.chanReceiver': 5,
  'main.chanSender': 3,
  'main.selectWaiter': 1,
  'main.selectNoCases': 1,
  'main.nilChanReceiver': 1,
  'main.mutexHolder': 1,
  'main.mutexWaiter': 2,
  'main.waitGroupWaiter': 2,
  'main.condWaiter': 1,
  'main.sleeper': 1,
  'main.ioWaiter': 1,
  'main.syscallReader': 1,
  'main.lockedWaiter': 1,
  'main.recurse': 1,
  'main.startClosures.func1': 1,
  'main.startClosures.func1.1': 1,
  'main.startClosures.func1.2': 1,
  'main.genericWait[...]': 2,
  'main.(*box[...]).wait': 1,
  'main.(*pool).run': 3,
  'main.ticker.loop': 1,
  'main.labeledWorker': 5,
  'main.labeledSleeper': 1,
};
const ZOO_LABELS = [
  { labels: { tenant: 'acme', worker: 'w1' }, goroutines: 4 },
  { labels: { tenant: 'globex', worker: 'w2' }, goroutines: 2 },
];
const ZOO_STATES = [
  'chan receive',
  'chan receive (nil chan)',
  'chan send',
  'select',
  'select (no cases)',
  'semacquire',
  'sync.Cond.Wait',
  'sleep',
  'IO wait',
  'syscall',
  'running',
];
const CRASH_FUNCS = [
  'main.consumer',
  'main.dispatcher',
  'main.heartbeat',
  'main.parkGoroutines.func1',
  'main.parsePort',
  'main.lockWaiter',
  'main.race.func1',
  'main.descend',
];

function checkFunctionCounts(file, got, want, atLeast = false) {
  for (const [fn, n] of Object.entries(want)) {
    const g = got[fn] ?? 0;
    check(atLeast ? g >= n : g === n, `${file}: ${g} goroutines with ${fn}, want ${atLeast ? '>= ' : ''}${n}`);
  }
}

// ---------------------------------------------------------------------------

async function captureDumpzoo(base, { leaks, zoo }) {
  const z = await startDumpzoo({ leaks, zoo });
  let d2;
  let d1;
  let d0;
  try {
    d2 = await get(`${z.baseUrl}/debug/pprof/goroutine?debug=2`);
    await sleep(200);
    d1 = await get(`${z.baseUrl}/debug/pprof/goroutine?debug=1`);
    await sleep(200);
    d0 = await get(`${z.baseUrl}/debug/pprof/goroutine`);
  } finally {
    await z.stop();
  }
  writeFileSync(path.join(outDir, `${base}.debug2.txt`), d2);
  writeFileSync(path.join(outDir, `${base}.debug1.txt`), d1);
  writeFileSync(path.join(outDir, `${base}.debug0.pb.gz`), d0);

  const funcs = zoo ? [...LEAK_FUNCS, ...ZOO_FUNCS] : LEAK_FUNCS;
  const command = `dumpzoo ${z.args.join(' ')}`;
  const program = 'test/go/dumpzoo';
  const what = zoo
    ? `the zoo (every wait state Go ${version} prints, in named functions) plus ${leaks} keep-alive connections leaked by a Transport built per call`
    : `only the leak: ${leaks} keep-alive connections leaked by a Transport built per call (fetchStatus), the two listeners, and the goroutines serving the dump request`;
  const common = {
    leakedConnections: leaks,
    // each leaked connection: one readLoop + one writeLoop (client) and one (*conn).serve (server)
    minGoroutinesWithFunction: {
      'net/http.(*persistConn).readLoop': leaks,
      'net/http.(*persistConn).writeLoop': leaks,
      'net/http.(*conn).serve': leaks,
      ...(zoo ? ZOO_COUNTS : {}),
    },
    ...(zoo ? { labels: ZOO_LABELS } : {}),
  };
  const notes =
    `${what}. Fetched from a live process one after the other (debug=2, debug=1, debug=0, 200 ms apart, each on a new ` +
    'connection closed after the response): every goroutine the program starts is blocked forever, so only the goroutines ' +
    'serving the dump requests differ between the three. File paths are those of the build in this repository (absolute).';

  const f2 = textFacts(d2.toString('utf8'), funcs);
  const f1 = debug1Facts(d1.toString('utf8'), funcs);
  const f0 = debug0Facts(d0, funcs);
  for (const [name, facts] of [
    [`${base}.debug2.txt`, f2],
    [`${base}.debug1.txt`, f1],
    [`${base}.debug0.pb.gz`, f0],
  ]) {
    checkFunctionCounts(name, facts.goroutinesWithFunction, common.minGoroutinesWithFunction, true);
    if (zoo) checkFunctionCounts(name, facts.goroutinesWithFunction, ZOO_COUNTS);
  }
  if (zoo) {
    for (const s of ZOO_STATES) check(f2.states[s] > 0, `${base}.debug2.txt: no goroutine in [${s}]`);
    check(f2.lockedToThread === 1, `${base}.debug2.txt: ${f2.lockedToThread} goroutines locked to thread, want 1`);
    check(f2.framesElided === 1, `${base}.debug2.txt: ${f2.framesElided} "...additional frames elided..." lines, want 1`);
    check(JSON.stringify(f1.labelSets) === JSON.stringify(ZOO_LABELS), `${base}.debug1.txt: label sets ${JSON.stringify(f1.labelSets)}`);
    check(JSON.stringify(f0.labelSets) === JSON.stringify(ZOO_LABELS), `${base}.debug0.pb.gz: label sets ${JSON.stringify(f0.labelSets)}`);
  }
  check(f1.total === f1.sumOfCounts, `${base}.debug1.txt: total ${f1.total} but counts sum to ${f1.sumOfCounts}`);
  check(f0.gzipMagic && f0.sampleTypes[0]?.type === 'goroutine', `${base}.debug0.pb.gz: not a gzipped goroutine profile`);

  const entry = (file, format, expect) => ({
    file,
    format,
    source: 'real',
    program,
    command: `${command}; GET /debug/pprof/goroutine${format === 'debug0' ? '' : `?debug=${format.slice(5)}`}`,
    goVersion: version,
    notes,
    expect,
  });
  return [
    entry(`${base}.debug2.txt`, 'debug2', { ...common, ...f2 }),
    entry(`${base}.debug1.txt`, 'debug1', {
      ...common,
      ...f1,
      note:
        'debug=1 groups by program counters (and labels), keeps at most 32 of them per stack (main.recurse is cut there, where debug=2 prints 100 frames and "...additional frames elided...") and never prints runtime frames nor "created by"' +
        (zoo
          ? '; goroutines with identical stacks but different labels are separate records (labeledWorker: 3 with w1/acme, 2 with w2/globex), where debug=2 shows one stack'
          : ''),
    }),
    entry(`${base}.debug0.pb.gz`, 'debug0', { ...common, ...f0 }),
  ];
}

function tracebackEntry(file, mode, set, run, notes, extraChecks, raceBuild = false) {
  writeFileSync(path.join(outDir, file), run.stderr);
  const facts = tracebackFacts(run.stderr, CRASH_FUNCS);
  check(facts.goroutineHeaders > 0, `${file}: no goroutine blocks in stderr (exit ${run.code ?? run.signal}): ${run.stderr.slice(0, 300)}`);
  extraChecks(facts, file);
  return {
    file,
    format: 'traceback',
    source: 'real',
    program: 'test/go/crash',
    command: `${envText(set)}crash${raceBuild ? ' (built with -race)' : ''} ${mode}${mode === 'sigquit' ? ' (then kill -QUIT after "ready")' : ''}; stderr`,
    goVersion: version,
    notes: `${notes} Run with GOMAXPROCS=${GOMAXPROCS}.`,
    expect: { exit: { code: run.code, signal: run.signal }, ...facts },
  };
}

const version = goVersion();

async function main() {
  mkdirSync(outDir, { recursive: true });
  const crash = buildProgramSync('crash');
  const entries = [];

  entries.push(...(await captureDumpzoo('zoo', { leaks: ZOO_LEAKS, zoo: true })));
  entries.push(...(await captureDumpzoo('transport-leak', { leaks: FOCUSED_LEAKS, zoo: false })));

  const parked = { 'main.consumer': 3, 'main.dispatcher': 1, 'main.heartbeat': 1, 'main.parkGoroutines.func1': 1 };
  const panicMsg = 'config: invalid value "http" for listen.port: want a port number';
  const all = { GOTRACEBACK: 'all' };

  entries.push(
    tracebackEntry(
      'panic-all.traceback.txt',
      'panic',
      all,
      runCrash(crash, 'panic', all),
      'An unrecovered panic from a nested call (main.parsePort, with main.loadConfig and main.handleRequest inlined: "(...)") while 6 goroutines are parked.',
      (f, file) => {
        check(f.panicMessage === panicMsg, `${file}: panic message ${f.panicMessage}`);
        check(f.goroutineHeaders === 7, `${file}: ${f.goroutineHeaders} goroutines, want 7`);
        checkFunctionCounts(file, f.goroutinesWithFunction, { ...parked, 'main.parsePort': 1 });
      },
    ),
  );
  const system = { GOTRACEBACK: 'system' };
  entries.push(
    tracebackEntry(
      'panic-system.traceback.txt',
      'panic',
      system,
      runCrash(crash, 'panic', system),
      'The same panic with GOTRACEBACK=system: runtime frames and runtime goroutines ([GC worker (idle)] among them: the program ran the GC once) are shown and every file line of a printed frame ends in fp= sp= pc=. Go 1.19 prints no gp=/m= in the headers (newer Go does).',
      (f, file) => {
        check(f.panicMessage === panicMsg, `${file}: panic message ${f.panicMessage}`);
        check(f.framePointerLines > 0, `${file}: no fp= sp= pc= lines`);
        check(f.states['GC worker (idle)'] > 0, `${file}: no [GC worker (idle)] goroutine`);
        checkFunctionCounts(file, f.goroutinesWithFunction, parked);
      },
    ),
  );
  entries.push(
    tracebackEntry(
      'panic-recovered.traceback.txt',
      'panic-recovered',
      all,
      runCrash(crash, 'panic-recovered', all),
      'A panic recovered in a deferred function and raised again: "panic: … [recovered]" then an indented "panic: …" line; the stack shows the deferred closure and a "panic(…)" frame.',
      (f, file) => {
        check(f.panicMessage === panicMsg && f.recovered, `${file}: panic message ${f.panicMessage} recovered=${f.recovered}`);
        checkFunctionCounts(file, f.goroutinesWithFunction, parked);
      },
    ),
  );
  entries.push(
    tracebackEntry(
      'panic-ancestors.traceback.txt',
      'panic',
      { ...all, GODEBUG: 'tracebackancestors=3' },
      runCrash(crash, 'panic', { ...all, GODEBUG: 'tracebackancestors=3' }),
      'The panic with GODEBUG=tracebackancestors=3: each goroutine block is followed by an "[originating from goroutine 1]:" block (the creator\'s stack when it started the goroutine). Go 1.19 names the inlined frames of those blocks oddly (main.handleRequest for what is main.main); that is what it prints.',
      (f, file) => {
        check(f.originatingFrom === 6, `${file}: ${f.originatingFrom} [originating from goroutine N] blocks, want 6`);
      },
    ),
  );
  entries.push(
    tracebackEntry(
      'fatal.traceback.txt',
      'fatal',
      all,
      runCrash(crash, 'fatal', all),
      'A runtime fatal error, deterministic: every goroutine blocked on channels, a sync.Mutex and a sync.WaitGroup, no timer pending, so "fatal error: all goroutines are asleep - deadlock!". Mutex and WaitGroup waits print as [semacquire] in Go 1.19.',
      (f, file) => {
        check(f.fatalError === 'all goroutines are asleep - deadlock!', `${file}: fatal error ${f.fatalError}`);
        check(f.states.semacquire === 2, `${file}: ${f.states.semacquire} [semacquire], want 2`);
      },
    ),
  );
  entries.push(
    tracebackEntry(
      'fatal-system.traceback.txt',
      'fatal',
      system,
      runCrash(crash, 'fatal', system),
      'The deadlock with GOTRACEBACK=system: the throw happens on the system stack, so the output starts with a "runtime stack:" block (no goroutine header), then every goroutine, runtime ones included, with fp= sp= pc= on each file line.',
      (f, file) => {
        check(f.runtimeStack === 1, `${file}: ${f.runtimeStack} "runtime stack:" lines, want 1`);
        check(f.framePointerLines > 0, `${file}: no fp= sp= pc= lines`);
      },
    ),
  );
  entries.push(
    tracebackEntry(
      'stackoverflow.traceback.txt',
      'stackoverflow',
      all,
      runCrash(crash, 'stackoverflow', all),
      'Unbounded recursion (debug.SetMaxStack(1 MB)): "runtime: goroutine stack exceeds 1048576-byte limit", "fatal error: stack overflow". A runtime throw: Go raises the traceback level to system by itself, so a "runtime stack:" block with runtime.throw({0x…?, 0x…?}) comes first, runtime frames (.s files too) and runtime goroutines are shown, every printed frame has fp= sp= pc=, and the overflowing goroutine ends in "...additional frames elided...".',
      (f, file) => {
        check(f.fatalError === 'stack overflow', `${file}: fatal error ${f.fatalError}`);
        check(f.runtimeStack === 1 && f.framesElided === 1, `${file}: runtimeStack=${f.runtimeStack} framesElided=${f.framesElided}`);
        check(f.states['GC worker (idle)'] > 0, `${file}: no [GC worker (idle)] goroutine`);
        checkFunctionCounts(file, f.goroutinesWithFunction, { ...parked, 'main.descend': 1 });
      },
    ),
  );
  entries.push(
    tracebackEntry(
      'nilderef.traceback.txt',
      'nilderef',
      all,
      runCrash(crash, 'nilderef', all),
      'A nil pointer dereference in a method with a pointer receiver: "panic: runtime error: invalid memory address or nil pointer dereference" and "[signal SIGSEGV: segmentation violation code=… addr=0x0 pc=…]".',
      (f, file) => {
        check(/^SIGSEGV: segmentation violation/.test(f.signal ?? ''), `${file}: signal ${f.signal}`);
        check(f.panicMessage === 'runtime error: invalid memory address or nil pointer dereference', `${file}: panic message ${f.panicMessage}`);
      },
    ),
  );
  const sq = await runSigquit(crash, {});
  entries.push(
    tracebackEntry(
      'sigquit.traceback.txt',
      'sigquit',
      {},
      sq,
      'SIGQUIT sent to a running program with GOTRACEBACK unset: "SIGQUIT: quit", "PC=… m=… sigcode=…", a "goroutine 0 [idle]:" block for the thread that took the signal, every goroutine (runtime ones too, e.g. [GC worker (idle)]) with runtime frames and fp= sp= pc=, then a register dump (rax … gs).',
      (f, file) => {
        check(f.sigquit && f.registerLines >= 16, `${file}: sigquit=${f.sigquit} registerLines=${f.registerLines}`);
        checkFunctionCounts(file, f.goroutinesWithFunction, parked);
      },
    ),
  );
  if (raceSupported()) {
    const raceBin = buildProgramSync('crash', { race: true });
    entries.push(
      tracebackEntry(
        'race.traceback.txt',
        'race',
        all,
        runCrash(raceBin, 'race', all),
        'A data race found by the race detector (binary built with -race, CGO_ENABLED=1): a "WARNING: DATA RACE" report between ================== lines (its stacks are indented with spaces and are not goroutine blocks), then a panic with every goroutine.',
        (f, file) => {
          check(f.dataRaces === 1, `${file}: ${f.dataRaces} data races, want 1`);
          check(f.panicMessage === 'race: hits=2', `${file}: panic message ${f.panicMessage}`);
        },
        true,
      ),
    );
  } else {
    console.warn('capture-dumps: `go build -race` does not work here; race.traceback.txt not regenerated');
  }

  // Keep the hand-written entries; replace the real ones.
  const manifestPath = path.join(outDir, 'MANIFEST.json');
  const old = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : [];
  const kept = old.filter((e) => e.source !== 'real' || (e.file === 'race.traceback.txt' && !entries.some((x) => x.file === e.file)));
  for (const e of kept) check(existsSync(path.join(outDir, e.file)), `MANIFEST.json: ${e.file} (${e.source}) does not exist`);
  const manifest = [...entries, ...kept.sort((a, b) => a.file.localeCompare(b.file))];
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  for (const e of entries) console.log(`capture-dumps: ${e.file} (${e.format})`);
  if (problems.length > 0) {
    console.error(`capture-dumps: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`capture-dumps: ${err.stack ?? err}`);
  process.exit(1);
});
