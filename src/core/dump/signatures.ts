import { TableBucket } from './buckets';
import { framesBucket } from './group';
import type { Group } from './model';

/**
 * LeakSignature is one known leak pattern. The table below is data, not
 * code: a signature matches groups by what their frames, creator, state and
 * wait say; `scope: 'creator'` instead weighs all groups one creator made.
 */
export interface LeakSignature {
  readonly id: string;
  readonly title: string;
  /** Why goroutines pile up in this shape, in two or three sentences. */
  readonly explanation: string;
  /** What to do about it. */
  readonly advice: string;
  /** An editor action that helps: `scan-transports` runs the Transport-per-call analyzer. */
  readonly action: 'scan-transports' | null;
  readonly scope: 'group' | 'creator';
  readonly match: SignatureMatch;
}

/** SignatureMatch: every condition given must hold. */
export interface SignatureMatch {
  /** Some frame's function is one of these. */
  readonly anyFrame?: readonly string[];
  /** When the dump prints creators: the creator is one of these. */
  readonly creator?: readonly string[];
  /** The group's main state is one of these. */
  readonly state?: readonly string[];
  /** The longest wait is at least this many minutes. */
  readonly minWaitMinutes?: number;
  /** Each matching group has at least this many goroutines. */
  readonly minGroupCount?: number;
  /** The matching groups (or the creator's groups) hold at least this many goroutines together. */
  readonly minCount?: number;
  /** `creator` scope: the creator's share of all goroutines. */
  readonly minShare?: number;
}

const CHANNEL_STATES = ['chan receive', 'chan send', 'select', 'chan receive (nil chan)', 'chan send (nil chan)', 'select (no cases)'];

/** LEAK_SIGNATURES is the table, most specific first. */
export const LEAK_SIGNATURES: readonly LeakSignature[] = [
  {
    id: 'transport-per-call',
    title: 'Idle keep-alive connections: usually an http.Transport created per call',
    explanation:
      'Each net/http client connection is held by two goroutines, (*persistConn).readLoop and writeLoop, created by (*Transport).dialConn. ' +
      'A Transport keeps its idle keep-alive connections open for reuse; a Transport built on every call is never reused, so its connections and their goroutines stay until the process exits.',
    advice:
      'Create the http.Transport (or the http.Client that holds it) once, at package level, and reuse it; or call CloseIdleConnections when a short-lived Transport is done.',
    action: 'scan-transports',
    scope: 'group',
    match: {
      anyFrame: [
        'net/http.(*persistConn).readLoop',
        'net/http.(*persistConn).writeLoop',
        'net/http.(*http2ClientConn).readLoop',
        'golang.org/x/net/http2.(*ClientConn).readLoop',
        'golang.org/x/net/http2.(*clientConnReadLoop).run',
      ],
      creator: [
        'net/http.(*Transport).dialConn',
        'net/http.(*http2Transport).newClientConn',
        'net/http.(*http2ClientConn).goRun',
        'golang.org/x/net/http2.(*Transport).newClientConn',
        'golang.org/x/net/http2.(*ClientConn).goRun',
      ],
    },
  },
  {
    id: 'sql-open-per-call',
    title: 'database/sql pools piling up: usually sql.Open called per call',
    explanation:
      'Every *sql.DB starts its own connection opener (and cleaner) goroutine and keeps a pool of connections. ' +
      'Many of them mean many pools: sql.Open is being called per request and the DB is never closed.',
    advice: 'Open the *sql.DB once at start-up and share it; call db.Close() on any DB that is not kept for the life of the process.',
    action: null,
    scope: 'group',
    match: {
      anyFrame: ['database/sql.(*DB).connectionOpener', 'database/sql.(*DB).connectionResetter', 'database/sql.(*DB).connectionCleaner'],
      minCount: 2,
    },
  },
  {
    id: 'idle-server-connections',
    title: 'Many idle server connections: net/http.(*conn).serve',
    explanation:
      'Each open connection to an http.Server is served by one goroutine. Thousands of them waiting on the network usually mean clients that keep connections open (or leak them) and a server without idle timeouts.',
    advice: 'Set http.Server.ReadTimeout/IdleTimeout (and ReadHeaderTimeout), and check the clients for the same Transport-per-call pattern.',
    action: null,
    scope: 'group',
    match: { anyFrame: ['net/http.(*conn).serve'], minCount: 100 },
  },
  {
    id: 'long-blocked-channel',
    title: 'Goroutines blocked on a channel or select for a long time',
    explanation:
      'These goroutines have waited on a channel operation for many minutes. A goroutine whose channel is never sent to, received from or closed is leaked: nothing will ever wake it.',
    advice: 'Make sure every such goroutine has a way out: close the channel, or select on ctx.Done() or a done channel as well.',
    action: null,
    scope: 'group',
    match: { state: CHANNEL_STATES, minWaitMinutes: 10, minGroupCount: 2 },
  },
  {
    id: 'sleep-loops',
    title: 'Many goroutines sleeping in the same place: time.Sleep or ticker loops started per call',
    explanation: 'A loop that sleeps (or waits on a ticker) forever, started from code that runs per request, adds one goroutine each time it runs.',
    advice: 'Start such loops once, or give them a context to stop on; stop tickers with Stop().',
    action: null,
    scope: 'group',
    match: { state: ['sleep'], minGroupCount: 10 },
  },
  {
    id: 'dominant-creator',
    title: 'One creator started most goroutines',
    explanation: 'More than half of all goroutines were started by the same function. When the count keeps climbing, that function is where they leak from.',
    advice: 'Look at the creating function: what makes each goroutine it starts return?',
    action: null,
    scope: 'creator',
    match: { minShare: 0.5, minCount: 100 },
  },
];

