// src/commands.ts: the entry (src/extension.ts) registers every command with
// VS Code and calls the handler that the loaded feature bundle put in its
// table; registerCommand fills that table and gives back a disposable that
// takes the handler out again when the extension's subscriptions are disposed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as vscode from 'vscode';
import { registerCommand, serveCommandsFrom, type CommandHandlers } from '../../src/commands';
import { COMMANDS } from '../../src/core/commandIds';

/** context is an extension context as far as registerCommand uses one: its subscriptions. */
function context(): vscode.ExtensionContext & { subscriptions: vscode.Disposable[] } {
  return { subscriptions: [] } as unknown as vscode.ExtensionContext & { subscriptions: vscode.Disposable[] };
}

describe('the command table', () => {
  test('a handler goes into the table the bundle serves, and its disposal (with the subscriptions) takes it out', () => {
    const table: CommandHandlers = new Map();
    serveCommandsFrom(table);
    const ctx = context();
    const disposable = registerCommand(ctx, COMMANDS.openDump, (x: number) => x * 2);
    assert.equal(table.get(COMMANDS.openDump)?.(21), 42);
    assert.deepEqual(ctx.subscriptions, [disposable]);
    for (const d of ctx.subscriptions) d.dispose();
    assert.equal(table.has(COMMANDS.openDump), false);
  });

  test('a command registered twice is refused with its id', () => {
    serveCommandsFrom(new Map());
    const ctx = context();
    registerCommand(ctx, COMMANDS.filter, () => 1);
    assert.throws(() => registerCommand(ctx, COMMANDS.filter, () => 2), /command goroutineLens\.filter was registered twice/);
  });

  test('disposing an old registration leaves the handler registered after it', () => {
    const table: CommandHandlers = new Map();
    serveCommandsFrom(table);
    const ctx = context();
    const first = registerCommand(ctx, COMMANDS.copyStack, () => 'first');
    first.dispose();
    registerCommand(ctx, COMMANDS.copyStack, () => 'second');
    first.dispose();
    assert.equal(table.get(COMMANDS.copyStack)?.(), 'second');
  });
});
