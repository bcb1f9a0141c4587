/**
 * The extension's command ids, context keys and view id: one table, used by
 * the registrations, the tree items, the dump document's links, the hovers
 * and the tests. package.json's `contributes` spells the same ids; a unit
 * test (test/unit/command-ids.test.ts) checks the two agree.
 */
export const COMMANDS = {
  // The dump viewer.
  fetchDump: 'goroutineLens.fetchDump',
  openDump: 'goroutineLens.openDump',
  analyzeActiveEditor: 'goroutineLens.analyzeActiveEditor',
  compareDumps: 'goroutineLens.compareDumps',
  watchEndpoint: 'goroutineLens.watchEndpoint',
  stopWatching: 'goroutineLens.stopWatching',
  refetch: 'goroutineLens.refetch',
  closeDump: 'goroutineLens.closeDump',
  compareWith: 'goroutineLens.compareWith',
  copyStack: 'goroutineLens.copyStack',
  openRawDump: 'goroutineLens.openRawDump',
  openSource: 'goroutineLens.openSource',
  revealSource: 'goroutineLens.revealSource',
  changeGrouping: 'goroutineLens.changeGrouping',
  filter: 'goroutineLens.filter',
  clearFilter: 'goroutineLens.clearFilter',
  explainSignature: 'goroutineLens.explainSignature',
  setHeaderSecret: 'goroutineLens.setHeaderSecret',
  // The Transport analyzer (`scanWorkspace` is also what the dump viewer's Transport leak signature runs).
  scanWorkspace: 'goroutineLens.scanWorkspace',
  showTransportFindings: 'goroutineLens.showTransportFindings',
  cancelTransportScan: 'goroutineLens.cancelTransportScan',
  // The pictures.
  showFlameGraph: 'goroutineLens.showFlameGraph',
  revealGroup: 'goroutineLens.revealGroup',
} as const;

/** CommandId is any of the extension's command ids. */
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** CONTEXT_KEYS drive `when` clauses in package.json. */
export const CONTEXT_KEYS = {
  hasDumps: 'goroutineLens.hasDumps',
  filtered: 'goroutineLens.filtered',
  watching: 'goroutineLens.watching',
  transportScanning: 'goroutineLens.transportScanning',
} as const;

/** VIEW_ID is the Goroutines view. */
export const VIEW_ID = 'goroutineLens.goroutines';
