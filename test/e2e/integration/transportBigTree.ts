/**
 * transportBigTree.ts writes a large Go module for the "large workspace"
 * measurement (issue 5, point 5): by default 10 000 .go files in 500
 * packages of 20 files, about 3 KB each, shaped like ordinary service code.
 * Every tenth package has one function that builds an http.Transport per
 * call (the findings the scan must report), one that shares a package-level
 * Transport (not flagged) and one that names Transport without importing
 * net/http (prefiltered out); a vendor/ copy of a leaky package must be
 * skipped. Plain Node: used by the integration test in the extension host
 * and by the unit tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BigTreeOptions {
  /** How many .go files in all (a multiple of perPackage; default 10 000). */
  readonly files?: number;
  /** Files per package directory (default 20). */
  readonly perPackage?: number;
}

/** BigTree is what was written and what a scan of it must report. */
export interface BigTree {
  readonly root: string;
  readonly files: number;
  readonly packages: number;
  /** Files with a per-call Transport, relative to root with `/`: one finding each, at `expectedLine` (1-based). */
  readonly leaky: readonly string[];
  readonly expectedLine: number;
}

const LEAKY_FUNCTION_LINE = 13;

function leakyFile(pkg: string): string {
  return `package ${pkg}

import (
	"io"
	"net/http"
	"time"
)

// fetchLeaky builds a new Transport on every call: the finding the scan must report.
func fetchLeaky(url string) (int64, error) {
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 2},
	}
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return io.Copy(io.Discard, resp.Body)
}
`;
}

function sharedFile(pkg: string): string {
  return `package ${pkg}

import "net/http"

// sharedTransport is built once, at package level: not flagged.
var sharedTransport = &http.Transport{MaxIdleConns: 10}

var sharedClient = &http.Client{Transport: sharedTransport}

// get uses the shared client.
func get(url string) (*http.Response, error) {
	return sharedClient.Get(url)
}
`;
}

function plainFile(pkg: string, n: number, mentionsTransport: boolean): string {
  const lines = [`package ${pkg}`, '', 'import (', '\t"fmt"', '\t"sort"', '\t"strings"', ')', ''];
  if (mentionsTransport) lines.push('// Transport is a word this file uses without importing net/http: the prefilter rules it out.');
  lines.push(
    `// record${n} is one row of the report this file builds.`,
    `type record${n} struct {`,
    '\tname  string',
    '\tcount int',
    '\ttags  []string',
    '}',
    '',
  );
  for (let f = 0; f < 6; f++) {
    lines.push(
      `// summarize${n}x${f} joins the names of the records with at least min entries.`,
      `func summarize${n}x${f}(records []record${n}, min int) string {`,
      '\tvar names []string',
      '\tfor _, r := range records {',
      '\t\tif r.count < min {',
      '\t\t\tcontinue',
      '\t\t}',
      '\t\tnames = append(names, fmt.Sprintf("%s(%d)", r.name, r.count))',
      '\t\tfor _, t := range r.tags {',
      '\t\t\tnames = append(names, strings.ToUpper(t))',
      '\t\t}',
      '\t}',
      '\tsort.Strings(names)',
      '\treturn strings.Join(names, ", ")',
      '}',
      '',
    );
  }
  return lines.join('\n');
}

/** writeBigGoTree writes the module under root (which must be empty or absent). */
export function writeBigGoTree(root: string, options: BigTreeOptions = {}): BigTree {
  const perPackage = options.perPackage ?? 20;
  const total = options.files ?? 10_000;
  const packages = Math.ceil(total / perPackage);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'go.mod'), 'module example.com/big\n\ngo 1.19\n');
  const leaky: string[] = [];
  let written = 0;
  for (let p = 0; p < packages; p++) {
    const pkg = `svc${String(p).padStart(3, '0')}`;
    const dir = join(root, 'services', pkg);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < perPackage && written < total; f++, written++) {
      const name = `part${String(f).padStart(2, '0')}.go`;
      let text: string;
      if (p % 10 === 0 && f === 0) {
        text = leakyFile(pkg);
        leaky.push(`services/${pkg}/${name}`);
      } else if (p % 10 === 0 && f === 1) text = sharedFile(pkg);
      else text = plainFile(pkg, f, p % 10 === 0 && f === 2);
      writeFileSync(join(dir, name), text);
    }
  }
  // A vendored leaky package: the scan skips vendor/ as the go tool does.
  mkdirSync(join(root, 'vendor', 'example.com', 'dep'), { recursive: true });
  writeFileSync(join(root, 'vendor', 'example.com', 'dep', 'dep.go'), leakyFile('dep'));
  return { root, files: written, packages, leaky, expectedLine: LEAKY_FUNCTION_LINE };
}
