import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { dirname, join, resolve } from 'node:path';
import { oneOf, parseCommandArgs } from './args';
import { EXIT, writeAll, type CliIo } from './io';
import {
  SEVERITY_RANK,
  applyEdits,
  directorySource,
  fixAllInFile,
  hoistTransport,
  loadGo,
  scanTree,
  toJson,
  toSarif,
  toText,
  type ScanResult,
  type ScannedFinding,
  type Severity,
  type TextEdit,
} from '../core/go';

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['warning', 'information', 'hint', 'never'] as const;

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

/**
 * runScan is `goroutine-lens scan [dir…]` (SPEC §5): the Transport-per-call
 * analyzer over each directory tree. Exit status 0 when no finding reaches
 * `--fail-on`, 1 when one does, 2 on a usage or input error. `--fix`
 * applies every available hoist in place first, then reports what remains.
 */
export async function runScan(args: string[], io: CliIo): Promise<number> {
  // A scan is a short-lived process that parses a handful of files: V8's
  // tier-up of the grammar's WASM to optimised code costs more than it saves
  // here (measured on the Go standard library: first parses 70 ms → 21 ms).
  // Must be set before the WASM is compiled; the extension keeps the default.
  setFlagsFromString('--liftoff-only');
  const { values, positionals } = parseCommandArgs('scan', args, {
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    'include-tests': { type: 'boolean' },
    fix: { type: 'boolean' },
    exclude: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    await writeAll(
      io.stdout,
      'Usage: goroutine-lens scan [dir…] [--format text|json|sarif] [--fail-on warning|information|hint|never] [--include-tests] [--exclude <glob>]… [--fix]\n' +
        'Finds net/http Transports built per call (rule transport-per-call). Exit status: 0 clean, 1 findings at or above --fail-on (default warning), 2 usage or input error.\n',
    );
    return EXIT.clean;
  }
  const format = oneOf('format', values.format, FORMATS, 'text');
  const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON, 'warning');
  const includeTests = values['include-tests'] ?? false;
  const given = positionals.length > 0 ? positionals : ['.'];
  const absolute = given.map((d) => resolve(io.cwd, d));
  const shown = new Map(absolute.map((abs, i) => [abs, given[i]!]));
  const options = { includeTests, exclude: values.exclude ?? [] };

  let result = await scanTree(absolute, options);
  if (values.fix) {
    const fixed = await fixInPlace(result, options);
    for (const line of fixed.messages) await writeAll(io.stderr, `goroutine-lens: ${line}\n`);
    if (fixed.files > 0) result = await scanTree(absolute, options);
  }
  const findings = result.findings.map((f) => ({ ...f, root: shown.get(f.root) ?? f.root }));
  for (const p of result.problems) await writeAll(io.stderr, `goroutine-lens: ${p.path}: ${p.message}\n`);

  if (format === 'json') {
    await writeAll(io.stdout, `${JSON.stringify(toJson(findings, result.problems), null, 2)}\n`);
  } else if (format === 'sarif') {
    const go = findings.some((f) => f.fixAvailable) ? await loadGo() : undefined;
    const fixes = (f: ScannedFinding): TextEdit[] | undefined => {
      if (!go) return undefined;
      const root = resolve(io.cwd, f.root);
      return hoistTransport(go, directorySource(root, dirname(join(root, f.file))), f, { includeTests })?.edits;
    };
    await writeAll(io.stdout, `${JSON.stringify(toSarif(findings, given, VERSION, fixes), null, 2)}\n`);
  } else {
    await writeAll(io.stdout, toText(findings, result.filesSeen));
  }
  if (failOn === 'never') return EXIT.clean;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT.findings : EXIT.clean;
}

/**
 * fixInPlace applies fix-all to every file with a fixable finding. A file
 * whose bytes do not survive decoding (invalid UTF-8, a BOM) is left alone
 * rather than rewritten with replacement characters.
 */
async function fixInPlace(result: ScanResult, options: { includeTests: boolean }): Promise<{ files: number; messages: string[] }> {
  const targets = new Map<string, { root: string; file: string }>();
  for (const f of result.findings) if (f.fixAvailable) targets.set(join(f.root, f.file), { root: f.root, file: f.file });
  const messages: string[] = [];
  if (targets.size === 0) return { files: 0, messages };
  const go = await loadGo();
  let files = 0;
  for (const [path, { root, file }] of targets) {
    const original = readFileSync(path);
    const text = new TextDecoder('utf-8').decode(original);
    if (!Buffer.from(text, 'utf8').equals(original)) {
      messages.push(`${path}: not fixed: the file is not plain UTF-8, and rewriting it would change bytes the fix does not touch`);
      continue;
    }
    const edits = fixAllInFile(go, directorySource(root, dirname(path)), file, options);
    if (edits.length === 0) continue;
    writeFileSync(path, applyEdits(text, edits));
    files++;
    messages.push(`${path}: hoisted the Transport${edits.length === 1 ? '' : 's'} to package level`);
  }
  return { files, messages };
}
