/**
 * The hoist fix, proved with the real Go toolchain: every fixture file with
 * a fixable finding is fixed (fix-all, and each hoist alone), the result is
 * compared with the expected `<file>.fixed` next to the fixture, and then
 * `gofmt -l`, `go vet ./...` and `go build ./...` must be clean on it.
 * Set UPDATE_FIXED=1 to rewrite the expected files (then read the diff).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { directorySource, loadGo, type PackageSource } from '../../src/core/go';
import { analyzePackageFiles, applyEdits, fixAllInFile, hoistTransport, scanTree } from '../../src/core/transport';
import { FIXTURES_DIR } from '../fixtures/go/harness';

/** GO_ENV runs the go command offline (the fixtures' only dependency is replaced by a local stub), with caches even where HOME is unset. */
const GO_ENV = {
  ...process.env,
  GOFLAGS: '-mod=mod',
  GOPROXY: 'off',
  GOTOOLCHAIN: 'local',
  GO111MODULE: 'on',
  ...(process.env.HOME ? {} : { GOCACHE: join(tmpdir(), 'lens-go-cache'), GOPATH: join(tmpdir(), 'lens-go-path') }),
};

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, env: GO_ENV, encoding: 'utf8' });
  assert.equal(r.error, undefined, `${command} could not run: ${r.error?.message} (is golang-go installed? .ci/run installs it)`);
  assert.equal(r.status, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-hoist-'));
  cpSync(FIXTURES_DIR, dir, {
    recursive: true,
    filter: (src) => !src.endsWith('.fixed') && !src.endsWith('.ts') && !src.endsWith('.js') && !src.includes('testdata'),
  });
  return dir;
}

