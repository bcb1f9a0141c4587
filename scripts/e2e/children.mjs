// children.mjs starts the long-lived processes of the harness and of
// `npm start` (code-server, the example Go service) so that none outlives us.
//
// Each child leads a process group of its own (`detached: true`), so one
// signal to the group reaches everything it started (code-server's extension
// host, file watcher and pty host). On exit, and on SIGINT, SIGTERM or SIGHUP
// (whose default action would end Node without running 'exit' handlers),
// every group still running is killed.
import { spawn } from 'node:child_process';
import { groupAlive, killGroup, sleep } from './env.mjs';

/** live holds the process-group leaders that are still running. */
const live = new Set();
let hooked = false;

/** SIGNAL_EXIT_CODES are the conventional exit codes after a signal (128 + its number). */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** killAllNow kills every live group at once, synchronously (for exit paths). */
export function killAllNow() {
  for (const pid of live) killGroup(pid, 'SIGKILL');
  live.clear();
}

function hook() {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllNow);
  for (const signal of Object.keys(SIGNAL_EXIT_CODES)) {
    process.on(signal, () => {
      // A second Ctrl+C while we clean up ends at once.
      if (onSignal.length === 0 || onSignal.stopping) {
        killAllNow();
        process.exit(SIGNAL_EXIT_CODES[signal]);
      }
      onSignal.stopping = true;
      Promise.allSettled(onSignal.map((fn) => fn(signal))).finally(() => {
        killAllNow();
        process.exit(SIGNAL_EXIT_CODES[signal]);
      });
    });
  }
}

/**
 * onSignal lists graceful shutdown steps (async functions) run on SIGINT,
 * SIGTERM and SIGHUP before the remaining groups are killed and the process
 * exits with 128 + the signal's number.
 *
 * @type {Array<(signal: string) => Promise<unknown>> & { stopping?: boolean }}
 */
export const onSignal = [];

/**
 * spawnGroup spawns command as the leader of a new process group, tracked
 * until it exits. stop() sends SIGTERM to the leader, waits up to graceMs
 * for it to exit, then kills the whole group (stragglers included).
 *
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 */
export function spawnGroup(command, args, options) {
  hook();
  const child = spawn(command, args, { ...options, detached: true });
  const exited = new Promise((resolve) => {
    child.on('error', (err) => resolve({ code: null, signal: null, error: err }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  if (child.pid) live.add(child.pid);
  exited.then(() => {
    // Children of the leader may outlive it; the group is ours to end.
    if (child.pid && groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
    live.delete(child.pid);
  });

  let stopping;
  /** stop ends the group: SIGTERM to the leader, then SIGKILL to the group after graceMs. */
  const stop = (graceMs = 8000) => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
        if (timedOut) killGroup(child.pid, 'SIGKILL');
        await exited;
      }
      if (child.pid) {
        for (let i = 0; i < 50 && groupAlive(child.pid); i++) {
          killGroup(child.pid, 'SIGKILL');
          await sleep(100);
        }
        live.delete(child.pid);
      }
    })();
    return stopping;
  };
  return { child, exited, stop };
}
