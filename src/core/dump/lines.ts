import { StringDecoder } from 'node:string_decoder';

/**
 * LineSplitter turns a stream of byte chunks into lines, synchronously and
 * without ever joining the whole input into one string. Line endings `\n`
 * and `\r\n` are removed. A line longer than `maxLineLength` is not kept:
 * `onLongLine` hears of it once and the rest of it is skipped, so a 10 MB
 * single line costs nothing.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  private skipping = false;
  /** Bytes taken so far. */
  bytes = 0;
  /** Whether the last chunk ended with a newline (false before any input). */
  endedWithNewline = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onLongLine: (length: number) => void,
    private readonly maxLineLength = 1 << 20,
  ) {}

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    this.endedWithNewline = chunk[chunk.length - 1] === 10;
    this.take(this.decoder.write(chunk as Buffer));
  }

  /** end delivers the last line when the input does not end with a newline. */
  end(): void {
    this.take(this.decoder.end());
    if (this.carry.length > 0 && !this.skipping) this.emit(this.carry);
    this.carry = '';
  }

  private take(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      if (this.skipping) {
        this.skipping = false;
      } else if (this.carry.length > 0) {
        const line = this.carry + text.slice(start, nl);
        this.carry = '';
        if (line.length > this.maxLineLength) this.onLongLine(line.length);
        else this.emit(line);
      } else if (nl - start > this.maxLineLength) {
        this.onLongLine(nl - start);
      } else {
        this.emit(text.slice(start, nl));
      }
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length && !this.skipping) {
      this.carry += text.slice(start);
      if (this.carry.length > this.maxLineLength) {
        this.onLongLine(this.carry.length);
        this.carry = '';
        this.skipping = true;
      }
    }
  }

  private emit(line: string): void {
    this.onLine(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
  }
}
