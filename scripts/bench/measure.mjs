// measure.mjs runs one command under GNU time and reports its wall time and
// peak resident set size. GNU time reads the child's rusage from wait4(), so
// the peak is the kernel's own high-water mark (ru_maxrss) of the process
// (and of any descendants it waited for), not a sample that may miss a spike.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** GNU_TIME is the Debian package `time`'s binary; the shell builtin `time` cannot report memory. */
export const GNU_TIME = '/usr/bin/time';

/** GNU_TIME_PACKAGE is the Debian package that provides GNU_TIME. */
export const GNU_TIME_PACKAGE = 'time';

/** hasGnuTime tells whether GNU_TIME is GNU time (busybox and BSD time lack `-f %M`). */
export function hasGnuTime() {
  const r = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && /GNU/.test(`${r.stdout}${r.stderr}`);
}

/** hasCommand tells whether a command is on PATH. */
export function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

let counter = 0;

/**
 * measure runs `command args…` with stdout to stdoutPath ('/dev/null' to drop
 * it), stderr kept (its last 4 KB), and resolves to
 * { wallS, peakRssBytes, cpuS, exitCode, signal, timedOut, stderr }.
 * wallS is measured here around the whole child (GNU time's own %e has only
 * centiseconds); the child runs in its own process group so a timeout kills
 * all of it.
 */
export function measure(command, args, { cwd, stdoutPath = '/dev/null', timeoutS = 1800, env = process.env } = {}) {
  const statsPath = join(tmpdir(), `goroutine-lens-bench-${process.pid}-${counter++}.time`);
  const out = openSync(stdoutPath, 'w');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(GNU_TIME, ['-f', '%M %U %S', '-o', statsPath, '--', command, ...args], {
      cwd,
      env,
      stdio: ['ignore', out, 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutS * 1000);
    child.on('error', (err) => {
      clearTimeout(timer);
      closeSync(out);
      reject(err);
    });
    child.on('close', (code, signal) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      clearTimeout(timer);
      closeSync(out);
      let peakRssBytes = null;
      let cpuS = null;
      let exitCode = code;
      try {
        // GNU time writes "Command exited with non-zero status N" (or
        // "Command terminated by signal N") before the format line.
        const lines = readFileSync(statsPath, 'utf8').trim().split('\n');
        const status = /non-zero status (\d+)/.exec(lines.join('\n'));
        if (status) exitCode = Number(status[1]);
        const [maxKb, user, sys] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
        if (Number.isFinite(maxKb)) peakRssBytes = maxKb * 1024;
        if (Number.isFinite(user) && Number.isFinite(sys)) cpuS = user + sys;
      } catch {
        // no stats: the child was killed before GNU time could write them
      }
      rmSync(statsPath, { force: true });
      resolve({ wallS, peakRssBytes, cpuS, exitCode, signal, timedOut, stderr: stderr.trim() });
    });
  });
}
