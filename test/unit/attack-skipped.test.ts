/**
 * Files a scan has to skip (issue 10, docs/cli.md) are listed in every format,
 * so that a CI run knows what was not checked: a real 17 MB file, a FIFO
 * named *.go, a dangling symbolic link. They do not change the exit status
 * (see runScan: a parse over the time limit depends on the machine's load).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScan } from '../../src/cli/scan';
import { runInProcess } from '../support/cli';

function scan(args: string[], cwd: string) {
  return runInProcess(runScan, args, { cwd });
}

function skippedTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-skipped-'));
  writeFileSync(join(dir, 'ok.go'), 'package p\n\nfunc ok() {}\n');
  // A generated table: 17 MB, over the 16 MB limit, with the word the prefilter looks for.
  writeFileSync(join(dir, 'big.go'), `package p\n\n// net/http Transport\nvar table = []byte{${'0,'.repeat((17 * 1024 * 1024) / 2)}}\n`);
  symlinkSync(join(dir, 'nowhere.go'), join(dir, 'dangling.go'));
  const fifo = spawnSync('mkfifo', [join(dir, 'fifo.go')]);
  assert.equal(fifo.status, 0, 'mkfifo');
  return dir;
}

const EXPECTED = [
  { file: 'big.go', reason: 'too-large', message: /too large to analyse \(17\.0 MB, limit 16 MB\)/ },
  { file: 'dangling.go', reason: 'unreadable', message: /cannot read: no such file or directory \(ENOENT\)/ },
  { file: 'fifo.go', reason: 'not-a-file', message: /not a regular file/ },
];

test('skipped files: listed in the text report, with the count in the summary; exit status unchanged', async () => {
  const dir = skippedTree();
  try {
    const r = await scan(['.'], dir);
    assert.equal(r.code, 0, 'no finding: clean, though three files were not checked');
    const lines = r.stdout.trim().split('\n');
    for (const e of EXPECTED) {
      const line = lines.find((l) => l.startsWith(`${e.file}: not checked: `));
      assert.ok(line, `${e.file} listed in:\n${r.stdout}`);
      assert.match(line, e.message);
    }
    assert.match(lines.at(-1)!, /^no Transport built per call \(\d+ Go files scanned\); 3 not checked \(listed above\)$/);
    assert.equal(r.stderr, '', 'the text report holds them; nothing twice');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('skipped files: JSON problems carry the path, a reason word and the message', async () => {
  const dir = skippedTree();
  try {
    const r = await scan(['--format', 'json', dir], dir);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.stdout) as { problems: { path: string; reason: string; message: string }[] };
    assert.deepEqual(
      json.problems.map((p) => [p.path, p.reason]).sort(),
      EXPECTED.map((e) => [join(dir, e.file), e.reason]),
    );
    for (const e of EXPECTED) assert.match(json.problems.find((p) => p.reason === e.reason)!.message, e.message);
    assert.equal(r.stderr.trim().split('\n').length, 3, 'and one line each on stderr for the CI log');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('skipped files: SARIF toolExecutionNotifications, relative to the scanned directory', async () => {
  const dir = skippedTree();
  try {
    const r = await scan(['--format', 'sarif', '.'], dir);
    assert.equal(r.code, 0);
    const sarif = JSON.parse(r.stdout) as {
      runs: {
        invocations: {
          executionSuccessful: boolean;
          toolExecutionNotifications: {
            level: string;
            message: { text: string };
            descriptor: { id: string };
            locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
          }[];
        }[];
      }[];
    };
    const [invocation] = sarif.runs[0]!.invocations;
    assert.equal(invocation!.executionSuccessful, true);
    const notes = invocation!.toolExecutionNotifications;
    assert.deepEqual(
      notes
        .map((n) => [
          n.locations[0]!.physicalLocation.artifactLocation.uri,
          n.locations[0]!.physicalLocation.artifactLocation.uriBaseId,
          n.descriptor.id,
          n.level,
        ])
        .sort(),
      EXPECTED.map((e) => [e.file, 'SRCROOT', e.reason, 'warning']),
    );
    for (const e of EXPECTED) assert.match(notes.find((n) => n.descriptor.id === e.reason)!.message.text, e.message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
