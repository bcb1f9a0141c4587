/**
 * Attacks on `scan --fix` (issue 10, docs/security.md), each with the real part:
 * real symbolic links to a victim outside the scanned tree, a real full disk
 * (a 64 KiB tmpfs mounted by the test when it runs as root), a file changed
 * on the disk between the read and the replacement, a read-only file with
 * the CLI run as an unprivileged user. Each checks what is on the disk
 * afterwards, the message and the exit status.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGo } from '../../src/core/go';
import { fixFiles, scanTree } from '../../src/core/transport';
import { ROOT } from '../support/fixtures';

const CLI = join(ROOT, 'dist', 'cli.js');

/** FIXABLE has one Transport built per call that --fix hoists. */
const FIXABLE =
  'package p\n\nimport "net/http"\n\nfunc get(u string) (*http.Response, error) {\n\tc := &http.Client{Transport: &http.Transport{}}\n\treturn c.Get(u)\n}\n';

function isFixed(text: string): boolean {
  return /^var \w+ = &http\.Transport\{\}/m.test(text) && !/Transport: &http\.Transport\{\}/.test(text);
}

function cli(args: string[], opts: { asNobody?: boolean } = {}) {
  const argv = [process.execPath, CLI, ...args];
  const cmd = opts.asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...argv] : argv;
  return spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', timeout: 60_000 });
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;

test('attack: a symbolic link to a victim outside the tree is read and reported, never rewritten', () => {
  const root = tempDir('lens-attack-root-');
  const outside = tempDir('lens-attack-victim-');
  try {
    const victim = join(outside, 'victim.go');
    writeFileSync(victim, FIXABLE);
    mkdirSync(join(outside, 'pkg'));
    writeFileSync(join(outside, 'pkg', 'far.go'), FIXABLE);
    mkdirSync(join(root, 'linked'));
    symlinkSync(victim, join(root, 'linked', 'victim.go')); // a file link leading out
    symlinkSync(join(outside, 'pkg'), join(root, 'dirlink')); // a directory link leading out
    mkdirSync(join(root, 'own'));
    writeFileSync(join(root, 'own', 'own.go'), FIXABLE);

    const r = cli(['scan', '--fix', '--format', 'json', root]);
    assert.equal(readFileSync(victim, 'utf8'), FIXABLE, 'the victim is untouched');
    assert.equal(readFileSync(join(outside, 'pkg', 'far.go'), 'utf8'), FIXABLE, 'the file behind a directory link is untouched');
    assert.ok(isFixed(readFileSync(join(root, 'own', 'own.go'), 'utf8')), 'the file inside the tree is fixed');
    assert.match(r.stderr, /linked\/victim\.go: not fixed: it is a symbolic link/);
    assert.match(r.stderr, /dirlink\/far\.go: not fixed: its real path .*far\.go is outside the scanned directories/);
    const json = JSON.parse(r.stdout) as { findings: { file: string }[] };
    assert.deepEqual(json.findings.map((f) => f.file).sort(), ['dirlink/far.go', 'linked/victim.go'], 'the linked files are still read and reported');
    assert.equal(r.status, 1, 'findings remain; nothing failed');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('attack: a full disk leaves the original whole (a real 64 KiB tmpfs)', (t) => {
  if (!isRoot) {
    t.skip('needs root to mount a tmpfs (run the tests as root to check a real full disk)');
    return;
  }
  const mnt = tempDir('lens-attack-full-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(mnt, { recursive: true, force: true });
    t.skip(`cannot mount a tmpfs here: ${mounted.stderr.trim()}`);
    return;
  }
  try {
    // 40 KiB of comments: the file and its replacement cannot both fit in 64 KiB.
    const padding = `// ${'x'.repeat(76)}\n`.repeat(512);
    const original = FIXABLE + padding;
    const file = join(mnt, 'big.go');
    writeFileSync(file, original);
    const r = cli(['scan', '--fix', mnt]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /big\.go: not fixed, the file is unchanged: cannot write .* no space left on device \(ENOSPC\)/);
    assert.equal(readFileSync(file, 'utf8'), original, 'the original is whole');
    assert.deepEqual(readdirSync(mnt), ['big.go'], 'no temporary file is left behind');
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  } finally {
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
});

test('attack: a file changed between the read and the replacement is left as it is now and reported', async () => {
  const root = tempDir('lens-attack-race-');
  try {
    const file = join(root, 'a.go');
    writeFileSync(file, FIXABLE);
    const changed = FIXABLE.replace('func get', '// edited meanwhile\nfunc get');
    const go = await loadGo();
    const found = await scanTree([root]);
    assert.equal(found.findings.length, 1);
    const outcomes = fixFiles(go, [{ root, file: 'a.go' }], [root], {
      // The seam: the new text is computed and waits in its temporary file; an editor saves now.
      beforeReplace: (path) => writeFileSync(path, changed),
    });
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]!.status, 'failed');
    assert.match(outcomes[0]!.message, /changed while --fix was computing its edits/);
    assert.equal(readFileSync(file, 'utf8'), changed, 'the newer text is kept as it is, not corrupted');
    assert.deepEqual(readdirSync(root), ['a.go']);
    // Without the interference, the same call fixes it, mode kept.
    chmodSync(file, 0o640);
    const again = fixFiles(go, [{ root, file: 'a.go' }], [root]);
    assert.equal(again[0]!.status, 'fixed', again[0]!.message);
    assert.ok(isFixed(readFileSync(file, 'utf8')));
    assert.equal(statSync(file).mode & 0o777, 0o640, 'the mode is kept');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('attack: a read-only file, the CLI run as an unprivileged user: one line, the other files fixed, exit 2', (t) => {
  if (!isRoot || !hasSetpriv) {
    t.skip(!isRoot ? 'needs root to run the CLI as user nobody (65534)' : 'setpriv is not installed');
    return;
  }
  const root = tempDir('lens-attack-ro-');
  try {
    for (const pkg of ['a', 'b', 'c']) {
      mkdirSync(join(root, pkg));
      writeFileSync(join(root, pkg, `${pkg}.go`), FIXABLE);
    }
    for (const path of [root, ...['a', 'b', 'c'].flatMap((p) => [join(root, p), join(root, p, `${p}.go`)])]) chownSync(path, 65534, 65534);
    chmodSync(join(root, 'b', 'b.go'), 0o444); // read-only, in a writable directory
    chmodSync(root, 0o755);

    const r = cli(['scan', '--fix', root], { asNobody: true });
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    const bLines = lines.filter((l) => l.includes('b/b.go'));
    assert.equal(bLines.length, 1, r.stderr);
    assert.match(bLines[0]!, /b\/b\.go: not fixed: cannot write: permission denied \(EACCES\)$/);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    assert.equal(readFileSync(join(root, 'b', 'b.go'), 'utf8'), FIXABLE, 'the read-only file is untouched');
    assert.equal(statSync(join(root, 'b', 'b.go')).mode & 0o777, 0o444);
    assert.ok(isFixed(readFileSync(join(root, 'a', 'a.go'), 'utf8')), 'the file before it is fixed');
    assert.ok(isFixed(readFileSync(join(root, 'c', 'c.go'), 'utf8')), 'the file after it is fixed');
    assert.equal(statSync(join(root, 'c', 'c.go')).uid, 65534);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
