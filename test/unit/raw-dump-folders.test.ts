// Raw-dump files owned per window (issue 10, item 6): every VS Code window
// shares the extension's global storage, and a window must only ever clear the
// folders of windows that are gone. The other "windows" here are real node
// processes that claim a folder, one still running, one exited.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OWNER_FILE, claimWindowFolder, ownerIsGone, sweepWindowFolders, thisMachine, type Machine } from '../../src/core/document/rawDumpFolders';

const MODULE = join(__dirname, '..', '..', 'src', 'core', 'document', 'rawDumpFolders.js');

/** otherWindow starts a node process that claims a folder under root, writes a raw dump in it, prints the folder, and then lives until killed (or exits at once). */
async function otherWindow(root: string, exit: boolean): Promise<{ child: ChildProcess; dir: string }> {
  const script = `
    const { claimWindowFolder } = require(${JSON.stringify(MODULE)});
    const folder = claimWindowFolder(${JSON.stringify(root)});
    require('node:fs').writeFileSync(require('node:path').join(folder.dir, 'dump-1.goroutines'), 'goroutine 1 [running]:\\n');
    console.log(folder.dir);
    ${exit ? '' : 'setInterval(() => {}, 1000);'}
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const dir = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('error', reject);
  });
  if (exit) await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve)));
  return { child, dir };
}

describe('raw-dump folders, one per window', () => {
  let root: string;
  const children: ChildProcess[] = [];
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'lens-raw-'));
  });
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill();
    rmSync(root, { recursive: true, force: true });
  });

  test("a new window clears the folders of exited windows only: a running window's raw dump survives", async () => {
    const mine = claimWindowFolder(root);
    writeFileSync(join(mine.dir, 'dump-9.goroutines'), 'mine\n');
    const running = await otherWindow(root, false);
    children.push(running.child);
    const exited = await otherWindow(root, true);
    assert.ok(existsSync(join(exited.dir, 'dump-1.goroutines')), 'the exited window left its file');

    const removed = await sweepWindowFolders(root, mine.dir);
    assert.deepEqual(removed, [exited.dir]);
    assert.equal(readFileSync(join(running.dir, 'dump-1.goroutines'), 'utf8'), 'goroutine 1 [running]:\n', 'the running window keeps its raw dump');
    assert.equal(readFileSync(join(mine.dir, 'dump-9.goroutines'), 'utf8'), 'mine\n');

    // Once that window's process is gone, the next sweep takes its folder.
    running.child.kill();
    await new Promise((resolve) => running.child.on('exit', resolve));
    assert.deepEqual(await sweepWindowFolders(root, mine.dir), [running.dir]);
    mine.dispose();
    assert.equal(existsSync(mine.dir), false, 'closing the window removes its folder');
  });

  test("a folder from before a reboot goes even if its pid is alive again; another machine's only when a week old", async () => {
    const machine = thisMachine();
    const rebooted = join(root, 'window-1-rebooted');
    mkdirSync(rebooted);
    writeFileSync(join(rebooted, OWNER_FILE), JSON.stringify({ pid: process.pid, host: machine.host, bootTime: machine.bootTime - 86_400_000 }));
    const foreign = join(root, 'window-2-foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, OWNER_FILE), JSON.stringify({ pid: 1, host: `not-${machine.host}`, bootTime: 0 }));
    const legacy = join(root, 'dump-123-456-1.goroutines');
    writeFileSync(legacy, 'from an older version\n');

    assert.deepEqual(await sweepWindowFolders(root, null), [rebooted]);
    const eightDaysAgo = (Date.now() - 8 * 86_400_000) / 1000;
    utimesSync(join(foreign, OWNER_FILE), eightDaysAgo, eightDaysAgo);
    utimesSync(foreign, eightDaysAgo, eightDaysAgo);
    utimesSync(legacy, eightDaysAgo, eightDaysAgo);
    assert.deepEqual((await sweepWindowFolders(root, null)).sort(), [legacy, foreign].sort());
  });

  test('ownerIsGone: the rules', () => {
    const now = 1_700_000_000_000;
    const machine: Machine = { host: 'h', bootTime: now - 3600_000, now, isAlive: (pid) => pid === 42 };
    const owner = (pid: number, host = 'h', bootTime = machine.bootTime + 5_000) => ({ pid, host, bootTime });
    assert.equal(ownerIsGone(owner(42), now, machine), false, 'alive, same boot');
    assert.equal(ownerIsGone(owner(43), now, machine), true, 'its process has exited');
    assert.equal(ownerIsGone(owner(42, 'h', machine.bootTime - 86_400_000), now, machine), true, 'the machine rebooted since');
    assert.equal(ownerIsGone(owner(43, 'other'), now - 86_400_000, machine), false, 'another machine: kept for a week');
    assert.equal(ownerIsGone(owner(43, 'other'), now - 8 * 86_400_000, machine), true);
    assert.equal(ownerIsGone(null, now - 60_000, machine), false, 'no owner yet (being created): kept');
    assert.equal(ownerIsGone(null, now - 2 * 86_400_000, machine), true);
  });
});
