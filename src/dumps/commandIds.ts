/** COMMANDS are the dump viewer's command ids, shared by registrations, tree items and tests. */
export const COMMANDS = {
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
  /** Registered by the Transport analyzer when it is present: runs the workspace scan and reveals its findings. */
  scanTransports: 'goroutineLens.scanWorkspace',
} as const;

/** CONTEXT_KEYS drive `when` clauses in package.json. */
export const CONTEXT_KEYS = {
  hasDumps: 'goroutineLens.hasDumps',
  filtered: 'goroutineLens.filtered',
  watching: 'goroutineLens.watching',
} as const;

/** VIEW_ID is the Goroutines view. */
export const VIEW_ID = 'goroutineLens.goroutines';
