import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** ROOT is the repository, found from the compiled test's place (out/test/support). */
export const ROOT = resolve(__dirname, '..', '..', '..');
export const DUMPS = join(ROOT, 'test', 'fixtures', 'dumps');

/** fixturePath is the path of a dump fixture (`zoo.debug2.txt`, `hand-written/hand-gp-m.txt`). */
export function fixturePath(name: string): string {
  return join(DUMPS, name);
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixtureBytes(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

/** ManifestEntry describes a fixture dump: where it came from and facts a test can check (MANIFEST.json). */
export interface ManifestEntry {
  file: string;
  format: 'debug2' | 'debug1' | 'debug0' | 'traceback';
  source: 'real' | 'hand-written';
  program?: string;
  command?: string;
  notes?: string;
  expect: Record<string, unknown>;
}

export function manifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(join(DUMPS, 'MANIFEST.json'), 'utf8')) as ManifestEntry[];
}
