/** LENS_ERROR marks a LensError; Symbol.for gives every bundle loaded in the process the same symbol. */
const LENS_ERROR = Symbol.for('goroutine-lens.LensError');

/**
 * LensError is the one error type the core throws on purpose. Its message is
 * meant for the user as it is: what happened, what was expected, what was
 * seen. Anything else that escapes the core is a bug.
 */
export class LensError extends Error {
  /**
   * A LensError is recognised by a mark registered process-wide, not by its
   * class alone: the extension's lazily loaded bundles (dist/fetch.js,
   * dist/dumpParser.js) each carry a copy of this class, and `instanceof`
   * must hold across them.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [LENS_ERROR]?: unknown })[LENS_ERROR] === true;
  }

  constructor(
    /** A stable, machine-readable reason, e.g. `not-a-dump`, `http-status`. */
    readonly code: LensErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LensError';
    Object.defineProperty(this, LENS_ERROR, { value: true });
  }
}

export type LensErrorCode =
  // Parsing a dump.
  | 'empty'
  | 'not-a-dump'
  | 'invalid-gzip'
  | 'invalid-profile'
  | 'line-too-long'
  // Fetching a dump.
  | 'invalid-url'
  | 'refused'
  | 'timeout'
  | 'http-status'
  | 'too-large'
  | 'too-many-redirects'
  | 'network'
  | 'aborted'
  // Reading input.
  | 'io'
  | 'usage';

/** isLensError tells a LensError from any other thrown value. */
export function isLensError(value: unknown): value is LensError {
  return value instanceof LensError;
}

/**
 * describeSeen quotes the start of some bytes so that an error can say what
 * was seen instead of what was expected: printable text is quoted, binary is
 * shown as hex.
 */
export function describeSeen(bytes: Uint8Array, totalBytes = bytes.length, max = 60): string {
  if (totalBytes === 0) return 'nothing (0 bytes)';
  const head = bytes.subarray(0, max);
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc0) printable++;
  if (printable / head.length < 0.9) {
    const hex = Array.from(head.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return `binary data (${totalBytes} bytes starting ${hex})`;
  }
  let text = Buffer.from(head).toString('utf8').replace(/\s+/g, ' ').trim();
  if (totalBytes > max) text += '…';
  return JSON.stringify(text);
}
