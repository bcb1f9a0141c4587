import * as vscode from 'vscode';
import { subscriber } from '../commands';
import { watchTimeline } from '../core/pictures/timeline';
import { displayUrl } from '../core/fetch/url';
import type { DumpsApi } from '../dumps';
import { DumpOnCode } from './codeDecorations';
import { registerPictureCommands } from './commands';
import { PicturesPanel } from './panel';

/** PicturesApi is what the integration tests use of the pictures. */
export interface PicturesApi {
  readonly panel: PicturesPanel;
  readonly onCode: DumpOnCode;
}

/**
 * registerPictures sets up the pictures of the dumps the viewer holds: the
 * flame graph and timeline panel, and the dump drawn onto the source lines.
 */
export function registerPictures(context: vscode.ExtensionContext, dumps: DumpsApi): PicturesApi {
  const push = subscriber(context);
  const { store, locator, watcher } = dumps;
  const panel = push(
    new PicturesPanel(context.extensionUri, store, locator, (url) => {
      const current = watcher.current;
      return current && current.url === url ? watchTimeline(`watching ${displayUrl(url)}`, current.history.snapshots, current.growing) : null;
    }),
  );
  push(watcher.onDidSnapshot(() => panel.refreshTimeline()));
  const onCode = push(new DumpOnCode(store, locator));

  registerPictureCommands(context, dumps, panel);
  return { panel, onCode };
}
