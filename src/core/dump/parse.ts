import { gunzipSync } from 'node:zlib';
import { LensError, describeSeen } from '../errors';
import { BucketBuilder } from './buckets';
import { LineSplitter } from './lines';
import type { Dump, DumpFormat, Preamble } from './model';
import { PROFILE_LIMITS, parseProfileProto } from './protobuf';
import { RUNTIME_STACK_NOTE, TextDumpParser, type LineSink } from './text';

/** ParseOptions tune parseDump; the defaults suit every dump Go writes. */
export interface ParseOptions {
  /** Stops the parse between chunks with LensError('aborted'). */
  signal?: AbortSignal;
  /** Lines longer than this are skipped (and, before any dump, reported). Default 1 MiB. */
  maxLineLength?: number;
  /** The largest gzipped or binary profile held in memory to decode (debug=0). Default 256 MiB. */
  maxProfileBytes?: number;
  /** Hears what each line of a text dump was read as (the dump document's layout); nothing is told without it. */
  lines?: LineSink;
}

/** GO_DEBUG2_LIMIT is where Go stops writing a debug=2 dump (64 MiB, runtime/pprof writeGoroutineStacks). */
const GO_DEBUG2_LIMIT = 64 << 20;
/** HEAD_BYTES is how much of the input is kept to describe it in an error. */
const HEAD_BYTES = 4096;
/** GIVE_UP_BYTES is how much input that starts like HTML, JSON or binary is read before concluding it is not a dump. */
const GIVE_UP_BYTES = 1 << 20;

type Mode = 'undecided' | 'text' | 'gzip' | 'binary';

/**
 * DumpReader detects and parses a goroutine dump pushed to it chunk by
 * chunk: text formats (debug=2, tracebacks, debug=1) line by line, gzipped
 * protobuf (debug=0) once whole. Synchronous, so that the async `parseDump`,
 * the editor (document text) and tests share it.
 */
export class DumpReader {
  private mode: Mode = 'undecided';
  private readonly builder = new BucketBuilder();
  private readonly text = new TextDumpParser(this.builder);
  private readonly splitter: LineSplitter;
  private head = Buffer.alloc(0);
  private binaryChunks: Buffer[] = [];
  private binaryBytes = 0;
  private bytes = 0;
  private looksForeign: string | null = null;
  private longestSkippedLine = 0;
  private sawDumpLine = false;

  constructor(private readonly options: ParseOptions = {}) {
    this.splitter = new LineSplitter(
      (line) => this.text.line(line),
      (length) => {
        this.longestSkippedLine = Math.max(this.longestSkippedLine, length);
        this.text.skippedLine();
      },
      options.maxLineLength ?? 1 << 20,
      { read: (bytes, at, end) => this.text.fastLines(bytes, at, end), open: () => this.text.fastOpen },
    );
    this.text.events = options.lines ?? null;
  }

  /** framesKept is how many frames the dump's tables hold (for tests and benchmarks: it stays with the distinct stacks, not the goroutines). */
  get framesKept(): number {
    return this.builder.frameCount;
  }

  /** push takes the next chunk of the input; it keeps nothing of the chunk's memory, which the caller may reuse once it returns. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    if (this.mode !== 'undecided') return this.take(chunk);
    // The gzip magic is two bytes: hold a one-byte start until the next chunk (a copy: see above).
    if (this.head.length < 2) return void this.binaryChunks.push(Buffer.from(chunk));
    this.decide();
    this.take(chunk);
  }

  /** decide picks the mode from the first bytes and replays what was held. */
  private decide(): void {
    this.mode = detectMode(this.head);
    this.looksForeign = foreignKind(this.head);
    const held = this.binaryChunks;
    this.binaryChunks = [];
    for (const c of held) this.take(c);
  }

  private take(chunk: Uint8Array): void {
    if (this.mode === 'text') {
      this.splitter.push(chunk);
      if (this.looksForeign !== null && !this.sawDumpLine) {
        this.sawDumpLine = this.builder.total > 0 || this.text.busy;
        if (!this.sawDumpLine && this.splitter.bytes > GIVE_UP_BYTES) throw this.notADump();
      }
      return;
    }
    this.binaryBytes += chunk.length;
    const cap = this.options.maxProfileBytes ?? 256 << 20;
    if (this.binaryBytes > cap) {
      throw new LensError('too-large', `expected a pprof profile of at most ${formatMiB(cap)}, but the input is larger`);
    }
    this.binaryChunks.push(Buffer.from(chunk));
  }

