import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io';

/** Ran is what a CLI command did: its exit status and everything it wrote. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * runInProcess runs a CLI entry point (`main`, `runScan`, …) in this process
 * with captured streams: what it wrote is read back whole, as UTF-8.
 */
export async function runInProcess(
  command: (args: string[], io: CliIo) => Promise<number>,
  args: string[],
  opts: { cwd: string; stdin?: string | Buffer; isTTY?: boolean },
): Promise<Ran> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const stdin = Readable.from([Buffer.from(opts.stdin ?? '')]);
  const io: CliIo = { stdout, stderr, stdin, cwd: opts.cwd, isTTY: opts.isTTY ?? false };
  const code = await command(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** jsonText is the text of what toJsonChunks (or jsonChunks) yields: its pieces' bytes, back to back, read as UTF-8. */
export function jsonText(chunks: Iterable<string | Uint8Array>): string {
  return Buffer.concat([...chunks].map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))).toString('utf8');
}
