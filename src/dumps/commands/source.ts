import type * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { registerCommand } from '../../commands';
import type { DumpsApi } from '../api';
import type { SourceRequest } from '../../core/source/locate';
import type { Node } from '../treeView';

/**
 * registerSourceCommands registers jumping to a frame's source: from a link
 * (the dump document's, a hover's), which previews, and from a frame row,
 * which opens for good.
 */
export function registerSourceCommands(context: vscode.ExtensionContext, { locator }: DumpsApi): void {
  registerCommand(context, COMMANDS.openSource, (request?: SourceRequest) => (request?.file ? locator.open(request) : undefined));
  registerCommand(context, COMMANDS.revealSource, (node?: Node) =>
    node?.kind === 'frame' ? locator.open({ file: node.frame.file, line: node.frame.line, func: node.frame.func }, { preview: false }) : undefined,
  );
}
