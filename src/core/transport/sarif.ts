/**
 * sarif.ts writes scan results as SARIF 2.1.0 for code-scanning tools: one
 * run, tool.driver "goroutine-lens" with the rule's metadata and help link,
 * results with their level, location, related locations and — where a hoist
 * is available — the fix as artifact changes. Columns are UTF-16 code units
 * (`columnKind: utf16CodeUnits`), 1-based, end exclusive.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { HOIST_TITLE, RULE_HELP_URI, TRANSPORT_RULE, type Range, type Severity, type TextEdit } from './model';
import type { ScannedFinding } from './scan';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** RULE_DESCRIPTOR is the rule's metadata, shared with the README's section on the rule. */
export const RULE_DESCRIPTOR = {
  id: TRANSPORT_RULE,
  name: 'TransportPerCall',
  shortDescription: { text: 'http.Transport constructed per call leaks idle connections and goroutines' },
  fullDescription: {
    text:
      'A net/http (or golang.org/x/net/http2) Transport built inside a function keeps its own pool of idle keep-alive ' +
      'connections, each held by two goroutines (readLoop and writeLoop), that no later call reuses. Create the Transport ' +
      'once, at package level, and reuse it.',
  },
  helpUri: RULE_HELP_URI,
  help: {
    text: `Hoist the Transport to a package-level variable and reuse it. See ${RULE_HELP_URI}`,
    markdown: `Hoist the Transport to a package-level variable and reuse it. See [transport-per-call](${RULE_HELP_URI}).`,
  },
  defaultConfiguration: { level: 'warning' },
  properties: { tags: ['go', 'net/http', 'goroutine-leak', 'connection-leak'] },
} as const;

/** sarifLevel maps severities to SARIF levels: information and hint are both `note`. */
export function sarifLevel(severity: Severity): 'warning' | 'note' {
  return severity === 'warning' ? 'warning' : 'note';
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** FixesByFinding gives the hoist edits of a finding (computed by the caller, which has the runtime). */
export type FixLookup = (finding: ScannedFinding) => readonly TextEdit[] | undefined;

/** SarifProblem is a file the scan could not check: under one of the roots (`root` as given and `file` relative to it) or elsewhere (`file` absolute). */
export interface SarifProblem {
  readonly root?: string;
  readonly file: string;
  readonly reason: string;
  readonly message: string;
}

/**
 * toSarif builds the SARIF log. `roots` are the scanned directories, each an
 * `originalUriBaseIds` entry. Files the scan could not check are the run's
 * `invocations[0].toolExecutionNotifications` (level warning, the reason as
 * the descriptor id), which code-scanning tools show as tool warnings.
 */
export function toSarif(
  findings: readonly ScannedFinding[],
  roots: readonly string[],
  version: string,
  fixes: FixLookup = () => undefined,
  problems: readonly SarifProblem[] = [],
) {
  const baseIds = new Map(roots.map((root, i) => [root, i === 0 ? 'SRCROOT' : `SRCROOT${i}`]));
  const location = (root: string, file: string, range: Range) => ({
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file), uriBaseId: baseIds.get(root) ?? 'SRCROOT' },
      region: region(range),
    },
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'goroutine-lens',
            version,
            informationUri: 'https://github.com/goroutine-lens/goroutine-lens',
            rules: [RULE_DESCRIPTOR],
          },
        },
        originalUriBaseIds: Object.fromEntries([...baseIds].map(([root, id]) => [id, { uri: `${pathToFileURL(resolve(root)).href.replace(/\/?$/, '/')}` }])),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: problems.map((p) => ({
              level: 'warning' as const,
              message: { text: `${p.file}: ${p.message}` },
              descriptor: { id: p.reason },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation:
                      p.root === undefined ? { uri: pathToFileURL(p.file).href } : { uri: encodeURI(p.file), uriBaseId: baseIds.get(p.root) ?? 'SRCROOT' },
                  },
                },
              ],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits' as const,
        results: findings.map((f) => {
          const edits = f.fixAvailable ? fixes(f) : undefined;
          return {
            ruleId: TRANSPORT_RULE,
            ruleIndex: 0,
            level: sarifLevel(f.severity),
            message: { text: f.message },
            locations: [location(f.root, f.file, f.range)],
            ...(f.related.length > 0
              ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...location(f.root, r.file, r.range), message: { text: r.message } })) }
              : {}),
            ...(edits && edits.length > 0
              ? {
                  fixes: [
                    {
                      description: { text: HOIST_TITLE },
                      artifactChanges: [
                        {
                          artifactLocation: { uri: encodeURI(f.file), uriBaseId: baseIds.get(f.root) ?? 'SRCROOT' },
                          replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
                        },
                      ],
                    },
                  ],
                }
              : {}),
            properties: { case: f.case, severity: f.severity },
          };
        }),
      },
    ],
  };
}
