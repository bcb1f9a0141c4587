import { EXIT, UsageError, processIo, writeAll, type CliIo } from './io';
import { isLensError } from '../core/errors';
import { escapeControls } from '../core/terminal';

const USAGE = `Usage:
  goroutine-lens analyze <file|url|-> [--format text|json] [--group exact|function|state] [--diff <older-file|url>]
                         [--timeout SECONDS] [--header 'Name: value' | --header @file]…
  goroutine-lens scan [dir…] [--format text|json|sarif] [--fail-on warning|information|hint|never] [--include-tests] [--exclude <glob>]… [--fix]
  goroutine-lens --help | --version
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * COMMANDS maps each subcommand to its runner, loaded on first use: `scan`
 * in CI should not pay for loading the dump parser and the HTTP client.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import('./analyze.js')).runAnalyze,
  scan: async () => (await import('./scan.js')).runScan,
};

/** main runs the CLI and resolves to its exit status (0 clean, 1 findings, 2 usage or input error; docs/cli.md). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await writeAll(name === undefined ? io.stderr : io.stdout, USAGE);
    return name === undefined ? EXIT.usage : EXIT.clean;
  }
  if (name === '--version' || name === '-v') {
    await writeAll(io.stdout, `${VERSION}\n`);
    return EXIT.clean;
  }
  const load = COMMANDS[name];
  try {
    if (!load) throw new UsageError(`unknown command ${JSON.stringify(name)}: expected analyze or scan (see --help)`);
    return await (
      await load()
    )(rest, io);
  } catch (err) {
    if (err instanceof UsageError || isLensError(err)) {
      await writeAll(io.stderr, escapeControls(`goroutine-lens: ${err.message}\n`));
      return EXIT.usage;
    }
    throw err;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(escapeControls(`goroutine-lens: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`));
      process.exitCode = EXIT.usage;
    },
  );
}
