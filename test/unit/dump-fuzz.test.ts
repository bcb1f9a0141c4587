import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LensError } from '../../src/core/errors';
import type { Dump } from '../../src/core/dump/model';
import { parseDump, parseDumpText } from '../../src/core/dump/parse';
import { analyze, toJson } from '../../src/core/dump/report';
import type { LineSink } from '../../src/core/dump/text';
import { DUMPS, fixtureBytes } from '../support/fixtures';

/** The real text dumps to mutate: the captured fixtures, then the corpus of dumps from public issues and other parsers (real/). */
const SEEDS = [
  ...readdirSync(DUMPS)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => fixtureBytes(f)),
  ...readdirSync(join(DUMPS, 'real'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => fixtureBytes(join('real', f))),
];

/** A mutation of a real dump: the kinds of damage copy-paste, logs and cut streams do. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('deleteLines' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('duplicateLines' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('insertText' as const), at: fc.nat(), text: fc.string({ maxLength: 80 }) }),
  fc.record({ kind: fc.constant('insertBytes' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('flipBytes' as const), at: fc.array(fc.nat(), { maxLength: 16 }), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    kind: fc.constant('mangleSyntax' as const),
    at: fc.nat(),
    with: fc.constantFrom('(', ')', '[', ']:', ':', '\t', '\r', '\n\n', 'goroutine ', 'created by ', '# labels: {', ' @ 0x1', '...additional frames elided...'),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(seed: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(seed);
  for (const m of mutations) {
    const lines = () => bytes.toString('latin1').split('\n');
    switch (m.kind) {
      case 'truncate':
        bytes = bytes.subarray(0, Math.floor(bytes.length * m.at));
        break;
      case 'deleteLines': {
        const l = lines();
        l.splice(m.at % (l.length || 1), m.count);
        bytes = Buffer.from(l.join('\n'), 'latin1');
        break;
      }
      case 'duplicateLines': {
        const l = lines();
        const at = m.at % (l.length || 1);
        l.splice(at, 0, ...l.slice(at, at + m.count));
        bytes = Buffer.from(l.join('\n'), 'latin1');
        break;
      }
      case 'insertText':
      case 'insertBytes':
      case 'mangleSyntax': {
        const at = m.at % (bytes.length + 1);
        const insert = m.kind === 'insertBytes' ? Buffer.from(m.bytes) : Buffer.from(m.kind === 'insertText' ? m.text : m.with);
        bytes = Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
        break;
      }
      case 'flipBytes':
        for (const at of m.at) if (bytes.length > 0) bytes[at % bytes.length] = m.value;
        break;
      case 'swapLines': {
        const l = lines();
        if (l.length > 1) {
          const a = m.a % l.length;
          const b = m.b % l.length;
          [l[a], l[b]] = [l[b]!, l[a]!];
        }
        bytes = Buffer.from(l.join('\n'), 'latin1');
        break;
      }
    }
  }
  return bytes;
}

/**
 * chunksOf yields `input` in chunks of `sizes` (in turn); when `reuse`, each
 * in one buffer that is overwritten once the next is asked for, as a reader
 * that reuses its buffer does.
 */
async function* chunksOf(input: Buffer, sizes: readonly number[], reuse: boolean): AsyncGenerator<Uint8Array> {
  const scratch = reuse ? Buffer.alloc(Math.max(...sizes)) : null;
  let at = 0;
  for (let k = 0; at < input.length; k++) {
    const size = Math.min(sizes[k % sizes.length]!, input.length - at);
    if (scratch === null) yield input.subarray(at, at + size);
    else {
      input.copy(scratch, 0, at, at + size);
      yield scratch.subarray(0, size);
      scratch.fill(0x41);
    }
    at += size;
  }
}

/** checkDump holds for every dump the parser returns. */
function checkDump(dump: Dump): void {
  let sum = 0;
  for (const b of dump.buckets) {
    assert.ok(b.count > 0);
    sum += b.count;
    for (const f of b.frames) assert.equal(typeof f.func, 'string');
    if (b.ids !== null) assert.ok(b.ids.length <= b.count);
  }
  assert.equal(sum, dump.total);
  assert.equal(dump.truncated, dump.truncatedReason !== null);
}

async function parseOrLensError(bytes: Buffer): Promise<void> {
  try {
    checkDump(await parseDump(bytes));
  } catch (err) {
    if (!(err instanceof LensError)) throw err;
    assert.ok(err.message.length > 0 && err.message.length < 1000);
  }
}

describe('property: mutated real dumps', () => {
  test('seed fixtures are present', () => assert.ok(SEEDS.length >= 5, `found ${SEEDS.length} seed dumps`));

  test('no exception but LensError, and every dump is consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (i, mutations) => {
        await parseOrLensError(mutate(SEEDS[i]!, mutations));
      }),
      { numRuns: 400, seed: Number(process.env['FUZZ_SEED'] ?? 20261127) },
    );
  });

  test('random bytes and random text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.string({ maxLength: 2000 }).map((s) => new Uint8Array(Buffer.from(s))),
        ),
        async (bytes) => {
          await parseOrLensError(Buffer.from(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('chunking never changes the result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: SEEDS.length - 1 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 50 }),
        async (i, sizes) => {
          const seed = SEEDS[i]!;
          assert.deepEqual(await parseDump(chunksOf(seed, sizes, false)), parseDumpText(seed.toString('utf8')));
        },
      ),
      { numRuns: 60 },
    );
  });
});

/**
 * read parses a dump as the CLI does (`lineByLine` false: frame lines are
 * read from their bytes where they are as Go prints them) or line by line
 * (a sink for the lines' events turns the byte reader off), and returns what
 * a user sees of it: the analysis as JSON, the problems, the other dumps, or
 * the error.
 */
