import { UsageError, type CliIo } from './io';

/** runScan is `goroutine-lens scan`: the Transport-per-call analyzer over a tree (issue 3). */
export async function runScan(_args: string[], _io: CliIo): Promise<number> {
  throw new UsageError('scan: not available yet in this build');
}
