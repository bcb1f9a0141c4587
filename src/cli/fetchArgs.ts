import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FetchOptions } from '../core/fetch/fetch';
import { UsageError } from './io';

/** TOKEN is an HTTP header name (RFC 9110 §5.6.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** CONTROL finds what no header value may hold (CR and LF would split the request). */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * fetchOptionsFromArgs turns `--timeout SECONDS` and the repeatable
 * `--header 'Name: value'` / `--header @file` into FetchOptions. A file holds
 * one `Name: value` per line (blank lines and `#` comments skipped), so that a
 * token never needs to be on the command line:
 * `--header @<(printf 'Authorization: Bearer %s' "$TOKEN")`. Errors name the
 * header or the file and line, never a value.
 */
export function fetchOptionsFromArgs(values: { timeout?: string | undefined; header?: string[] | undefined }, cwd: string): Partial<FetchOptions> {
  const options: Partial<FetchOptions> = {};
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (values.timeout.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      throw new UsageError(`--timeout expects a number of seconds (0 for none), such as --timeout 60, but got ${JSON.stringify(values.timeout.slice(0, 40))}`);
    }
    options.deadlineMs = Math.round(seconds * 1000);
  }
  const headers: Record<string, string> = {};
  for (const given of values.header ?? []) {
    if (given.startsWith('@')) {
      const path = resolve(cwd, given.slice(1));
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(
          `--header ${given}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'error')})`,
        );
      }
      text.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '' || line.trimStart().startsWith('#')) return;
        addHeader(headers, line, `--header ${given}: line ${i + 1}`);
      });
    } else {
      addHeader(headers, given, '--header');
    }
  }
  if (Object.keys(headers).length > 0) options.headers = headers;
  return options;
}

function addHeader(headers: Record<string, string>, line: string, where: string): void {
  const colon = line.indexOf(':');
  if (colon < 0) throw new UsageError(`${where}: expected "Name: value" (such as "Authorization: Bearer …"), but there is no ":"`);
  const name = line.slice(0, colon).trim();
  const value = line.slice(colon + 1).trim();
  if (!TOKEN.test(name)) throw new UsageError(`${where}: ${JSON.stringify(name.slice(0, 60))} is not a valid header name (expected letters, digits and -)`);
  if (CONTROL.test(value)) throw new UsageError(`${where}: the value of ${name} contains a control character (a line break?), which a header cannot hold`);
  headers[name] = value;
}
