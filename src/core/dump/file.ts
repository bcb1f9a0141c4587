import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { LensError } from '../errors';
import type { Dump } from './model';
import { parseDump, type ParseOptions } from './parse';

/** parseDumpFile streams a file into the parser in 64 KiB chunks (below malloc's mmap threshold, so their memory is reused rather than mapped afresh for each). */
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
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  try {
    return await parseDump(stream, options);
  } catch (err) {
    if (err instanceof LensError) throw new LensError(err.code, `${path}: ${err.message}`, { cause: err });
    const e = err as NodeJS.ErrnoException;
    if (e.code) throw new LensError('io', `cannot read ${path}: ${e.message}`, { cause: err });
    throw err;
  } finally {
    stream.destroy();
  }
}
