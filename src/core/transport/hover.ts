/**
 * hover.ts writes the hover of a `transport-per-call` finding: in a
 * few lines, why a Transport built per call leaks and what the leak looks
 * like in a goroutine dump (the states the Goroutines view groups), so that
 * the way from the code back to the dump is as short as the way from the
 * dump to the code. Markdown text; the adapter wraps it.
 */
import { HOIST_TITLE, RULE_HELP_URI, TRANSPORT_RULE, type Finding } from './model';
import { FINDING_CASES } from './findingCases';
import { NOLINT_DIRECTIVE } from './nolint';

/** LEAK_STACKS are the goroutines one idle keep-alive connection holds, as a debug=2 dump shows them. */
const LEAK_STACKS: Readonly<Record<Finding['transportPackage'], string>> = {
  'net/http': [
    'goroutine 41 [IO wait, 435 minutes]:',
    'net/http.(*persistConn).readLoop(…)',
    'created by net/http.(*Transport).dialConn',
    '',
    'goroutine 42 [select, 435 minutes]:',
    'net/http.(*persistConn).writeLoop(…)',
    'created by net/http.(*Transport).dialConn',
  ].join('\n'),
  'golang.org/x/net/http2': [
    'goroutine 41 [IO wait, 435 minutes]:',
    'golang.org/x/net/http2.(*ClientConn).readLoop(…)',
    'created by golang.org/x/net/http2.(*Transport).newClientConn',
  ].join('\n'),
};

/** fixLine names the quick fixes, or says why there is no hoist. */
function fixLine(finding: Finding): string {
  if (finding.fixAvailable) return `Quick fix (Ctrl+.): **${HOIST_TITLE}**, or suppress it with \`${NOLINT_DIRECTIVE}\`.`;
  return `No hoist is offered${finding.noFixReason ? `: ${finding.noFixReason}` : ''}. Create the Transport once (a package-level variable, or a field set up once) and reuse it; or suppress the finding with \`${NOLINT_DIRECTIVE}\`.`;
}

/** transportHoverMarkdown is the hover's Markdown for one finding. */
export function transportHoverMarkdown(finding: Finding): string {
  const kase = FINDING_CASES[finding.case];
  const title = finding.transportPackage === 'net/http' ? 'http.Transport' : 'http2.Transport';
  const parts = [`**${title} built per call** · [\`${TRANSPORT_RULE}\`](${RULE_HELP_URI})`, kase.runtime(`\`${finding.functionName}\``)];
  if (kase.leaks) {
    parts.push(
      finding.transportPackage === 'net/http'
        ? 'Each idle connection holds two goroutines, forever. In a goroutine dump (`/debug/pprof/goroutine?debug=2`) they pile up as:'
        : 'Each idle connection holds a read-loop goroutine, forever. In a goroutine dump (`/debug/pprof/goroutine?debug=2`) they pile up as:',
      '```\n' + LEAK_STACKS[finding.transportPackage] + '\n```',
    );
  }
  parts.push(fixLine(finding));
  return parts.join('\n\n');
}

/** findingSummary is a one-line description of a finding for lists (the findings picker). */
export function findingSummary(finding: Finding): string {
  return `Transport built per call in ${finding.functionName}: ${FINDING_CASES[finding.case].summary}${finding.fixAvailable ? '' : ' (no hoist)'}`;
}