  /** end finishes the input and returns the dump, or throws a LensError that says why there is none. */
  end(): Dump {
    if (this.mode === 'undecided') {
      if (this.bytes === 0) throw new LensError('empty', 'expected a goroutine dump, but the input is empty (0 bytes)');
      this.decide();
    }
    if (this.mode === 'gzip' || this.mode === 'binary') return this.endBinary();
    const result = this.text.finish(this.splitter.end());
    if (result.format === null) throw this.notADump();
    if (this.builder.total > PROFILE_LIMITS.goroutines) {
      // Only debug=1 records carry counts (`N @ 0x…`); a count past any process's size is damage.
      throw new LensError(
        'invalid-profile',
        `expected at most ${PROFILE_LIMITS.goroutines.toLocaleString('en-US')} goroutines in a ${result.format} dump, but its counts add up to ${this.builder.total.toLocaleString('en-US')}: a record's count is damaged`,
      );
    }
    let truncatedReason = result.truncatedReason;
    if (truncatedReason === null && result.format === 'debug2' && this.bytes === GO_DEBUG2_LIMIT) {
      truncatedReason =
        'the dump is exactly 64 MiB, where Go stops writing debug=2 output: goroutines after the cut are missing (use debug=1 or debug=0 for a complete count)';
    }
    if (this.longestSkippedLine > 0) result.preamble.notes.push(`skipped a line of ${this.longestSkippedLine} characters`);
    return {
      ...this.dump(result.format, result.leakProfile, result.declaredTotal, truncatedReason, result.preamble),
      problems: result.problems,
      otherDumps: result.otherDumps,
      races: result.races,
    };
  }

