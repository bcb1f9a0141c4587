import { LensError } from '../errors';
import { fetchDump, type FetchOptions } from '../fetch/fetch';
import type { Dump } from './model';
import { parseDumpFile } from './file';
import { parseDump, type ParseOptions } from './parse';

export { parseDumpFile } from './file';

/** DumpSourceOptions: how to read a file, and how to fetch a URL. */
export interface DumpSourceOptions extends ParseOptions {
  fetch?: Partial<FetchOptions>;
  /** The stream `-` reads. */
  stdin?: NodeJS.ReadableStream;
}

/** isUrl tells a URL source from a file path. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** loadDump reads a dump from a file path, an http(s) URL, or `-` (standard input), streaming in every case. */
export async function loadDump(source: string, options: DumpSourceOptions = {}): Promise<Dump> {
  if (source === '-') {
    if (!options.stdin) throw new LensError('usage', 'reading a dump from standard input (-) is not available here');
    return parseDump(options.stdin as AsyncIterable<Uint8Array>, options);
  }
  if (isUrl(source)) {
    return (await fetchDump(source, { ...options.fetch, ...(options.signal ? { signal: options.signal } : {}) })).dump;
  }
  return parseDumpFile(source, options);
}