test('analyzer hoist: the fixtures compile and are gofmt-clean before any fix', () => {
  const dir = copyFixtures();
  try {
    assert.equal(run('gofmt', ['-l', '.'], dir), '');
    run('go', ['vet', './...'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analyzer hoist: fix-all on every fixture file gives the expected text, gofmt-clean, vet- and build-clean', async () => {
  const go = await loadGo();
  const dir = copyFixtures();
  try {
    const scan = await scanTree([dir], { includeTests: true });
    const files = [...new Set(scan.findings.filter((f) => f.fixAvailable).map((f) => f.file))];
    assert.ok(files.length >= 8, `expected many fixable files, got ${files.join(', ')}`);
    const mismatches: string[] = [];
    for (const file of files) {
      const path = join(dir, file);
      const before = readFileSync(path, 'utf8');
      const edits = fixAllInFile(go, directorySource(dir, dirname(path)), file, { includeTests: true });
      assert.ok(edits.length > 0, `${file}: fix-all produced no edit`);
      const after = applyEdits(before, edits);
      writeFileSync(path, after);
      const expectedPath = join(FIXTURES_DIR, `${file}.fixed`);
      if (process.env.UPDATE_FIXED) writeFileSync(expectedPath, after);
      if (!existsSync(expectedPath)) mismatches.push(`${file}: no expected ${file}.fixed`);
      else if (readFileSync(expectedPath, 'utf8') !== after) mismatches.push(`${file}: differs from ${file}.fixed`);
    }
    assert.equal(run('gofmt', ['-l', '.'], dir), '', 'gofmt -l lists files after the fix');
    run('go', ['vet', './...'], dir);
    run('go', ['build', './...'], dir);
    assert.deepEqual(mismatches, []);
    // The moved configuration is kept: a Go test built with the fixed package reads the package-level values.
    writeFileSync(join(dir, 'configure', 'moved_check_test.go'), MOVED_CHECK);
    run('go', ['test', '-count=1', '-run', 'TestMovedConfiguration', './configure'], dir);
    // Nothing fixable is left.
    const again = await scanTree([dir], { includeTests: true });
    assert.deepEqual(
      again.findings.filter((f) => f.fixAvailable).map((f) => `${f.file}:${f.range.start.line + 1}`),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** MOVED_CHECK is a Go test for the fixed configure package: each field the fixtures set after construction is set on the hoisted variable. */
const MOVED_CHECK = `package configure

import (
	"testing"
	"time"
)

func TestMovedConfiguration(t *testing.T) {
	if pollTransport.MaxIdleConns != 4 || pollTransport.ResponseHeaderTimeout != 2*time.Second || pollTransport.ExpectContinueTimeout != time.Second {
		t.Errorf("Poll's Transport: %d %v %v", pollTransport.MaxIdleConns, pollTransport.ResponseHeaderTimeout, pollTransport.ExpectContinueTimeout)
	}
	if statusTransport.MaxIdleConnsPerHost != idlePerHost || statusTransport.Proxy != nil || statusTransport.ForceAttemptHTTP2 != true {
		t.Errorf("Status's Transport: %d, proxy set %v, http2 %v", statusTransport.MaxIdleConnsPerHost, statusTransport.Proxy != nil, statusTransport.ForceAttemptHTTP2)
	}
	if headTransport.IdleConnTimeout != 90*time.Second {
		t.Errorf("Head's Transport: %v", headTransport.IdleConnTimeout)
	}
	if !onceTransport.DisableKeepAlives || onceTransport.MaxIdleConns != 2 || onceTransport.IdleConnTimeout != time.Second {
		t.Errorf("Once's Transport: %v %d %v", onceTransport.DisableKeepAlives, onceTransport.MaxIdleConns, onceTransport.IdleConnTimeout)
	}
	if labTransport.MaxIdleConns != 2 || labTransport.TLSClientConfig == nil || !labTransport.TLSClientConfig.InsecureSkipVerify {
		t.Errorf("Lab's Transport: %d %v", labTransport.MaxIdleConns, labTransport.TLSClientConfig)
	}
}
`;

/**
 * configurationLeftBehind finds, in a hoisted text, a local that holds the
 * new variable (`tr := NAME`) and whose fields are still assigned later in
 * the same function: the hoist must have moved or refused those.
 */
function configurationLeftBehind(text: string, name: string): string | undefined {
  const holder = new RegExp(`^(\\s*)(\\w+) :?= ${name}\\b`, 'm').exec(text);
  if (!holder) return undefined;
  const rest = text.slice(holder.index + holder[0].length);
  const body = rest.slice(0, rest.search(/^}/m) === -1 ? undefined : rest.search(/^}/m));
  return new RegExp(`^[ \\t]*${holder[2]}(\\.\\w+)+ (=|\\+=|-=)|^[ \\t]*${holder[2]}\\.(RegisterProtocol)\\(`, 'm').exec(body)?.[0];
}

test('analyzer hoist: each hoist alone leaves gofmt-clean code that compiles', async () => {
  // The check below sees configuration left behind (what the hoist did before it moved any).
  assert.equal(configurationLeftBehind('func f() {\n\ttr := transport\n\ttr.MaxIdleConns = 1\n}\n', 'transport'), '\ttr.MaxIdleConns =');
  const go = await loadGo();
  const dir = copyFixtures();
  const out = mkdtempSync(join(tmpdir(), 'lens-single-'));
  try {
    const scan = await scanTree([dir], { includeTests: true });
    const fixable = scan.findings.filter((f) => f.fixAvailable);
    fixable.forEach((finding, i) => {
      const path = join(dir, finding.file);
      const result = hoistTransport(go, directorySource(dir, dirname(path)), finding, { includeTests: true });
      assert.ok(result, `${finding.file}:${finding.range.start.line + 1}: no hoist`);
      assert.equal(result.edits.length, 2);
      const target = join(out, String(i), finding.file);
      mkdirSync(dirname(target), { recursive: true });
      const hoisted = applyEdits(readFileSync(path, 'utf8'), result.edits);
      assert.equal(configurationLeftBehind(hoisted, result.name), undefined, `${finding.file}:${finding.range.start.line + 1}: configuration left behind`);
      writeFileSync(target, hoisted);
    });
    assert.equal(run('gofmt', ['-l', '.'], out), '');
    // Compile one variant per package directory in place of its original.
    const seen = new Set<string>();
    fixable.forEach((finding, i) => {
      if (seen.has(finding.file)) return;
      seen.add(finding.file);
      const path = join(dir, finding.file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, readFileSync(join(out, String(i), finding.file), 'utf8'));
      try {
        run('go', ['vet', `./${dirname(finding.file)}`], dir);
      } finally {
        writeFileSync(path, original);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
});

/** memorySource is a package from strings, for unit tests of the pure functions. */
function memorySource(files: Record<string, string>): PackageSource {
  return { files: Object.entries(files).map(([path, text]) => ({ path, read: () => text })) };
}

const FETCH = `package p

import "net/http"

// Fetch fetches.
func Fetch(url string) (*http.Response, error) {
	c := &http.Client{Transport: &http.Transport{}}
	return c.Get(url)
}
`;

async function hoistFirst(files: Record<string, string>, path = 'a.go') {
  const go = await loadGo();
  const source = memorySource(files);
  const { findings } = analyzePackageFiles(go, source, [path]);
  assert.ok(findings.length > 0);
  const result = hoistTransport(go, source, findings[0]!);
  assert.ok(result);
  return { name: result.name, text: applyEdits(files[path]!, result.edits) };
}

test('analyzer hoist: inserts above the doc comment, which stays attached to its function', async () => {
  const { name, text } = await hoistFirst({ 'a.go': FETCH });
  assert.equal(name, 'transport');
  assert.equal(
    text,
    `package p

import "net/http"

// transport is shared by every call of Fetch: a Transport per call leaks its idle connections.
var transport = &http.Transport{}

// Fetch fetches.
func Fetch(url string) (*http.Response, error) {
	c := &http.Client{Transport: transport}
	return c.Get(url)
}
`,
  );
});

test('analyzer hoist: names — transport taken in another file, then <func>Transport, then transport2', async () => {
  assert.equal((await hoistFirst({ 'a.go': FETCH, 'b.go': 'package p\n\nvar transport = 1\n' })).name, 'fetchTransport');
  assert.equal(
    (await hoistFirst({ 'a.go': FETCH, 'b.go': 'package p\n\nvar transport = 1\n', 'b_test.go': 'package p\n\nfunc fetchTransport() {}\n' })).name,
    'transport2',
  );
  // An external test package cannot collide: its names are ignored.
  assert.equal((await hoistFirst({ 'a.go': FETCH, 'x_test.go': 'package p_test\n\nvar transport = 1\n' })).name, 'transport');
  // An import name is taken too.
  const imported = FETCH.replace('import "net/http"', 'import (\n\t"net/http"\n\ttransport "net/url"\n)\n\nvar _ = transport.Parse');
  assert.equal((await hoistFirst({ 'a.go': imported })).name, 'fetchTransport');
  // A local visible at the use site shadows the name.
  const shadowed = FETCH.replace('\tc := &http.Client', '\ttransport := 1\n\t_ = transport\n\tc := &http.Client');
  assert.equal((await hoistFirst({ 'a.go': shadowed })).name, 'fetchTransport');
  // Methods: <Type><Method>Transport.
  const method = FETCH.replace('func Fetch(url string)', 'type API struct{}\n\nfunc (a *API) Fetch(url string)');
  assert.equal((await hoistFirst({ 'a.go': method, 'b.go': 'package p\n\nvar transport = 1\n' })).name, 'aPIFetchTransport'.replace('aPI', 'api'));
});

test('analyzer hoist: a CRLF file stays CRLF', async () => {
  const crlf = FETCH.replace(/\n/g, '\r\n');
  const { text } = await hoistFirst({ 'a.go': crlf });
  assert.ok(!/[^\r]\n/.test(text), 'a bare LF was introduced');
  assert.equal(text.replace(/\r\n/g, '\n'), (await hoistFirst({ 'a.go': FETCH })).text);
});

test('analyzer hoist: no hoist for a finding without a fix; fix-all with none is empty', async () => {
  const go = await loadGo();
  const src = FETCH.replace('&http.Transport{}', '&http.Transport{MaxIdleConns: len(url)}');
  const source = memorySource({ 'a.go': src });
  const { findings } = analyzePackageFiles(go, source, ['a.go']);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.fixAvailable, false);
  assert.match(findings[0]!.message, /No quick fix: the expression refers to the local name url/);
  assert.equal(hoistTransport(go, source, findings[0]!), undefined);
  assert.deepEqual(fixAllInFile(go, source, 'a.go'), []);
});

test('analyzer hoist: gofmt agrees on realigned keys and trailing comments', async () => {
  const go = await loadGo();
  const src = `package p

import (
	"net/http"
	"time"
)

func Get(url string) (*http.Response, error) {
	deadline := time.Second // short
	c := &http.Client{
		Timeout: deadline, // the whole exchange
		Transport: &http.Transport{
			MaxIdleConns: 1,
		},
		CheckRedirect: nil, // default policy
	}
	tr := &http.Transport{} // its own
	n := 1                  // one
	_ = tr
	_ = n
	m := 2                                          // two
	d := &http.Client{Transport: &http.Transport{}} // inline
	_, _ = m, d
	return c.Get(url)
}
`;
  const source = memorySource({ 'a.go': src });
  const fixed = applyEdits(src, fixAllInFile(go, source, 'a.go'));
  const dir = mkdtempSync(join(tmpdir(), 'lens-align-'));
  try {
    writeFileSync(join(dir, 'a.go'), fixed);
    const formatted = execFileSync('gofmt', [join(dir, 'a.go')], { encoding: 'utf8' });
    assert.equal(fixed, formatted);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analyzer hoist: a multi-line raw string keeps its content when the expression moves left', async () => {
  const src =
    'package p\n\nimport (\n\t"crypto/tls"\n\t"net/http"\n)\n\nfunc f() {\n\tc := &http.Client{\n\t\tTransport: &http.Transport{\n\t\t\tTLSClientConfig: &tls.Config{ServerName: `a\n\t\tb`},\n\t\t},\n\t}\n\t_ = c\n}\n';
  const { text } = await hoistFirst({ 'a.go': src });
  assert.ok(text.includes('var transport = &http.Transport{\n\tTLSClientConfig: &tls.Config{ServerName: `a\n\t\tb`},\n}\n'), text);
});

test('analyzer hoist: a withheld hoist names the first line that configures the Transport, the locals really used, or the cycle', async () => {
  const scan = await scanTree([join(FIXTURES_DIR, 'configure')]);
  const reason = (fn: string) => scan.findings.find((f) => f.functionName === fn)?.noFixReason ?? '';
  const line = (fn: string, text: string) => {
    const source = readFileSync(
      join(
        FIXTURES_DIR,
        'configure',
        scan.findings
          .find((f) => f.functionName === fn)!
          .file.split('/')
          .pop()!,
      ),
      'utf8',
    );
    return source.split('\n').findIndex((l) => l.includes(text)) + 1;
  };
  assert.equal(
    reason('NewRegistryClient'),
    `line ${line('NewRegistryClient', 'tr.TLSClientConfig = cfg')} configures the Transport per call (\`tr.TLSClientConfig = cfg\`); one shared Transport would carry the last caller's settings. Build one Transport per distinct configuration and reuse it`,
  );
  assert.match(reason('NewPinnedClient'), /configures the Transport per call \(`c\.Transport\.\(\*http\.Transport\)\.TLSClientConfig\.RootCAs = pool`\)/);
  assert.match(reason('NewStrictClient'), /configures the Transport per call \(`tr\.TLSClientConfig\.MinVersion = tls\.VersionTLS12`\)/);
  assert.match(reason('NewDaemonClient'), /passes the Transport to configureTransport \(`configureTransport\(tr, proto, addr\)`\), which may configure it/);
  assert.match(
    reason('NewH2Client'),
    new RegExp(`^line ${line('NewH2Client', 'http2.ConfigureTransports(t1)')} passes the Transport to http2\\.ConfigureTransports`),
  );
  assert.match(reason('NewFileClient'), /calls t\.RegisterProtocol on the Transport per call/);
  assert.match(reason('(*Pool).Reset'), /replaces the Transport in p\.client after line \d+ closed the previous one's idle connections/);
  assert.match(reason('Later'), /configures the Transport per call \(`tr\.MaxIdleConnsPerHost = 4`\)/);
  assert.equal(reason('Limited'), 'the expression refers to the local name limit');
  assert.equal(
    reason('controlClient'),
    'the expression refers to proxyFor, which leads back to controlClient: a package-level variable would be an initialization cycle',
  );
  assert.equal(
    reason('dataClient'),
    'the expression refers to dataProxy, which leads back to dataClient: a package-level variable would be an initialization cycle',
  );
  // The message carries the reason too.
  assert.match(
    scan.findings.find((f) => f.functionName === 'Insecure')!.message,
    /No quick fix: line \d+ configures the Transport per call \(`tr\.TLSClientConfig = &tls\.Config\{InsecureSkipV/,
  );
});

test('analyzer: a method call counts for a method only where the receiver type may be that method type', async () => {
  const scan = await scanTree([join(FIXTURES_DIR, 'callers')]);
  // (*Client).transport runs only from init: cache's transport() calls in handler are not its callers.
  assert.deepEqual(
    scan.findings.map((f) => f.functionName),
    ['(*Client).dial'],
  );
  const dial = scan.findings[0]!;
  assert.match(dial.message, /is called per call by serve/);
  assert.deepEqual(
    dial.related.filter((r) => r.message.includes('calls')).map((r) => r.range.start.line + 1),
    [53, 55],
  );
});

test('analyzer hoist: a layout the hoist would not risk is withheld with the reason, never offered and then refused', async () => {
  const go = await loadGo();
  const src =
    'package p\n\nimport (\n\t"crypto/tls"\n\t"net/http"\n)\n\nfunc f() {\n\ttr := &http.Transport{\n\t\tTLSClientConfig: &tls.Config{ServerName: `a\n\t\tb`},\n\t}\n\ttr.MaxIdleConns = 2\n\t_ = tr\n}\n';
  const source = memorySource({ 'a.go': src });
  const { findings } = analyzePackageFiles(go, source, ['a.go']);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.fixAvailable, false);
  assert.equal(findings[0]!.noFixReason, 'the literal holds a multi-line raw string; move the settings into the literal by hand');
  assert.equal(hoistTransport(go, source, findings[0]!), undefined);
  // Without the moved setting the same literal hoists.
  const plain = src.replace('\ttr.MaxIdleConns = 2\n', '');
  const again = analyzePackageFiles(go, memorySource({ 'a.go': plain }), ['a.go']).findings;
  assert.equal(again[0]!.fixAvailable, true);
});