async function read(input: Buffer | AsyncIterable<Uint8Array>, lineByLine: boolean): Promise<string> {
  const lines: LineSink | undefined = lineByLine ? { line: () => {}, prefix: () => {}, recordEnd: () => {} } : undefined;
  try {
    const dump = await parseDump(input, { lines });
    const { buckets: _buckets, ...rest } = dump;
    return JSON.stringify([toJson(analyze(dump)), rest]);
  } catch (err) {
    if (!(err instanceof LensError)) throw err;
    return `error: ${err.message}`;
  }
}

describe('property: frames read from bytes are read as line by line', () => {
  test('every real dump, with its own line endings and with CRLF', async () => {
    for (const seed of SEEDS) {
      assert.equal(await read(seed, false), await read(seed, true));
      const crlf = Buffer.from(seed.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
      assert.equal(await read(crlf, false), await read(crlf, true));
    }
  });

  test('mutated real dumps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (i, mutations) => {
        const bytes = mutate(SEEDS[i]!, mutations);
        assert.equal(await read(bytes, false), await read(bytes, true));
      }),
      { numRuns: 300, seed: Number(process.env['FUZZ_SEED'] ?? 20261207) },
    );
  });
});

describe('property: the parser keeps nothing of a chunk once it has taken it', () => {
  test('chunks read into one buffer, overwritten after each, give what the whole input gives (text and gzip)', async () => {
    const gzipped = readdirSync(DUMPS)
      .filter((f) => f.endsWith('.gz') || f.endsWith('.pb.gz'))
      .map((f) => fixtureBytes(f));
    const inputs = [...SEEDS, ...gzipped];
    assert.ok(gzipped.length > 0, 'a gzipped profile among the fixtures');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: inputs.length - 1 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 50 }),
        async (i, sizes) => {
          const input = inputs[i]!;
          assert.equal(await read(chunksOf(input, sizes, true), false), await read(input, false));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('property: time stays linear in the input size', () => {
  /**
   * medianMs parses the input a few times and returns the median CPU time
   * of this process (not wall time: other processes on a loaded CI machine
   * stretch wall time, not the work done).
   */
  async function medianMs(input: Buffer): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = process.cpuUsage();
      try {
        await parseDump(input);
      } catch (err) {
        if (!(err instanceof LensError)) throw err;
      }
      const used = process.cpuUsage(start);
      times.push((used.user + used.system) / 1000);
    }
    return times.sort((a, b) => a - b)[2]!;
  }

  /** Inputs built to make a careless pattern backtrack: long lines full of the characters the line patterns look for. */
  const adversarial: Record<string, (n: number) => string> = {
    'repeated dump': (n) => SEEDS[0]!.toString('utf8').repeat(Math.ceil(n / SEEDS[0]!.length)),
    'mutated dump': (n) =>
      mutate(SEEDS[1]!, [
        { kind: 'mangleSyntax', at: 500, with: '[' },
        { kind: 'flipBytes', at: [40, 900, 1300], value: 9 },
      ])
        .toString('latin1')
        .repeat(Math.ceil(n / SEEDS[1]!.length)),
    'header-like lines': (n) => `goroutine 1 [${' a=b'.repeat(50)}${'[x]: '.repeat(200)}\n`.repeat(Math.ceil(n / 1300)),
    'file-like lines': (n) => `goroutine 1 [running]:\nmain.f()\n${`\t${' '.repeat(300)}${'1:2 '.repeat(300)}\n`.repeat(Math.ceil(n / 1500))}`,
    'long lines of markers': (n) => `${'goroutine 1 [x]: panic: '.repeat(20000)}\n`.repeat(Math.ceil(n / 480000)),
    'lines held to be joined': (n) =>
      `goroutine 1 [running]:\nmain.f()\n${`${'y('.repeat(900)}\n\t${'/a'.repeat(900)}\n${'(z'.repeat(900)}\n`.repeat(Math.ceil(n / 5400))}`,
    'cut headers and race lines': (n) =>
      `${`goroutine ${'1'.repeat(300)} [${'x, '.repeat(300)}\nWrite at 0x1 by goroutine\n${'  f()\n      a.go:1 +0x1\n'.repeat(20)}`.repeat(Math.ceil(n / 1900))}`,
    // Every line a further dump (its goroutine's id seen again), with an id near the bitmap's limit: each dump's
    // bookkeeping must cost a few bytes, not a table sized for the biggest id.
    'a further dump on every line': (n) => 'goroutine 60000000 [x]:\n'.repeat(Math.ceil(n / 24)),
    'parens and quotes': (n) =>
      `goroutine 1 [running labels:{${'"a":"b", '.repeat(100)}]:\n${`${'('.repeat(200)}${')'.repeat(200)}\n`.repeat(Math.ceil(n / 400))}`,
  };

  for (const [name, build] of Object.entries(adversarial)) {
    test(name, async () => {
      const small = Buffer.from(build(1 << 20));
      const large = Buffer.from(build(8 << 20));
      const ratioOfSizes = large.length / small.length;
      // Warm up on both sizes: the JIT's tiers, not the input's size, would otherwise tell the two apart.
      await medianMs(small);
      await medianMs(large);
      const t1 = await medianMs(small);
      const t8 = await medianMs(large);
      // Linear time gives a ratio near the ratio of sizes; quadratic would give ~64. Allow a wide margin for noise.
      assert.ok(t8 / Math.max(t1, 1) < ratioOfSizes * 3, `${name}: ${small.length} B in ${t1.toFixed(1)} ms, ${large.length} B in ${t8.toFixed(1)} ms`);
    });
  }
});
