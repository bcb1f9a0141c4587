/**
 * CliIo is what a CLI command may touch of the outside world, passed in so
 * that tests can run a command in-process and read what it wrote.
 */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
  /** Whether stdout is a terminal (colours, widths). */
  readonly isTTY: boolean;
}

/** EXIT is the CLI's exit-status contract, documented in docs/cli.md. */
export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

/** UsageError is a bad command line: the CLI prints its one-line message on stderr and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** isClosedPipe tells the error of writing to a pipe whose reader has gone (`analyze … | head`). */
function isClosedPipe(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * processIo is the real process's streams. A reader that goes away (`| head`)
 * ends the output quietly: the rest is dropped (see writeAll) and the
 * command ends with its own exit status, without a stack trace.
 */
export function processIo(): CliIo {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (!isClosedPipe(err)) throw err;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/**
 * writeAll writes text (or bytes) and resolves once the stream has taken it
 * (so exit codes never cut output short). Into a closed pipe it resolves too:
 * the reader wanted no more.
 */
export function writeAll(stream: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if ((stream as { destroyed?: boolean }).destroyed) return resolve();
    stream.write(text, (err) => (err && !isClosedPipe(err) ? reject(err) : resolve()));
  });
}

/** WRITE_BATCH is how much text writeChunks gathers before one write. */
const WRITE_BATCH = 1 << 16;

/**
 * writeChunks writes a sequence of pieces, waiting for each write to be taken
 * (big output never piles up in memory): text in batches, bytes (pieces big
 * enough already) as they come, each given to `written` once written (see
 * writesThrough).
 */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string | Uint8Array>, written?: (bytes: Uint8Array) => void): Promise<void> {
  let batch = '';
  for (const piece of chunks) {
    if (typeof piece !== 'string') {
      if (batch.length > 0) await writeAll(stream, batch);
      batch = '';
      if (piece.length > 0) await writeAll(stream, piece);
      written?.(piece);
      continue;
    }
    batch += piece;
    if (batch.length >= WRITE_BATCH) {
      await writeAll(stream, batch);
      batch = '';
    }
  }
  if (batch.length > 0) await writeAll(stream, batch);
}

/**
 * writesThrough tells whether a stream writes to a file descriptor (the
 * process's stdout), which is done with the bytes it was given once it calls
 * back; another stream (a PassThrough) may keep them after.
 */
export function writesThrough(stream: NodeJS.WritableStream): boolean {
  return typeof (stream as { fd?: unknown }).fd === 'number';
}