/** SignatureHit is a signature found in a dump, with the indices of its groups. */
export interface SignatureHit {
  readonly signature: LeakSignature;
  /** Indices into the groups the signatures were matched against. */
  readonly groups: number[];
  readonly count: number;
  /** For `creator` scope: the creator's function. */
  readonly creator: string | null;
}

/** matchSignatures finds every signature of the table in a dump's groups. */
export function matchSignatures(groups: readonly Group[], table: readonly LeakSignature[] = LEAK_SIGNATURES): SignatureHit[] {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const hits: SignatureHit[] = [];
  for (const signature of table) {
    if (signature.scope === 'group') {
      const indices: number[] = [];
      let count = 0;
      groups.forEach((g, i) => {
        if (matchesGroup(g, signature.match)) {
          indices.push(i);
          count += g.count;
        }
      });
      if (indices.length > 0 && count >= (signature.match.minCount ?? 1)) hits.push({ signature, groups: indices, count, creator: null });
    } else {
      hits.push(...matchCreators(groups, signature, total));
    }
  }
  return hits;
}

/** frameSets holds each anyFrame list as a Set: matching looks up every frame of every group. */
const frameSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function anyFrameSet(names: readonly string[]): ReadonlySet<string> {
  let set = frameSets.get(names);
  if (set === undefined) frameSets.set(names, (set = new Set(names)));
  return set;
}

function matchesGroup(g: Group, m: SignatureMatch): boolean {
  if (m.anyFrame) {
    const names = anyFrameSet(m.anyFrame);
    const stack = framesBucket(g);
    if (!(stack instanceof TableBucket ? stack.callsAny(names) : g.frames.some((f) => names.has(f.func)))) return false;
  }
  if (m.creator && g.creator !== null && !m.creator.includes(g.creator.func)) return false;
  if (m.state && !m.state.includes(g.state)) return false;
  if (m.minWaitMinutes !== undefined && (g.waitMinutes === null || g.waitMinutes.max < m.minWaitMinutes)) return false;
  if (m.minGroupCount !== undefined && g.count < m.minGroupCount) return false;
  return true;
}

function matchCreators(groups: readonly Group[], signature: LeakSignature, total: number): SignatureHit[] {
  const byCreator = new Map<string, { groups: number[]; count: number }>();
  groups.forEach((g, i) => {
    if (g.creator === null) return;
    let entry = byCreator.get(g.creator.func);
    if (!entry) byCreator.set(g.creator.func, (entry = { groups: [], count: 0 }));
    entry.groups.push(i);
    entry.count += g.count;
  });
  const { minShare = 0, minCount = 1 } = signature.match;
  const hits: SignatureHit[] = [];
  for (const [creator, entry] of byCreator) {
    if (entry.count >= minCount && total > 0 && entry.count / total > minShare) hits.push({ signature, groups: entry.groups, count: entry.count, creator });
  }
  return hits;
}
