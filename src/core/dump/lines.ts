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

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onLongLine: (length: number) => void,
    private readonly maxLineLength = 1 << 20,
  ) {}

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    this.take(this.decoder.write(chunk as Buffer));
  }

  /**
   * end returns the last line when the input does not end with a newline (a
   * cut stream, or a file saved without one), for the caller to judge; null
   * when the input ended with a newline.
   */
  end(): string | null {
    this.take(this.decoder.end());
    const last = this.carry.length > 0 && !this.skipping ? this.carry : null;
    this.carry = '';
    return last === null ? null : last.endsWith('\r') ? last.slice(0, -1) : last;
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
