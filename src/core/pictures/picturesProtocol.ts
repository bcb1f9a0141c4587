import type { FlameWire } from './flameGraph';
import type { Timeline } from './timeline';

/**
 * The messages between the extension and the pictures webview, as unions
 * switched on `type`. Everything that comes from a dump travels as data and
 * is drawn as text (canvas fillText, textContent), never as HTML.
 */

/** ColorBy is how the flame graph colours its frames. */
export type ColorBy = 'state' | 'package';

/** ToPage is what the extension sends to the page. */
export type ToPage =
  | {
      readonly type: 'show';
      /** Identifies the picture (the dump's id and the view's mode and filter) so the page keeps its zoom and search only for the same picture. */
      readonly key: string;
      readonly title: string;
      /** The tree's grouping and filter, shown above the graph. */
      readonly subtitle: string;
      /** The flame graph, packed (fromWire unpacks it). */
      readonly flame: FlameWire | null;
      readonly timeline: Timeline | null;
      /** When the command was run (Date.now() in the extension), so the page can report the time to a drawn canvas. */
      readonly requestedAt: number;
      /** When the extension posted this message (Date.now()), so the page can tell the time the message took to arrive. */
      readonly sentAt: number;
    }
  | { readonly type: 'timeline'; readonly timeline: Timeline | null };

/** FromPage is what the page sends back. */
export type FromPage =
  | { readonly type: 'ready' }
  | { readonly type: 'openSource'; readonly file: string; readonly line: number; readonly func: string }
  | { readonly type: 'revealGroup'; readonly group: number }
  | {
      readonly type: 'drawn';
      readonly key: string;
      readonly nodes: number;
      /** Points on the timeline drawn above the graph (0 without one). */
      readonly timelinePoints: number;
      /** Painting the canvas alone. */
      readonly drawMs: number;
      /** From the command to the drawn canvas. */
      readonly sinceRequestMs: number;
      /** From posting the message to its arrival in the page. */
      readonly transitMs: number;
      /** From its arrival to the drawn canvas (unpacking, indexing, painting). */
      readonly pageMs: number;
    };

/** isFromPage checks a message from the page before the extension acts on it. */
export function isFromPage(m: unknown): m is FromPage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return true;
    case 'openSource':
      return typeof o.file === 'string' && typeof o.line === 'number' && typeof o.func === 'string';
    case 'revealGroup':
      return typeof o.group === 'number';
    case 'drawn':
      return (
        typeof o.key === 'string' &&
        typeof o.nodes === 'number' &&
        typeof o.timelinePoints === 'number' &&
        typeof o.drawMs === 'number' &&
        typeof o.sinceRequestMs === 'number' &&
        typeof o.transitMs === 'number' &&
        typeof o.pageMs === 'number'
      );
    default:
      return false;
  }
}
