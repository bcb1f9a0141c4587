/**
 * fix.ts is `scan --fix` on the disk (docs/cli.md): every available hoist of a
 * file applied, without ever losing or corrupting it.
 *
 * Settled:
 * - The edits are computed on the bytes read once, through one descriptor;
 *   the analyzer sees that text for the file, never a second read.
 * - The new text goes to a temporary file in the same directory (same file
 *   system, so the rename is atomic), with the old file's mode (and owner,
 *   when running as root), flushed to the disk, then renamed over the old
 *   one: a full disk, a crash or a kill leaves the old file whole.
 * - Just before the rename the file is read again: if its bytes changed
 *   since the edits were computed (an editor saved it, a formatter ran), it
 *   is left alone and reported. (The window between that check and the
 *   rename is a few system calls; nothing short of a lock closes it.)
 * - A symbolic link is never written through, and a file whose real path is
 *   outside the real paths of the scanned directories is never written: both
 *   are reported, their findings stay.
 * - A file that is read-only for this user is not replaced (a rename would
 *   succeed in a writable directory, and silently undo the read-only bit).
 */
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative, sep, isAbsolute } from 'node:path';
import type { AnalyzeOptions } from './model';
import type { GoRuntime } from '../go/treeSitter';
import { applyEdits, fixAllInFile } from './hoist';
import { MAX_FILE_BYTES, describeFsError, directorySource } from '../go/scan';
import { withFileText } from '../go/packageIndex';

/** FixTarget is a file with a fixable finding: the scanned directory (absolute) and the file relative to it, with `/`. */
export interface FixTarget {
  readonly root: string;
  readonly file: string;
}

/**
 * FixOutcome is what happened to one file. `failed` (the file should have
 * been fixed and could not be: unwritable, changed meanwhile, a disk error)
 * makes the CLI's exit status 2; `refused` (a link, a path outside the
 * scanned directories, bytes that are not plain UTF-8) is only reported.
 */
export interface FixOutcome {
  readonly root: string;
  readonly file: string;
  readonly status: 'fixed' | 'unchanged' | 'refused' | 'failed';
  /** Why, in words, without the file's name (the caller names it as it shows paths). */
  readonly message: string;
}

export interface FixFilesOptions extends AnalyzeOptions {
  /**
   * beforeReplace runs after the new text is computed and written to the
   * temporary file, just before the check that the file is unchanged and
   * the rename. The test of a file that changes meanwhile changes it here.
   */
  readonly beforeReplace?: (path: string) => void;
}

/** fixFiles applies fix-all to each target, one file at a time; one file's failure never stops the others. */
export function fixFiles(go: GoRuntime, targets: readonly FixTarget[], roots: readonly string[], options: FixFilesOptions = {}): FixOutcome[] {
  const realRoots = roots.flatMap((r) => {
    try {
      return [realpathSync(r)];
    } catch {
      return [];
    }
  });
  return targets.map((t) => ({ ...t, ...fixOne(go, t, realRoots, options) }));
}

type Verdict = Pick<FixOutcome, 'status' | 'message'>;

function fixOne(go: GoRuntime, target: FixTarget, realRoots: readonly string[], options: FixFilesOptions): Verdict {
  const path = join(target.root, target.file);
  let real: string;
  try {
    if (lstatSync(path).isSymbolicLink()) {
      return { status: 'refused', message: 'not fixed: it is a symbolic link, and --fix never writes through one (fix the file it leads to where it lives)' };
    }
    real = realpathSync(path);
  } catch (err) {
    return { status: 'failed', message: `not fixed: cannot read: ${describeFsError(err)}` };
  }
  if (!realRoots.some((root) => isInside(real, root))) {
    return {
      status: 'refused',
      message: `not fixed: its real path ${real} is outside the scanned directories (a symbolic link leads there), and --fix never writes outside them`,
    };
  }
  let before: { bytes: Buffer; stat: Stats };
  try {
    before = readNoFollow(real);
  } catch (err) {
    return { status: 'failed', message: `not fixed: cannot read: ${describeFsError(err)}` };
  }
  try {
    accessSync(real, constants.W_OK);
  } catch (err) {
    return { status: 'failed', message: `not fixed: cannot write: ${describeFsError(err)}` };
  }
  const text = new TextDecoder('utf-8').decode(before.bytes);
  if (!Buffer.from(text, 'utf8').equals(before.bytes)) {
    return { status: 'refused', message: 'not fixed: the file is not plain UTF-8, and rewriting it would change bytes the fix does not touch' };
  }
  const listed = directorySource(target.root, dirname(path));
  const edits = fixAllInFile(go, withFileText(listed, target.file, text), target.file, options);
  if (edits.length === 0) return { status: 'unchanged', message: 'nothing to hoist' };
  const after = Buffer.from(applyEdits(text, edits), 'utf8');

  const temp = join(dirname(real), `.${basename(real)}.${process.pid}-${randomBytes(4).toString('hex')}.goroutine-lens-tmp`);
  try {
    writeTemp(temp, after, before.stat);
  } catch (err) {
    removeQuietly(temp);
    return { status: 'failed', message: `not fixed, the file is unchanged: cannot write ${basename(temp)} next to it: ${describeFsError(err)}` };
  }
  try {
    options.beforeReplace?.(real);
    let now;
    try {
      now = readNoFollow(real);
    } catch (err) {
      return { status: 'failed', message: `not fixed: cannot read it again before replacing it: ${describeFsError(err)}` };
    }
    if (!now.bytes.equals(before.bytes)) {
      return { status: 'failed', message: 'not fixed: the file changed while --fix was computing its edits; left as it is now (run --fix again)' };
    }
    renameSync(temp, real);
  } catch (err) {
    return { status: 'failed', message: `not fixed, the file is unchanged: cannot replace it: ${describeFsError(err)}` };
  } finally {
    removeQuietly(temp);
  }
  syncDirectory(dirname(real));
  return { status: 'fixed', message: `hoisted the Transport${edits.length === 1 ? '' : 's'} to package level` };
}

/** isInside tells whether a real path is a root or below it. */
function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** readNoFollow reads a regular file whole through one descriptor opened without following a final symbolic link. */
function readNoFollow(path: string): { bytes: Buffer; stat: Stats } {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    if (stat.size > MAX_FILE_BYTES) throw Object.assign(new Error(`larger than ${MAX_FILE_BYTES / 1048576} MB`), { code: 'EFBIG' });
    const bytes = Buffer.allocUnsafe(stat.size + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < bytes.length; length += n) n = readSync(fd, bytes, length, bytes.length - length, length);
    if (length > stat.size) throw Object.assign(new Error('the file grew while it was read'), { code: 'EAGAIN' });
    return { bytes: bytes.subarray(0, length), stat };
  } finally {
    closeSync(fd);
  }
}

/** writeTemp creates the temporary file (never an existing one), with the old file's mode and owner, and flushes it to the disk. */
function writeTemp(temp: string, data: Buffer, like: Stats): void {
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    if (process.getuid?.() === 0) fchownSync(fd, like.uid, like.gid);
    fchmodSync(fd, like.mode & 0o7777);
    for (let off = 0; off < data.length;) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already renamed into place, or never created.
  }
}

/** syncDirectory makes the rename itself durable where the platform allows it. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported (Windows) or not permitted: the rename is still atomic.
  }
}
