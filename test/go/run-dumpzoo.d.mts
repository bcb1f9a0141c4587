// Types for run-dumpzoo.mjs, so TypeScript tests can import it.

/** A running dumpzoo process. */
export interface Dumpzoo {
  /** e.g. "http://127.0.0.1:40123"; the pprof handlers are under /debug/pprof/. */
  baseUrl: string;
  pid: number;
  /** The command-line arguments it was started with. */
  args: string[];
  /** Stops the process (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface DumpzooOptions {
  /** Keep-alive connections leaked through a Transport built per call (default 40). */
  leaks?: number;
  /** Also park the zoo of goroutines in every wait state (default true). */
  zoo?: boolean;
  /** How long to wait for the "listening on" line after the start (default 30000). */
  timeoutMs?: number;
}

/** Builds dumpzoo (cached in os.tmpdir()), starts it on 127.0.0.1:0 and waits until it listens. */
export function startDumpzoo(options?: DumpzooOptions): Promise<Dumpzoo>;

/** Builds test/go/<name> once per source hash and returns the binary's path. */
export function buildProgramSync(name: string, options?: { race?: boolean }): string;

/** Directory of one of the Go programs under test/go ("dumpzoo", "crash"). */
export function programDir(name: string): string;

/** The environment the go command is run in. */
export function goEnv(options?: { cgo?: boolean }): NodeJS.ProcessEnv;

/** Path of the go command; throws a clear error when there is none. */
export function findGo(): string;

/** The toolchain's version, e.g. "go1.19.8". */
export function goVersion(): string;

/** Whether `go build -race` works on this machine. */
export function raceSupported(): boolean;
