import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { locateSource, type GoEnv, type SourceSearch } from '../../src/core/source/locate';
import { bestSuffixMatch, gorootRelative, isStandardLibrary, moduleCacheRelative, suffixScore } from '../../src/core/source/pathMatch';

describe('path matching for jump to source', () => {
  test('suffixScore counts shared trailing segments', () => {
    assert.equal(suffixScore('/home/ci/src/app/internal/api/client.go', '/work/app/internal/api/client.go'), 4);
    assert.equal(suffixScore('example.com/app/internal/api/client.go', '/work/app/internal/api/client.go'), 4);
    assert.equal(suffixScore('C:\\Users\\dev\\app\\main.go', '/ws/app/main.go'), 2);
    assert.equal(suffixScore('/x/main.go', '/y/other.go'), 0);
  });
  test('bestSuffixMatch picks the longest suffix, then the shorter path', () => {
    const candidates = ['/ws/cmd/tool/main.go', '/ws/main.go', '/ws/internal/api/client.go', '/ws/vendor/x/api/client.go'];
    assert.equal(bestSuffixMatch('/build/app/internal/api/client.go', candidates), '/ws/internal/api/client.go');
    assert.equal(bestSuffixMatch('example.com/app/cmd/tool/main.go', candidates), '/ws/cmd/tool/main.go');
    assert.equal(bestSuffixMatch('/tmp/x/main.go', candidates), '/ws/main.go', 'a tie goes to the shorter path');
    assert.equal(bestSuffixMatch('/tmp/x/server.go', candidates), undefined);
  });
  test('standard library frames map under GOROOT/src, from any GOROOT or -trimpath', () => {
    assert.equal(gorootRelative('/usr/local/go/src/net/http/transport.go', 'net/http'), 'net/http/transport.go');
    assert.equal(gorootRelative('/usr/lib/go-1.19/src/runtime/proc.go', 'runtime'), 'runtime/proc.go');
    assert.equal(gorootRelative('C:/Program Files/Go/src/net/http/server.go', 'net/http'), 'net/http/server.go');
    assert.equal(gorootRelative('net/http/transport.go', 'net/http'), 'net/http/transport.go');
    assert.equal(
      gorootRelative('/usr/local/go/src/runtime/internal/syscall/asm_linux_amd64.s', 'runtime/internal/syscall'),
      'runtime/internal/syscall/asm_linux_amd64.s',
    );
    assert.equal(
      gorootRelative('/usr/local/go/src/vendor/golang.org/x/net/http2/hpack/x.go', 'vendor/golang.org/x/net/http2/hpack'),
      'vendor/golang.org/x/net/http2/hpack/x.go',
    );
    assert.equal(gorootRelative('/ws/app/main.go', 'main'), undefined);
  });
  test('isStandardLibrary and the module cache', () => {
    assert.equal(isStandardLibrary('net/http'), true);
    assert.equal(isStandardLibrary('example.com/app'), false);
    assert.equal(isStandardLibrary('main'), false);
    assert.equal(moduleCacheRelative('/root/go/pkg/mod/golang.org/x/net@v0.17.0/http2/transport.go'), 'golang.org/x/net@v0.17.0/http2/transport.go');
    assert.equal(moduleCacheRelative('/ws/app/main.go'), undefined);
  });
});

describe("where a frame's file is found (locateSource)", () => {
  const root = mkdtempSync(join(tmpdir(), 'goroutine-lens-source-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const touch = (...parts: string[]) => {
    const file = join(root, ...parts);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    return file;
  };
  const GOROOT = join(root, 'goroot');
  const GOMODCACHE = join(root, 'modcache');
  const inGoroot = touch('goroot', 'src', 'net', 'http', 'transport.go');
  const inCache = touch('modcache', 'golang.org', 'x', 'net@v0.17.0', 'http2', 'transport.go');
  const onDisk = touch('build', 'app', 'main.go');

  /** search is a workspace that holds the given files (matched by name) and a Go environment, recording what was asked. */
  const search = (workspace: string[], env: GoEnv = { GOROOT, GOMODCACHE }) => {
    const asked: string[] = [];
    const s: SourceSearch<string> = {
      inWorkspace: (file) => {
        asked.push('workspace');
        return Promise.resolve(workspace.find((w) => w.endsWith(file.split('/').pop()!)));
      },
      goEnv: () => {
        asked.push('go env');
        return Promise.resolve(env);
      },
    };
    return { s, asked };
  };

  test('a frame without a file is explained', async () => {
    assert.deepEqual(await locateSource({ file: '?', line: 0, func: 'runtime.goexit' }, search([]).s), {
      kind: 'missing',
      reason: 'runtime.goexit has no source file in the dump (?).',
    });
  });
  test('a standard-library frame is looked up under GOROOT before the workspace', async () => {
    const { s, asked } = search(['/ws/transport.go']);
    const frame = { file: '/usr/local/go/src/net/http/transport.go', line: 2040, func: 'net/http.(*persistConn).readLoop' };
    assert.deepEqual(await locateSource(frame, s), { kind: 'path', path: inGoroot });
    assert.deepEqual(asked, ['go env']);
    const noGo = search(['/ws/transport.go'], {});
    assert.deepEqual(await locateSource(frame, noGo.s), { kind: 'workspace', file: '/ws/transport.go' }, 'without a Go toolchain, the workspace');
  });
  test("a module's frame is looked up in the workspace, then in the module cache", async () => {
    const frame = { file: '/root/go/pkg/mod/golang.org/x/net@v0.17.0/http2/transport.go', line: 1, func: 'golang.org/x/net/http2.(*ClientConn).readLoop' };
    const found = search(['/ws/vendor/transport.go']);
    assert.deepEqual(await locateSource(frame, found.s), { kind: 'workspace', file: '/ws/vendor/transport.go' });
    assert.deepEqual(found.asked, ['workspace']);
    assert.deepEqual(await locateSource(frame, search([]).s), { kind: 'path', path: inCache });
  });
  test("the frame's own path is the last resort; else why it was not found", async () => {
    assert.deepEqual(await locateSource({ file: onDisk, line: 1, func: 'main.main' }, search([]).s), { kind: 'path', path: onDisk });
    const gone = await locateSource({ file: '/nowhere/pkg/gone.go', line: 4, func: 'example.com/gone.F' }, search([]).s);
    assert.equal(gone.kind, 'missing');
    assert.match(gone.kind === 'missing' ? gone.reason : '', /^Cannot find gone\.go \(\/nowhere\/pkg\/gone\.go\) in the workspace or the Go module cache\./);
    const stdGone = await locateSource({ file: '/nowhere/src/os/file.go', line: 4, func: 'os.(*File).Read' }, search([]).s);
    assert.match(stdGone.kind === 'missing' ? stdGone.reason : '', /in the local Go installation \(go env GOROOT\) or the workspace\./);
  });
});