  private endBinary(): Dump {
    // Each chunk is a copy already: one alone is not copied again.
    const raw = this.binaryChunks.length === 1 ? this.binaryChunks[0]! : Buffer.concat(this.binaryChunks);
    this.binaryChunks = [];
    let proto: Uint8Array = raw;
    if (this.mode === 'gzip') {
      const cap = this.options.maxProfileBytes ?? 256 << 20;
      try {
        // One output chunk of the size the gzip trailer declares (ISIZE), so a
        // profile is not held twice (chunks, then their concatenation); a
        // trailer that lies only costs that, and maxOutputLength still stops it.
        const declared = raw.length >= 18 ? raw.readUInt32LE(raw.length - 4) : 0;
        proto = gunzipSync(raw, { maxOutputLength: cap, chunkSize: Math.min(cap, Math.max(declared, 1 << 16)) + 1 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new LensError(
            'too-large',
            `expected a gzip-compressed pprof profile (debug=0) of at most ${formatMiB(cap)} once decompressed, but its ${raw.length} bytes expand past the ${formatMiB(cap)} limit (a gzip bomb, or not a goroutine profile)`,
          );
        }
        const why = err instanceof Error ? err.message : String(err);
        throw new LensError(
          'invalid-gzip',
          `expected a gzip-compressed pprof profile (debug=0), but the gzip data is invalid (${why}) after ${raw.length} bytes`,
          { cause: err },
        );
      }
    }
    try {
      const result = parseProfileProto(proto, this.builder);
      return this.dump('debug0', result.leakProfile, this.builder.total, null, emptyPreamble());
    } catch (err) {
      if (this.mode === 'binary' && err instanceof LensError && err.code === 'invalid-profile') {
        throw new LensError('not-a-dump', `expected a goroutine dump (text, or a gzipped pprof profile), but saw ${describeSeen(this.head, this.bytes)}`);
      }
      throw err;
    }
  }

  private dump(format: DumpFormat, leakProfile: boolean, declaredTotal: number | null, truncatedReason: string | null, preamble: Preamble): Dump {
    return {
      format,
      leakProfile,
      total: this.builder.total,
      declaredTotal,
      truncated: truncatedReason !== null,
      truncatedReason,
      buckets: this.builder.result(),
      preamble,
      problems: [],
      otherDumps: [],
      races: [],
    };
  }

  private notADump(): LensError {
    const expected =
      'expected a goroutine dump (debug=2 `goroutine N [state]:` blocks, a panic traceback, debug=1 `goroutine profile: total N`, or a gzipped debug=0 profile)';
    if (this.looksForeign === 'an HTML page') {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(this.head.toString('utf8'))?.[1]?.trim();
      return new LensError('not-a-dump', `${expected}, but saw an HTML page${title ? ` titled ${JSON.stringify(title)}` : ''}`);
    }
    if (this.longestSkippedLine > 0 && this.text.otherLines === 0) {
      return new LensError(
        'not-a-dump',
        `${expected}, but saw a single line of ${this.longestSkippedLine} characters starting ${describeSeen(this.head, this.bytes)}`,
      );
    }
    const fatal = this.text.preamble.fatalError;
    const crash = fatal !== null ? `fatal error: ${fatal}` : this.text.preamble.panics.length > 0 ? `panic: ${this.text.preamble.panics[0]}` : null;
    if (crash !== null && this.looksForeign === null) {
      // A Go crash that printed no goroutine (a fault on a thread Go does not run, GOTRACEBACK=none): there is no dump to show.
      const runtimeStack = this.text.preamble.notes.includes(RUNTIME_STACK_NOTE);
      return new LensError(
        'not-a-dump',
        `${expected}, but saw a Go crash that printed no goroutine: ${JSON.stringify(crash.slice(0, 120))}${runtimeStack ? ', and the runtime stack of the failing thread only' : ''}`,
      );
    }
    if (this.text.orphanLines > 0 && this.looksForeign === null) {
      // Part of a dump: its stack lines are there, its headers are not.
      return new LensError(
        'not-a-dump',
        `${expected}, but saw ${this.text.orphanLines} line${this.text.orphanLines === 1 ? '' : 's'} of a goroutine stack with no header above them (\`goroutine N [state]:\`, or \`N @ 0x…\` in a debug=1 profile: a part of a dump, take it from its first header) starting ${describeSeen(this.head, this.bytes)}`,
      );
    }
    const kind = this.looksForeign === null ? '' : `${this.looksForeign}: `;
    return new LensError('not-a-dump', `${expected}, but saw ${kind}${describeSeen(this.head, this.bytes)}`);
  }
}

/** parseDump reads a dump from bytes, a string, or a stream of chunks (a file stream, an HTTP body). */
export async function parseDump(input: AsyncIterable<Uint8Array> | Uint8Array | string, options: ParseOptions = {}): Promise<Dump> {
  const reader = new DumpReader(options);
  const { signal } = options;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    reader.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  } else {
    for await (const chunk of input) {
      if (signal?.aborted) throw new LensError('aborted', 'parsing the dump was cancelled');
      reader.push(chunk);
    }
  }
  if (signal?.aborted) throw new LensError('aborted', 'parsing the dump was cancelled');
  return reader.end();
}

/** parseDumpText parses a dump held in memory (an editor document), synchronously. */
export function parseDumpText(text: string): Dump {
  const reader = new DumpReader();
  reader.push(Buffer.from(text, 'utf8'));
  return reader.end();
}

function detectMode(head: Uint8Array): Mode {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return isBinary(head) ? 'binary' : 'text';
}

function isBinary(head: Uint8Array): boolean {
  const sample = head.subarray(0, 512);
  let control = 0;
  for (const b of sample) if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 27)) control++;
  return control > 0 && control / sample.length > 0.02;
}

/** foreignKind names input that starts like something other than a dump, so that a long one is given up early. */
function foreignKind(head: Uint8Array): string | null {
  const start = Buffer.from(head.subarray(0, 512)).toString('utf8').trimStart();
  if (/^<(!doctype|html|head|body|\?xml|[a-z]+[\s>])/i.test(start)) return 'an HTML page';
  if (/^[[{]\s*["{[\]}0-9tfn-]/.test(start)) return 'JSON';
  if (isBinary(head)) return 'binary data';
  return null;
}

/** formatMiB writes a byte limit as people read it (`256 MiB`). */
function formatMiB(bytes: number): string {
  return bytes % (1 << 20) === 0 ? `${bytes >> 20} MiB` : `${bytes} bytes`;
}

function emptyPreamble(): Preamble {
  return { panics: [], fatalError: null, signal: null, notes: [] };
}
