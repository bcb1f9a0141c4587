import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';

/**
 * Raw-dump files ("Open Raw Dump" of a fetched dump) live under the
 * extension's global storage, which every VS Code window shares. Each window
 * (each extension host, one process per window) writes into a folder of its
 * own, marked with an owner file, and at activation removes only the folders
 * whose window is gone: its process has exited, the machine has rebooted since,
 * or, for a folder written on another machine (a shared home), it has not been
 * touched for a week.
 */

/** OWNER_FILE marks a window's folder with who owns it. */
export const OWNER_FILE = 'owner.json';
/** FOLDER_PREFIX starts the name of every window's folder. */
const FOLDER_PREFIX = 'window-';
/** FOREIGN_STALE_MS is how long a folder of another machine, whose process cannot be checked, is kept untouched. */
const FOREIGN_STALE_MS = 7 * 24 * 3600_000;
/** LOOSE_STALE_MS is how long a file or folder without an owner (an older version's, or one being created) is kept. */
const LOOSE_STALE_MS = 24 * 3600_000;
/** BOOT_SLACK_MS absorbs the drift of "now − uptime" between two readings of the boot time. */
const BOOT_SLACK_MS = 60_000;

/** Owner is what a window's folder says about the process that owns it. */
export interface Owner {
  readonly pid: number;
  readonly host: string;
  /** When the machine booted (ms since the epoch): a reboot makes every pid meaningless. */
  readonly bootTime: number;
}

/** Machine is the live facts a sweep compares owners with; tests pass their own. */
export interface Machine {
  readonly host: string;
  readonly bootTime: number;
  readonly now: number;
  isAlive(pid: number): boolean;
}

/** thisMachine is the real machine: its host name, boot time, clock and processes. */
export function thisMachine(): Machine {
  const now = Date.now();
  return { host: hostname(), bootTime: now - uptime() * 1000, now, isAlive: processAlive };
}

/** processAlive tells whether a process exists (signal 0 checks without sending; EPERM: it exists, as another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** WindowFolder is this window's folder of raw dumps; dispose removes it with its files. */
export interface WindowFolder {
  readonly dir: string;
  dispose(): void;
}

/** claimWindowFolder makes this process's folder under `root`, with its owner file. */
export function claimWindowFolder(root: string, machine: Machine = thisMachine(), pid = process.pid): WindowFolder {
  const dir = join(root, `${FOLDER_PREFIX}${pid}-${randomUUID().slice(0, 8)}`);
  const owner: Owner = { pid, host: machine.host, bootTime: Math.round(machine.bootTime) };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, OWNER_FILE), `${JSON.stringify(owner)}\n`);
  } catch {
    // A storage that cannot be written now fails the fetch that needs it, with its own message; without an owner file the folder is swept after a day.
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** ownerIsGone decides whether a folder's window is gone, from its owner (null: none readable) and the folder's last change. */
export function ownerIsGone(owner: Owner | null, modifiedMs: number, machine: Machine): boolean {
  if (owner === null) return machine.now - modifiedMs > LOOSE_STALE_MS;
  if (owner.host !== machine.host) return machine.now - modifiedMs > FOREIGN_STALE_MS;
  if (Math.abs(owner.bootTime - machine.bootTime) > BOOT_SLACK_MS) return true;
  return !machine.isAlive(owner.pid);
}

/**
 * sweepWindowFolders removes, under `root`, the folders of windows that are
 * gone (ownerIsGone) and the loose files of older versions after a day,
 * sparing `keep` (this window's folder). Resolves to the paths removed.
 */
export async function sweepWindowFolders(root: string, keep: string | null, machine: Machine = thisMachine()): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const path = join(root, name);
    if (path === keep) continue;
    const info = await stat(path).catch(() => null);
    if (info === null) continue;
    let owner: Owner | null = null;
    let modified = info.mtimeMs;
    if (info.isDirectory() && name.startsWith(FOLDER_PREFIX)) {
      const ownerPath = join(path, OWNER_FILE);
      owner = parseOwner(await readFile(ownerPath, 'utf8').catch(() => ''));
      modified = Math.max(modified, (await stat(ownerPath).catch(() => null))?.mtimeMs ?? 0);
    }
    if (!ownerIsGone(owner, modified, machine)) continue;
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    removed.push(path);
  }
  return removed;
}

function parseOwner(text: string): Owner | null {
  try {
    const o = JSON.parse(text) as Partial<Owner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.bootTime === 'number') return { pid: o.pid, host: o.host, bootTime: o.bootTime };
  } catch {
    // not an owner file
  }
  return null;
}
