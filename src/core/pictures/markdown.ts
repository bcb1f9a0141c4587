/**
 * escapeMarkdown makes text from a dump (function names, labels, file names)
 * safe inside Markdown that VS Code renders: every character Markdown or
 * HTML could read as syntax is backslash-escaped, so `<img onerror=…>` in a
 * function name reads as those characters and never as a tag or a link.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&"'~:]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
