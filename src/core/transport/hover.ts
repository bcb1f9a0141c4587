/**
 * transportHover.ts writes the hover of a `transport-per-call` finding: in a
 * few lines, why a Transport built per call leaks and what the leak looks
 * like in a goroutine dump (the states the Goroutines view groups), so that
 * the way from the code back to the dump is as short as the way from the
 * dump to the code. Markdown text; the adapter wraps it.
 */
import { RULE_HELP_URI, TRANSPORT_RULE, type Finding } from '../go/model';

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
  if (finding.fixAvailable) return 'Quick fix (Ctrl+.): **Hoist Transport to a package-level variable**, or suppress it with `//nolint:transport-per-call`.';
  return `No hoist is offered${finding.noFixReason ? `: ${finding.noFixReason}` : ''}. Create the Transport once (a package-level variable, or a field set up once) and reuse it; or suppress the finding with \`//nolint:transport-per-call\`.`;
}

/** caseLine says, per case, what happens at run time. */
function caseLine(finding: Finding): string {
  const fn = `\`${finding.functionName}\``;
  switch (finding.case) {
    case 'local':
      return `Every call of ${fn} builds a Transport with its own pool of keep-alive connections, uses it, and drops it: the pool's idle connections are never reused and never closed.`;
    case 'escapes-called-per-call':
      return `${fn} hands the new Transport out, and it is called per call in its package (see the related locations): each of those calls adds a Transport whose idle connections are never reused.`;
    case 'escapes-uncalled':
      return `${fn} hands the new Transport out and nothing in its package calls it: fine if its users call it once, a leak if they call it per request.`;
    case 'hint-closes':
      return `${fn} closes the idle connections, so no goroutines are left behind; but nothing is reused either: every call pays a new TCP (and TLS) handshake.`;
    case 'hint-keepalives-off':
      return `Keep-alives are disabled, so no goroutines are left behind; but nothing is reused either: every request pays a new TCP (and TLS) handshake.`;
  }
}

/** transportHoverMarkdown is the hover's Markdown for one finding. */
export function transportHoverMarkdown(finding: Finding): string {
  const leaks = finding.case !== 'hint-closes' && finding.case !== 'hint-keepalives-off';
  const title = finding.transportPackage === 'net/http' ? 'http.Transport' : 'http2.Transport';
  const parts = [`**${title} built per call** · [\`${TRANSPORT_RULE}\`](${RULE_HELP_URI})`, caseLine(finding)];
  if (leaks) {
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
  const what: Record<Finding['case'], string> = {
    local: 'used only there',
    'escapes-called-per-call': 'returned or stored, and called per call',
    'escapes-uncalled': 'returned or stored; never called in its package',
    'hint-closes': 'idle connections closed: nothing reused',
    'hint-keepalives-off': 'keep-alives off: nothing reused',
  };
  return `Transport built per call in ${finding.functionName}: ${what[finding.case]}${finding.fixAvailable ? '' : ' (no hoist)'}`;
}
