import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
