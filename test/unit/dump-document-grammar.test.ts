import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ROOT, fixtureText } from '../support/fixtures';

/**
 * The TextMate grammar (syntaxes/goroutine-dump.tmLanguage.json) is loaded
 * the way VS Code loads it — vscode-textmate on the Oniguruma WASM — and run
 * over lines of real dumps; each check names a token by its text and the
 * scope it must carry (a prefix of one of its scopes).
 */
const GRAMMAR_PATH = join(ROOT, 'syntaxes', 'goroutine-dump.tmLanguage.json');
const SCOPE = 'source.goroutine-dump';

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === SCOPE ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null),
  });
  const loaded = await registry.loadGrammar(SCOPE);
  assert.ok(loaded, 'the grammar loads');
  grammar = loaded;
});

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

/** tokenize runs the grammar over a document's lines, carrying the rule stack from line to line as the editor does. */
function tokenize(text: string): Token[][] {
  let stack = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** lineOf is the first line of a fixture that satisfies `pick`, tokenized in the context of the whole fixture. */
function lineOf(fixture: string, pick: (line: string) => boolean): Token[] {
  const text = fixtureText(fixture);
  const index = text.split(/\r?\n/).findIndex(pick);
  assert.ok(index >= 0, `${fixture} has the line looked for`);
  return tokenize(text)[index]!;
}

/** scopesOf is the scopes of the token that starts with `fragment` (the whole token text, or its beginning). */
function scopesOf(tokens: Token[], fragment: string): readonly string[] {
  const exact = tokens.find((t) => t.text === fragment) ?? tokens.find((t) => t.text.startsWith(fragment));
  assert.ok(exact, `a token ${JSON.stringify(fragment)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return exact.scopes;
}

function assertScope(tokens: Token[], fragment: string, scope: string): void {
  const scopes = scopesOf(tokens, fragment);
  assert.ok(
    scopes.some((s) => s === scope || s.startsWith(`${scope}.`)),
    `${JSON.stringify(fragment)} should be ${scope}, is ${scopes.join(' ')}`,
  );
}

function assertNotScope(tokens: Token[], fragment: string, scope: string): void {
  const scopes = scopesOf(tokens, fragment);
  assert.ok(!scopes.some((s) => s.startsWith(scope)), `${JSON.stringify(fragment)} should not be ${scope}, is ${scopes.join(' ')}`);
}

describe('goroutine-dump grammar on real dumps', () => {
  test('package.json declares the grammar for the language', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars: { language: string; scopeName: string; path: string }[] };
    };
    const entry = pkg.contributes.grammars.find((g) => g.language === 'goroutine-dump');
    assert.deepEqual(entry, { language: 'goroutine-dump', scopeName: SCOPE, path: './syntaxes/goroutine-dump.tmLanguage.json' });
  });

  test('a goroutine header: id, state, wait minutes', () => {
    const tokens = lineOf('zoo.debug2.txt', (l) => /^goroutine \d+ \[IO wait, \d+ minutes\]:$/.test(l) || l === 'goroutine 1 [IO wait]:');
    assertScope(tokens, 'goroutine', 'keyword.control.goroutine');
    assertScope(tokens, '1', 'constant.numeric.integer.goroutine-id');
    assertScope(tokens, 'IO wait', 'entity.name.tag.state');
    assertScope(tokens, '[', 'punctuation.definition.state.begin');
  });

  test('wait minutes, locked to thread, and the leaked mark', () => {
    const created = 'hand-written/hand-go121-created-in-goroutine.txt';
    const minutes = lineOf(created, (l) => /^goroutine \d+ \[IO wait, \d+ minutes, locked to thread\]:$/.test(l));
    assertScope(minutes, 'IO wait', 'entity.name.tag.state');
    assertScope(minutes, '12', 'constant.numeric.integer.minutes');
    assertScope(minutes, 'minutes', 'keyword.other.unit');
    assertScope(minutes, 'locked to thread', 'storage.modifier.locked');
    const leaked = lineOf('hand-written/hand-leaked.debug2.txt', (l) => l.includes('(leaked)'));
    assertScope(leaked, '(leaked)', 'invalid.illegal.leaked');
    const noCases = lineOf(created, (l) => l.includes('[select (no cases)'));
    assertScope(noCases, 'select (no cases)', 'entity.name.tag.state');
  });

  test('gp= and m= in a traceback header', () => {
    const tokens = lineOf('hand-written/hand-gp-m.txt', (l) => l.startsWith('goroutine 18 gp='));
    assertScope(tokens, 'gp', 'variable.other.property');
    assertScope(tokens, '0xc000102000', 'constant.numeric');
    assertScope(tokens, 'nil', 'constant.language.nil');
    assertScope(tokens, 'chan receive', 'entity.name.tag.state');
  });

  test('labels in a header', () => {
    const tokens = lineOf('hand-written/hand-labels-go127.txt', (l) => l.includes('labels:{"tenant"'));
    assertScope(tokens, 'labels:', 'keyword.other.labels');
    assertScope(tokens, '"tenant"', 'variable.other.label-key');
    assertScope(tokens, '"acme"', 'string.quoted.double');
  });

  test('a frame: package, receiver, method, dimmed arguments', () => {
    const tokens = lineOf('transport-leak.debug2.txt', (l) => l.startsWith('net/http.(*persistConn).readLoop('));
    assertScope(tokens, 'net/http', 'entity.name.namespace');
    assertScope(tokens, '(*persistConn)', 'entity.name.type.receiver');
    assertScope(tokens, '(*persistConn)', 'entity.name.function');
    assertScope(tokens, '.readLoop', 'entity.name.function');
    assertScope(tokens, '0xc', 'comment.other.arguments');
  });

  test('generics, closures and gowrap', () => {
    const created = 'hand-written/hand-go121-created-in-goroutine.txt';
    const generic = lineOf(created, (l) => l.startsWith('main.Map[...]('));
    assertScope(generic, 'main', 'entity.name.namespace');
    assertScope(generic, '[...]', 'punctuation.definition.type-parameters');
    const closure = lineOf(created, (l) => l.startsWith('main.F.func1.2('));
    assertScope(closure, '.func1', 'storage.type.function.closure');
    const gowrap = lineOf(created, (l) => l.startsWith('main.run.gowrap1('));
    assertScope(gowrap, '.gowrap1', 'storage.type.function.closure');
    const module = lineOf('hand-written/hand-trimpath.txt', (l) => l.startsWith('example.org/kit/v2/pool.(*Pool).reaper('));
    assertScope(module, 'example.org/kit/v2/pool', 'entity.name.namespace');
  });

  test('a file line: path, line number, offset, fp/sp/pc', () => {
    const plain = lineOf('transport-leak.debug2.txt', (l) => /^\t\/.*transport\.go:\d+ \+0x/.test(l));
    assertScope(plain, '/usr/lib/go-1.19/src/net/http/transport.go', 'string.unquoted.path');
    assertScope(plain, ':', 'punctuation.separator.line');
    assertScope(plain, '+0x', 'constant.numeric.hex.offset');
    const system = lineOf('sigquit.traceback.txt', (l) => l.includes(' fp=0x'));
    assertScope(system, '/usr/lib/go-1.19/src/runtime/sys_linux_amd64.s', 'string.unquoted.path');
    assertScope(system, '559', 'constant.numeric.integer.line');
    assertScope(system, ' fp=', 'comment.other.registers');
    const inlined = lineOf('transport-leak.debug2.txt', (l) => /^\t\/\S+\.go:\d+$/.test(l));
    assertScope(inlined, '\t', 'meta.file-line');
  });

  test('Windows paths (with spaces), -trimpath paths, tabs turned into spaces', () => {
    const windows = lineOf('hand-written/hand-windows-crlf.txt', (l) => l.startsWith('\tC:/Program Files/Go/src/runtime/netpoll.go:'));
    assertScope(windows, 'C:/Program Files/Go/src/runtime/netpoll.go', 'string.unquoted.path');
    assertScope(windows, '305', 'constant.numeric.integer.line');
    const trimpath = lineOf('hand-written/hand-trimpath.txt', (l) => l.startsWith('\texample.com/mod/cmd/api/main.go:'));
    assertScope(trimpath, 'example.com/mod/cmd/api/main.go', 'string.unquoted.path');
    const spaces = lineOf('hand-written/hand-tabs-to-spaces.txt', (l) => l.startsWith('    /usr/lib/go-1.19/src/runtime/netpoll.go:'));
    assertScope(spaces, '/usr/lib/go-1.19/src/runtime/netpoll.go', 'string.unquoted.path');
  });

  test('created by … in goroutine N', () => {
    const tokens = lineOf('hand-written/hand-go121-created-in-goroutine.txt', (l) => /^created by main\..* in goroutine \d+$/.test(l));
    assertScope(tokens, 'created by', 'keyword.control.created-by');
    assertScope(tokens, 'in goroutine', 'keyword.control.in-goroutine');
    assertScope(tokens, 'main', 'entity.name.namespace');
    const old = lineOf('transport-leak.debug2.txt', (l) => l === 'created by net/http.(*Transport).dialConn');
    assertScope(old, 'net/http', 'entity.name.namespace');
    assertScope(old, '(*Transport)', 'entity.name.type.receiver');
  });

  test('debug=1: profile header, records, labels, # frames', () => {
    const header = lineOf('zoo.debug1.txt', (l) => l.startsWith('goroutine profile: total'));
    assertScope(header, 'goroutine profile:', 'keyword.control.profile');
    assertScope(header, '162', 'constant.numeric.integer.count');
    const record = lineOf('zoo.debug1.txt', (l) => / @ 0x/.test(l));
    assertScope(record, '40', 'constant.numeric.integer.count');
    assertScope(record, '@', 'keyword.operator.at');
    assertScope(record, ' 0x', 'comment.other.pcs');
    const frame = lineOf('zoo.debug1.txt', (l) => l.startsWith('#\t') && l.includes('net/http.(*persistConn).readLoop+'));
    assertScope(frame, '#', 'punctuation.definition.record');
    assertScope(frame, '0x', 'comment.other.pc');
    assertScope(frame, 'net/http', 'entity.name.namespace');
    assertScope(frame, '.readLoop', 'entity.name.function');
    assertScope(frame, '+0x', 'constant.numeric.hex.offset');
    assertScope(frame, '/usr/lib/go-1.19/src/net/http/transport.go', 'string.unquoted.path');
    const labels = lineOf('zoo.debug1.txt', (l) => l.startsWith('# labels:'));
    assertScope(labels, 'labels:', 'keyword.other.labels');
    assertScope(labels, '"tenant"', 'variable.other.label-key');
    const leak = lineOf('hand-written/hand-leaked.debug1.txt', (l) => l.startsWith('goroutineleak profile:'));
    assertScope(leak, 'goroutineleak profile:', 'keyword.control.profile');
  });

  test('panic, fatal error, signal, SIGQUIT, data race, runtime stack', () => {
    assertScope(
      lineOf('nilderef.traceback.txt', (l) => l.startsWith('panic: ')),
      'panic: ',
      'invalid.illegal.panic',
    );
    assertScope(
      lineOf('nilderef.traceback.txt', (l) => l.startsWith('[signal ')),
      '[signal',
      'invalid.illegal.signal',
    );
    assertScope(
      lineOf('panic-recovered.traceback.txt', (l) => l.startsWith('\tpanic: ')),
      '\tpanic: ',
      'invalid.illegal.panic',
    );
    assertScope(
      lineOf('stackoverflow.traceback.txt', (l) => l.startsWith('fatal error: ')),
      'fatal error: ',
      'invalid.illegal.fatal-error',
    );
    assertScope(
      lineOf('stackoverflow.traceback.txt', (l) => l === 'runtime stack:'),
      'runtime stack:',
      'keyword.control.runtime-stack',
    );
    assertScope(
      lineOf('sigquit.traceback.txt', (l) => l === 'SIGQUIT: quit'),
      'SIGQUIT: quit',
      'invalid.illegal.signal',
    );
    assertScope(
      lineOf('race.traceback.txt', (l) => l === 'WARNING: DATA RACE'),
      'WARNING: DATA RACE',
      'invalid.illegal.data-race',
    );
    assertScope(
      lineOf('race.traceback.txt', (l) => l.startsWith('Previous write at ')),
      'Previous write',
      'markup.heading.race',
    );
    const registers = lineOf('sigquit.traceback.txt', (l) => l.startsWith('rax '));
    assertScope(registers, 'rax', 'variable.other.register');
    assertScope(registers, '0xca', 'constant.numeric.hex');
  });

  test('elided frames, ancestry, non-Go functions, stacks unavailable', () => {
    assertScope(
      lineOf('zoo.debug2.txt', (l) => l === '...additional frames elided...'),
      '...additional',
      'comment.line.elided',
    );
    assertScope(
      lineOf('hand-written/hand-go121-created-in-goroutine.txt', (l) => l === '...12 frames elided...'),
      '...12',
      'comment.line.elided',
    );
    const ancestry = lineOf('panic-ancestors.traceback.txt', (l) => l.startsWith('[originating from goroutine'));
    assertScope(ancestry, 'originating from goroutine', 'keyword.control.ancestry');
    assertScope(ancestry, '1', 'constant.numeric.integer.goroutine-id');
    const cgo = 'hand-written/hand-go122-runtime-throw.txt';
    assertScope(
      lineOf(cgo, (l) => l === 'non-Go function'),
      'non-Go function',
      'comment.line.non-go',
    );
    assertScope(
      lineOf(cgo, (l) => l.trim() === 'goroutine running on other thread; stack unavailable'),
      '\tgoroutine running',
      'comment.line.stack-unavailable',
    );
    const throwFrame = lineOf(cgo, (l) => l.startsWith('runtime.throw({'));
    assertScope(throwFrame, 'runtime', 'entity.name.namespace');
    assertScope(throwFrame, '{0x', 'comment.other.arguments');
  });

  test('a log prefix is dimmed and the rest of the line still reads as a dump', () => {
    const log = 'hand-written/hand-log-prefixed.txt';
    const header = lineOf(log, (l) => l.endsWith(' goroutine 1 [running]:'));
    assertScope(header, '2026-11-27T03:14:15.926Z', 'comment.line.log-prefix');
    assertScope(header, 'goroutine', 'keyword.control.goroutine');
    assertScope(header, 'running', 'entity.name.tag.state');
    const file = lineOf(log, (l) => l.endsWith('main.go:138 +0xcb'));
    assertScope(file, '/work/main/test/go/crash/main.go', 'string.unquoted.path');
    assertScope(file, '138', 'constant.numeric.integer.line');
    const call = lineOf(log, (l) => l.endsWith(' main.parsePort({0x49d281, 0x4})'));
    assertScope(call, 'main', 'entity.name.namespace');
    assertScope(call, 'parsePort', 'entity.name.function');
    const panic = lineOf(log, (l) => l.includes(' panic: '));
    assertScope(panic, 'panic: ', 'invalid.illegal.panic');
    const json = lineOf(log, (l) => l.includes('"msg":"starting orders-api"'));
    assertNotScope(json, '{"level"', 'entity.name.function');
  });

  test('CRLF lines tokenize like LF lines', () => {
    const crlf = fixtureText('hand-written/hand-windows-crlf.txt');
    assert.ok(crlf.includes('\r\n'));
    const tokens = tokenize(crlf)[0]!;
    assertScope(tokens, 'goroutine', 'keyword.control.goroutine');
    assertScope(tokens, 'IO wait', 'entity.name.tag.state');
  });

  test('text that is not a dump gets no dump scopes', () => {
    for (const line of tokenize('hello world\nsee main.go for details\nGET /debug/pprof/goroutine?debug=2 200')) {
      for (const t of line) assert.deepEqual(t.scopes, [SCOPE], `${JSON.stringify(t.text)}: ${t.scopes.join(' ')}`);
    }
  });

  test('every real dump line tokenizes quickly', () => {
    const text = fixtureText('zoo.debug2.txt');
    const started = performance.now();
    const lines = tokenize(text);
    const elapsed = performance.now() - started;
    assert.ok(lines.length > 3000);
    assert.ok(elapsed < 2000, `${elapsed} ms for ${lines.length} lines`);
  });
});
