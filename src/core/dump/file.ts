import { open, stat, type FileHandle } from 'node:fs/promises';
import { LensError } from '../errors';
import type { Dump } from './model';
import { parseDump, type ParseOptions } from './parse';

/** parseDumpFile streams a file into the parser, 1 MiB at a time through one buffer (see chunksOf). */
export async function parseDumpFile(path: string, options: ParseOptions = {}): Promise<Dump> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new LensError('io', `expected a dump file, but ${path} is a directory`);
  } catch (err) {
    if (err instanceof LensError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new LensError('io', `cannot read ${path}: ${why}`, { cause: err });
  }
  let file: FileHandle | null = null;
  try {
    file = await open(path, 'r');
    return await parseDump(chunksOf(file), options);
  } catch (err) {
    if (err instanceof LensError) throw new LensError(err.code, `${path}: ${err.message}`, { cause: err });
    const e = err as NodeJS.ErrnoException;
    if (e.code) throw new LensError('io', `cannot read ${path}: ${e.message}`, { cause: err });
    throw err;
  } finally {
    await file?.close();
  }
}

/** READ_SIZE is how much of a dump file one read takes, into the one buffer every read reuses. */
const READ_SIZE = 1 << 20;

/**
 * chunksOf reads a file into one buffer, read after read: each chunk is only
 * good until the next is asked for (DumpReader.push keeps nothing of a chunk
 * it was given). A stream would allocate a buffer per chunk and cost several
 * times the reading itself.
 */
async function* chunksOf(file: FileHandle): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  for (;;) {
    const { bytesRead } = await file.read(buffer, 0, READ_SIZE, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}
