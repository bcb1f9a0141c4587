// The feature bundles the entry (src/extension.ts) loads on first use; kept apart from ./index.ts, which the
// features themselves use, so that imports go one way.
import type * as AnalyzerModule from './analyzer';
import { lazyBundle } from './index';
import type * as ViewerModule from './viewer';

/** loadViewer loads the dump viewer: the Goroutines view's contents, the dump commands, the dump document support, the pictures. */
export const loadViewer = lazyBundle<typeof ViewerModule>('viewer');

/** loadAnalyzer loads the Transport analyzer's client: diagnostics, code actions, hover, its commands. */
export const loadAnalyzer = lazyBundle<typeof AnalyzerModule>('analyzer');
