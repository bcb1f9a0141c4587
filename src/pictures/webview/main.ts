// The pictures webview: the flame graph (an icicle: the goroutines' first
// frames on top, the frames where they are parked at the bottom of each
// column) and the watch's timeline, both painted on canvases. Everything from
// the dump is drawn with fillText or set as textContent, never as HTML.
import { flameMatches, fromWire, type FlameGraph, type FlameNode } from '../../core/pictures/flameGraph';
import type { ColorBy, FromPage, ToPage } from '../../core/pictures/picturesProtocol';
import type { Timeline } from '../../core/pictures/timeline';

interface VsCodeApi {
  postMessage(message: FromPage): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** PageState survives hiding the panel (the page is rebuilt when shown again). */
interface PageState {
  key: string;
  zoom: number;
  selected: number;
  search: string;
  colorBy: ColorBy;
  scrollTop: number;
}

const vscode = acquireVsCodeApi();
const state: PageState = { key: '', zoom: 0, selected: 0, search: '', colorBy: 'state', scrollTop: 0, ...vscode.getState() };
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const flameCanvas = $<HTMLCanvasElement>('flame');
const flameBox = $<HTMLElement>('flameBox');
const tooltip = $<HTMLDivElement>('tooltip');
const details = $<HTMLElement>('details');
const search = $<HTMLInputElement>('search');
const colorBy = $<HTMLSelectElement>('colorBy');
const matchesText = $<HTMLElement>('matches');
const timelineBox = $<HTMLElement>('timelineBox');
const timelineCanvas = $<HTMLCanvasElement>('timeline');
const legend = $<HTMLElement>('legend');
const empty = $<HTMLElement>('empty');

const ROW = 18;
let graph: FlameGraph | null = null;
let timeline: Timeline | null = null;
let byDepth: number[][] = [];
let matched = new Set<number>();
let hovered = -1;

search.value = state.search;
colorBy.value = state.colorBy;

function save(): void {
  state.scrollTop = flameBox.scrollTop;
  vscode.setState(state);
}

function post(message: FromPage): void {
  vscode.postMessage(message);
}

/** css reads a VS Code theme colour (the webview gets them as CSS variables). */
function css(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function palette() {
  return {
    background: css('--vscode-editor-background', '#1e1e1e'),
    foreground: css('--vscode-editor-foreground', '#cccccc'),
    muted: css('--vscode-descriptionForeground', '#999999'),
    focus: css('--vscode-focusBorder', '#007fd4'),
    match: css('--vscode-editor-findMatchBorder', css('--vscode-charts-yellow', '#cca700')),
    grid: css('--vscode-editorWidget-border', '#454545'),
    charts: [
      '--vscode-charts-blue',
      '--vscode-charts-purple',
      '--vscode-charts-orange',
      '--vscode-charts-green',
      '--vscode-charts-yellow',
      '--vscode-charts-red',
    ].map((v, i) => css(v, ['#3794ff', '#b180d7', '#d18616', '#89d185', '#cca700', '#f14c4c'][i]!)),
    red: css('--vscode-charts-red', '#f14c4c'),
  };
}

/** STATE_COLOURS: a wait reason's family picks one of the theme's chart colours. */
const STATE_COLOURS: [RegExp, number][] = [
  [/^IO wait/, 0],
  [/^chan (receive|send)/, 1],
  [/^select/, 4],
  [/^(semacquire|sync\.|sync )/, 2],
  [/^sleep/, 3],
  [/^(running|runnable|syscall)/, 5],
];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function nodeColour(n: FlameNode, colours: ReturnType<typeof palette>): { fill: string; alpha: number } {
  const g = graph!;
  if (state.colorBy === 'package') {
    const pkg = g.strings[n.pkg] ?? '';
    const h = hash(pkg);
    return { fill: colours.charts[h % colours.charts.length]!, alpha: 0.45 + ((h >>> 8) % 4) * 0.12 };
  }
  const s = g.strings[n.states[0]?.[0] ?? -1] ?? '';
  const family = STATE_COLOURS.find(([re]) => re.test(s));
  return { fill: family ? colours.charts[family[1]]! : colours.muted, alpha: 0.45 + (hash(g.strings[n.func] ?? '') % 4) * 0.1 };
}

function shortFunc(func: string): string {
  return func.slice(func.lastIndexOf('/') + 1);
}

/** zoomPath is the zoomed frame's ancestors (drawn full width above it), kept for the zoom it was made for. */
let zoomPath: { zoom: number; graph: FlameGraph | null; ancestors: Set<number> } = { zoom: -1, graph: null, ancestors: new Set() };

function ancestorsOfZoom(): Set<number> {
  if (zoomPath.zoom !== state.zoom || zoomPath.graph !== graph) {
    const ancestors = new Set<number>();
    for (let p = graph!.nodes[state.zoom]?.parent ?? -1; p >= 0; p = graph!.nodes[p]!.parent) ancestors.add(p);
    zoomPath = { zoom: state.zoom, graph, ancestors };
  }
  return zoomPath.ancestors;
}

/** geometry is a node's place on the canvas under the zoom, or null when it is off-screen or too thin. */
function geometry(i: number, width: number): { x: number; w: number; y: number } | null {
  const g = graph!;
  const n = g.nodes[i]!;
  const z = g.nodes[state.zoom] ?? g.nodes[0]!;
  if (n.depth < z.depth) return ancestorsOfZoom().has(i) ? { x: 0, w: width, y: n.depth * ROW } : null;
  if (n.start < z.start || n.start >= z.start + z.value) return null;
  const scale = width / z.value;
  const w = n.value * scale;
  if (w < 0.5) return null;
  return { x: (n.start - z.start) * scale, w, y: n.depth * ROW };
}

/**
 * clearCanvas sizes a canvas to width × height CSS pixels at the screen's
 * pixel ratio (sharp text on high-DPI screens), scales its context to match
 * and fills it with the background colour.
 */
function clearCanvas(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, width: number, height: number, background: string): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(width * ratio);
  canvas.height = Math.floor(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
}

function drawFlame(): void {
  const started = performance.now();
  const ctx = flameCanvas.getContext('2d')!;
  const width = flameBox.clientWidth;
  const g = graph;
  const rows = g ? g.maxDepth + 1 : 0;
  const height = Math.max(rows * ROW, 1);
  const colours = palette();
  clearCanvas(flameCanvas, ctx, width, height, colours.background);
  if (!g) return;
  const font = css('--vscode-editor-font-family', 'monospace');
  ctx.font = `12px ${font}`;
  ctx.textBaseline = 'middle';
  const charWidth = ctx.measureText('abcdefghijklmnopqrstuvwxyz').width / 26;
  const searching = matched.size > 0;
  for (let i = 0; i < g.nodes.length; i++) {
    const at = geometry(i, width);
    if (!at) continue;
    const n = g.nodes[i]!;
    const { fill, alpha } = nodeColour(n, colours);
    ctx.globalAlpha = searching && !matched.has(i) ? 0.18 : alpha;
    ctx.fillStyle = fill;
    ctx.fillRect(at.x, at.y, Math.max(at.w - 1, 0.5), ROW - 1);
    ctx.globalAlpha = 1;
    if (searching && matched.has(i)) {
      ctx.strokeStyle = colours.match;
      ctx.lineWidth = 2;
      ctx.strokeRect(at.x + 1, at.y + 1, Math.max(at.w - 3, 0.5), ROW - 3);
    }
    if (at.w > 3 * charWidth + 6) {
      const label = i === 0 ? `all goroutines (${g.total.toLocaleString('en-US')})` : shortFunc(g.strings[n.func] ?? '');
      const fits = Math.floor((at.w - 6) / charWidth);
      ctx.fillStyle = colours.foreground;
      ctx.fillText(label.length > fits ? `${label.slice(0, Math.max(fits - 1, 1))}…` : label, at.x + 3, at.y + ROW / 2);
    }
  }
  for (const [i, colour] of [
    [hovered, colours.foreground],
    [state.selected, colours.focus],
  ] as const) {
    const at = i >= 0 && i < g.nodes.length ? geometry(i, width) : null;
    if (!at) continue;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.strokeRect(at.x + 1, at.y + 1, Math.max(at.w - 2, 1), ROW - 2);
  }
  lastDrawMs = performance.now() - started;
}
let lastDrawMs = 0;

function nodeAt(x: number, y: number): number {
  if (!graph) return -1;
  const depth = Math.floor(y / ROW);
  const width = flameBox.clientWidth;
  for (const i of byDepth[depth] ?? []) {
    const at = geometry(i, width);
    if (at && x >= at.x && x < at.x + at.w) return i;
  }
  return -1;
}

function describe(i: number): string[] {
  const g = graph!;
  const n = g.nodes[i]!;
  const pct = g.total > 0 ? ((100 * n.value) / g.total).toFixed(1) : '0';
  const lines = [i === 0 ? 'all goroutines' : (g.strings[n.func] ?? '')];
  if (i !== 0) lines.push(`${g.strings[n.file] ?? ''}${n.line > 0 ? `:${n.line}` : ''}`);
  lines.push(`${n.value.toLocaleString('en-US')} goroutines (${pct}%)`);
  lines.push(
    n.states
      .slice(0, 4)
      .map(([s, c]) => `${g.strings[s]} ${c.toLocaleString('en-US')}`)
      .join(' · ') + (n.states.length > 4 ? ` · +${n.states.length - 4} more` : ''),
  );
  return lines;
}

/** showDetails fills the footer for the selected frame: text, and buttons to open the source or the group in the tree. */
function showDetails(): void {
  details.replaceChildren();
  if (!graph) return;
  const i = state.selected;
  const n = graph.nodes[i];
  if (!n) return;
  const text = document.createElement('span');
  text.textContent = describe(i).join(' — ');
  details.append(text);
  if (i !== 0 && n.line > 0) {
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = 'Open source (O)';
    open.addEventListener('click', () => openSource(i));
    details.append(open);
  }
  if (n.group >= 0) {
    const tree = document.createElement('button');
    tree.type = 'button';
    tree.textContent = 'Show in tree (T)';
    tree.addEventListener('click', () => post({ type: 'revealGroup', group: n.group }));
    details.append(tree);
  }
}

function openSource(i: number): void {
  const g = graph!;
  const n = g.nodes[i]!;
  if (i === 0) return;
  post({ type: 'openSource', file: g.strings[n.file] ?? '', line: n.line, func: g.strings[n.func] ?? '' });
}

function select(i: number): void {
  if (!graph || i < 0 || i >= graph.nodes.length) return;
  state.selected = i;
  save();
  showDetails();
  drawFlame();
  const at = geometry(i, flameBox.clientWidth);
  if (at && (at.y < flameBox.scrollTop || at.y + ROW > flameBox.scrollTop + flameBox.clientHeight)) flameBox.scrollTop = at.y - flameBox.clientHeight / 2;
}

function zoom(i: number): void {
  if (!graph) return;
  state.zoom = i >= 0 && i < graph.nodes.length ? i : 0;
  select(i);
}

function applySearch(): void {
  state.search = search.value;
  save();
  if (!graph || !search.value.trim()) {
    matched = new Set();
    matchesText.textContent = '';
  } else {
    const found = flameMatches(graph, search.value);
    matched = new Set(found.nodes);
    matchesText.textContent = `${found.nodes.length.toLocaleString('en-US')} frames, ${found.goroutines.toLocaleString('en-US')} goroutines`;
  }
  drawFlame();
}

// --- the timeline ---

function drawTimeline(): void {
  if (!timeline || timeline.times.length === 0) {
    timelineBox.hidden = true;
    return;
  }
  timelineBox.hidden = false;
  $('timelineTitle').textContent = timeline.title;
  const ctx = timelineCanvas.getContext('2d')!;
  const width = timelineBox.clientWidth;
  const height = 140;
  const colours = palette();
  clearCanvas(timelineCanvas, ctx, width, height, colours.background);
  const left = 56;
  const right = 12;
  const top = 8;
  const bottom = 22;
  const t0 = timeline.times[0]!;
  const t1 = timeline.times[timeline.times.length - 1]!;
  const max = Math.max(1, ...timeline.total);
  const x = (t: number) => left + (t1 === t0 ? (width - left - right) / 2 : ((t - t0) / (t1 - t0)) * (width - left - right));
  const y = (v: number) => top + (1 - v / max) * (height - top - bottom);
  ctx.font = `11px ${css('--vscode-font-family', 'sans-serif')}`;
  ctx.fillStyle = colours.muted;
  ctx.strokeStyle = colours.grid;
  ctx.lineWidth = 1;
  for (const v of [0, max / 2, max]) {
    ctx.beginPath();
    ctx.moveTo(left, y(v));
    ctx.lineTo(width - right, y(v));
    ctx.stroke();
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    ctx.fillText(Math.round(v).toLocaleString('en-US'), left - 6, y(v));
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  const clock = (t: number) => new Date(t).toLocaleTimeString();
  ctx.fillText(clock(t0), left, height - 4);
  ctx.textAlign = 'right';
  if (t1 !== t0) ctx.fillText(clock(t1), width - right, height - 4);
  ctx.textAlign = 'left';
  const series = [
    { name: 'total', counts: timeline.total, growing: false, colour: colours.foreground, width: 2.5 },
    ...timeline.lines.map((l, i) => ({
      name: l.name,
      counts: l.counts,
      growing: l.growing,
      colour: l.growing ? colours.red : colours.charts[i % 5]!,
      width: l.growing ? 2.5 : 1.5,
    })),
  ];
  for (const s of series) {
    ctx.strokeStyle = s.colour;
    ctx.fillStyle = s.colour;
    ctx.lineWidth = s.width;
    ctx.setLineDash(s.growing || s.name === 'total' ? [] : [4, 3]);
    ctx.beginPath();
    s.counts.forEach((v, i) => (i === 0 ? ctx.moveTo(x(timeline!.times[i]!), y(v)) : ctx.lineTo(x(timeline!.times[i]!), y(v))));
    ctx.stroke();
    ctx.setLineDash([]);
    s.counts.forEach((v, i) => {
      ctx.beginPath();
      ctx.arc(x(timeline!.times[i]!), y(v), s.growing ? 3.5 : 2.5, 0, Math.PI * 2);
      ctx.fill();
    });
  }
  legend.replaceChildren(
    ...series.map((s) => {
      const item = document.createElement('span');
      item.className = s.growing ? 'growing' : '';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = s.colour;
      const label = document.createElement('span');
      const last = s.counts[s.counts.length - 1] ?? 0;
      label.textContent = `${s.growing ? '▲ growing: ' : ''}${s.name} ${last.toLocaleString('en-US')}`;
      item.append(swatch, label);
      return item;
    }),
  );
}

// --- messages and events ---

window.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const m = event.data;
  switch (m.type) {
    case 'show': {
      const receivedAt = Date.now();
      $('title').textContent = m.title;
      $('subtitle').textContent = m.subtitle;
      graph = m.flame ? fromWire(m.flame) : null;
      timeline = m.timeline;
      if (m.key !== state.key) {
        state.key = m.key;
        state.zoom = 0;
        state.selected = 0;
        state.scrollTop = 0;
      }
      byDepth = [];
      if (graph) graph.nodes.forEach((n, i) => (byDepth[n.depth] ??= []).push(i));
      if (graph && (state.zoom >= graph.nodes.length || state.selected >= graph.nodes.length)) [state.zoom, state.selected] = [0, 0];
      empty.hidden = graph !== null && graph.total > 0;
      empty.textContent = graph === null ? m.subtitle : 'No goroutines to draw (is the filter too narrow?)';
      drawTimeline();
      applySearch();
      showDetails();
      flameBox.scrollTop = state.scrollTop;
      save();
      post({
        type: 'drawn',
        key: m.key,
        nodes: graph?.nodes.length ?? 0,
        timelinePoints: timeline?.times.length ?? 0,
        drawMs: lastDrawMs,
        sinceRequestMs: Date.now() - m.requestedAt,
        transitMs: receivedAt - m.sentAt,
        pageMs: Date.now() - receivedAt,
      });
      return;
    }
    case 'timeline':
      timeline = m.timeline;
      drawTimeline();
      return;
  }
});

flameCanvas.addEventListener('mousemove', (e) => {
  const i = nodeAt(e.offsetX, e.offsetY);
  if (i !== hovered) {
    hovered = i;
    drawFlame();
  }
  if (i < 0) {
    tooltip.hidden = true;
    return;
  }
  tooltip.replaceChildren(
    ...describe(i).map((line, k) => {
      const div = document.createElement('div');
      div.textContent = line;
      if (k === 0) div.className = 'func';
      return div;
    }),
  );
  tooltip.hidden = false;
  const x = Math.min(e.clientX + 12, window.innerWidth - tooltip.offsetWidth - 4);
  const y = e.clientY + 16 + tooltip.offsetHeight > window.innerHeight ? e.clientY - tooltip.offsetHeight - 8 : e.clientY + 16;
  tooltip.style.left = `${Math.max(0, x)}px`;
  tooltip.style.top = `${Math.max(0, y)}px`;
});
flameCanvas.addEventListener('mouseleave', () => {
  hovered = -1;
  tooltip.hidden = true;
  drawFlame();
});
flameCanvas.addEventListener('click', (e) => {
  const i = nodeAt(e.offsetX, e.offsetY);
  if (i >= 0) zoom(i);
});
flameCanvas.addEventListener('dblclick', (e) => {
  const i = nodeAt(e.offsetX, e.offsetY);
  if (i > 0) openSource(i);
});
flameCanvas.addEventListener('keydown', (e) => {
  if (!graph) return;
  const n = graph.nodes[state.selected];
  if (!n) return;
  const row = byDepth[n.depth] ?? [];
  const visible = (i: number) => geometry(i, flameBox.clientWidth) !== null;
  let handled = true;
  switch (e.key) {
    case 'ArrowUp':
      if (n.parent >= 0) select(n.parent);
      break;
    case 'ArrowDown': {
      const child = graph.nodes[state.selected + 1];
      if (child && child.parent === state.selected) select(state.selected + 1);
      break;
    }
    case 'ArrowLeft':
    case 'ArrowRight': {
      const step = e.key === 'ArrowLeft' ? -1 : 1;
      for (let k = row.indexOf(state.selected) + step; k >= 0 && k < row.length; k += step) {
        if (visible(row[k]!)) {
          select(row[k]!);
          break;
        }
      }
      break;
    }
    case 'Enter':
    case ' ':
      zoom(state.selected);
      break;
    case 'Escape':
      zoom(0);
      break;
    case 'o':
    case 'O':
      openSource(state.selected);
      break;
    case 't':
    case 'T':
      if (n.group >= 0) post({ type: 'revealGroup', group: n.group });
      break;
    case '/':
      search.focus();
      break;
    default:
      handled = false;
  }
  if (handled) e.preventDefault();
});
search.addEventListener('input', applySearch);
search.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && matched.size > 0) {
    const first = [...matched].sort((a, b) => a - b)[0]!;
    select(first);
    flameCanvas.focus();
  }
});
colorBy.addEventListener('change', () => {
  state.colorBy = colorBy.value === 'package' ? 'package' : 'state';
  save();
  drawFlame();
});
$('reset').addEventListener('click', () => zoom(0));
flameBox.addEventListener('scroll', () => save());
new ResizeObserver(() => {
  drawFlame();
  drawTimeline();
}).observe(document.body);
window.addEventListener('keydown', (e) => {
  if (e.key === '/' && document.activeElement !== search) {
    search.focus();
    e.preventDefault();
  }
});

post({ type: 'ready' });
