import { setFlagsFromString } from 'node:v8';
import { dirname, join, relative, resolve } from 'node:path';
import { oneOf, parseCommandArgs } from './args';
import { EXIT, writeAll, type CliIo } from './io';
import { directorySource, loadGo, type ScanProblem } from '../core/go';
import { isUnder, toSlash } from '../core/go/paths';
import {
  SEVERITY_RANK,
  displayPath,
  fixFiles,
  hoistTransport,
  scanTree,
  toJson,
  toSarif,
  toText,
  type FixTarget,
  type ScanResult,
  type ScannedFinding,
  type Severity,
  type TextEdit,
} from '../core/transport';
import { escapeControls, escapeJson } from '../core/terminal';

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['warning', 'information', 'hint', 'never'] as const;

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

/**
 * runScan is `goroutine-lens scan [dir…]` (docs/cli.md): the Transport-per-call
 * analyzer over each directory tree. Exit status 0 when no finding reaches
 * `--fail-on`, 1 when one does, 2 on a usage or input error or when
 * `--fix` could not write a file it should have fixed. `--fix` applies every
 * available hoist first (core/transport/fix.ts), then reports what remains.
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
        'Finds net/http Transports built per call (rule transport-per-call). Exit status: 0 clean, 1 findings at or above --fail-on (default warning), 2 usage or input error, or a file --fix could not write.\n',
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
  let fixFailed = false;
  if (values.fix) {
    const fixed = await fixInPlace(result, absolute, options);
    for (const o of fixed)
      if (o.status !== 'unchanged')
        await writeAll(io.stderr, escapeControls(`goroutine-lens: ${displayPath(shown.get(o.root) ?? o.root, o.file)}: ${o.message}\n`));
    fixFailed = fixed.some((o) => o.status === 'failed');
    if (fixed.some((o) => o.status === 'fixed')) result = await scanTree(absolute, options);
  }
  const findings = result.findings.map((f) => ({ ...f, root: shown.get(f.root) ?? f.root }));
  const problems = result.problems.map((p) => locate(p, absolute, shown));
  // The text report lists them itself; the JSON and SARIF documents do too, and a CI log shows these lines.
  if (format !== 'text') for (const p of problems) await writeAll(io.stderr, escapeControls(`goroutine-lens: ${p.shownPath}: not checked: ${p.message}\n`));

  if (format === 'json') {
    await writeAll(io.stdout, escapeJson(`${JSON.stringify(toJson(findings, result.problems), null, 2)}\n`));
  } else if (format === 'sarif') {
    const go = findings.some((f) => f.fixAvailable) ? await loadGo() : undefined;
    const fixes = (f: ScannedFinding): TextEdit[] | undefined => {
      if (!go) return undefined;
      const root = resolve(io.cwd, f.root);
      return hoistTransport(go, directorySource(root, dirname(join(root, f.file))), f, { includeTests })?.edits;
    };
    await writeAll(io.stdout, escapeJson(`${JSON.stringify(toSarif(findings, given, VERSION, fixes, problems), null, 2)}\n`));
  } else {
    await writeAll(
      io.stdout,
      escapeControls(
        toText(
          findings,
          result.filesSeen,
          problems.map((p) => ({ path: p.shownPath, message: p.message })),
        ),
      ),
    );
  }
  // Files the scan could not check do not change the exit status: a parse
  // over the time limit depends on the machine's load, and a CI run must not
  // fail or pass by chance. They are listed in every format instead.
  if (fixFailed) return EXIT.usage;
  if (failOn === 'never') return EXIT.clean;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT.findings : EXIT.clean;
}

/**
 * fixInPlace applies fix-all to every file with a fixable finding, safely
 * (see core/transport/fix.ts): atomic replacement, never through a link nor outside
 * the scanned directories, a changed file left alone.
 */
async function fixInPlace(result: ScanResult, roots: readonly string[], options: { includeTests: boolean }) {
  const targets = new Map<string, FixTarget>();
  for (const f of result.findings) if (f.fixAvailable) targets.set(join(f.root, f.file), { root: f.root, file: f.file });
  if (targets.size === 0) return [];
  return fixFiles(await loadGo(), [...targets.values()], roots, options);
}

/** locate places a problem under the scanned directory it belongs to, as the user named it. */
function locate(p: ScanProblem, roots: readonly string[], shown: ReadonlyMap<string, string>) {
  const root = roots.filter((r) => isUnder(p.path, r)).sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return { file: p.path, shownPath: p.path, reason: p.reason, message: p.message };
  const file = toSlash(relative(root, p.path)) || '.';
  const given = shown.get(root) ?? root;
  return { root: given, file, shownPath: displayPath(given, file), reason: p.reason, message: p.message };
}
