/**
 * LineSplitter turns a stream of byte chunks into lines, synchronously and
 * without ever joining the whole input into one string. Each chunk is
 * decoded up to its last newline byte in one call (a UTF-8 character never
 * spans a `\n` byte, so no character is split); the bytes after it wait for
 * the next chunk. Line endings `\n` and `\r\n` are removed. A line longer
 * than `maxLineLength` bytes is not kept: `onLongLine` hears of it once and
 * the rest of it is skipped (it is reported once, with its length, when it
 * ends), so a 10 MB single line costs nothing.
 */
/** DECODE_PIECE keeps each decoded string well under V8's large-object threshold. */
const DECODE_PIECE = 64 * 1024;

/** MAX_LEFT is how many lines in a row the fast reader may leave before the rest of the piece is decoded at once. */
const MAX_LEFT = 8;

/**
 * FastLines reads lines from their bytes, for the parser's hot path (a
 * dump's frames). `read` takes whole lines from `bytes[at, end)` (each
 * ending in `\n`, shorter than a decoded piece) and returns where it
 * stopped, a line's start: what it leaves is decoded and handed to onLine.
 * `open` tells whether it may take any line soon.
 */
export interface FastLines {
  read(bytes: Uint8Array, at: number, end: number): number;
  open(): boolean;
}

export class LineSplitter {
  /** Bytes after the last newline seen, waiting for the rest of their line. */
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private skipping = false;
  /** Bytes of the over-long line being skipped so far. */
  private skipped = 0;
  /** Bytes taken so far. */
  bytes = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onLongLine: (length: number) => void,
    private readonly maxLineLength = 1 << 20,
    /** Reads what it can of whole lines straight from their bytes (see FastLines); null: every line is decoded. */
    private readonly fast: FastLines | null = null,
  ) {}

  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    // Decode at most DECODE_PIECE bytes at a time: a bigger string goes straight to V8's large-object
    // space, where it lingers until a full collection; small ones die young and cheaply.
    for (let at = 0; at < buf.length; at += DECODE_PIECE) this.pushPiece(buf.subarray(at, at + DECODE_PIECE));
  }

  private pushPiece(buf: Buffer): void {
    this.bytes += buf.length;
    const lastNewline = buf.lastIndexOf(10);
    if (lastNewline < 0) return this.hold(buf);
    let start = 0;
    if (this.skipping) {
      // The rest of an over-long line: drop it up to its newline, then report its whole length.
      start = buf.indexOf(10) + 1;
      this.skipping = false;
      this.onLongLine(this.skipped + start - 1);
    } else if (this.tailBytes > 0) {
      // Finish the held line with this chunk's first line.
      const firstNewline = buf.indexOf(10);
      this.tail.push(buf.subarray(0, firstNewline));
      const line = Buffer.concat(this.tail, this.tailBytes + firstNewline);
      this.tail = [];
      this.tailBytes = 0;
      if (line.length > this.maxLineLength) this.onLongLine(line.length);
      else {
        this.emit(line.toString('utf8'));
      }
      start = firstNewline + 1;
    }
    if (start <= lastNewline) {
      if (this.fast !== null && this.maxLineLength >= DECODE_PIECE) this.lines(buf, start, lastNewline);
      else this.split(buf.toString('utf8', start, lastNewline));
    }
    this.hold(buf.subarray(lastNewline + 1));
  }

  /**
   * lines emits the lines from `start` to `lastNewline` (a newline byte),
   * letting the fast reader take what it can first: a line it leaves is
   * decoded alone, and the rest of the piece at once when it says it will
   * take nothing more for now or has left MAX_LEFT lines in a row.
   */
  private lines(buf: Buffer, start: number, lastNewline: number): void {
    const fast = this.fast!;
    let at = start;
    let left = 0;
    for (;;) {
      const next = fast.read(buf, at, lastNewline + 1);
      if (next > lastNewline) return;
      if (next > at) left = 0;
      at = next;
      // Lines the fast reader keeps leaving (text around a dump, damaged frames) are decoded together.
      if (!fast.open() || left >= MAX_LEFT) return this.split(buf.toString('utf8', at, lastNewline));
      const nl = buf.indexOf(10, at);
      this.emit(buf.toString('utf8', at, nl));
      left++;
      at = nl + 1;
    }
  }

  /**
   * end returns the last line when the input does not end with a newline (a
   * cut stream, or a file saved without one), for the caller to judge; null
   * when the input ended with a newline.
   */
  end(): string | null {
    if (this.skipping) {
      this.skipping = false;
      this.onLongLine(this.skipped);
      return null;
    }
    if (this.tailBytes === 0) return null;
    const last = Buffer.concat(this.tail, this.tailBytes).toString('utf8');
    this.tail = [];
    this.tailBytes = 0;
    return last.endsWith('\r') ? last.slice(0, -1) : last;
  }

  /** split emits the lines of text that holds whole lines only (its last newline removed). */
  private split(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      this.line(text, start, nl);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.line(text, start, text.length);
  }

  private line(text: string, start: number, end: number): void {
    // Characters, not bytes: a line of multi-byte characters may be up to 4× longer in bytes; close enough for a guard.
    if (end - start > this.maxLineLength) this.onLongLine(end - start);
    else this.emit(text.slice(start, end));
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.skipping) {
      this.skipped += bytes.length;
      return;
    }
    // A copy: the caller may reuse the chunk's memory once push() returns.
    this.tail.push(Buffer.from(bytes));
    this.tailBytes += bytes.length;
    if (this.tailBytes > this.maxLineLength) {
      this.skipped = this.tailBytes;
      this.tail = [];
      this.tailBytes = 0;
      this.skipping = true;
    }
  }

  private emit(line: string): void {
    this.onLine(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
  }
}
