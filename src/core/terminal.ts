/**
 * terminal.ts makes text from outside (a dump's function names, paths,
 * labels and preambles; a server's status text and error body; file names
 * on the disk) safe to print on a terminal (docs/security.md): control characters and
 * escape sequences are shown escaped, `\x1b`, so that a dump cannot retitle,
 * clear or write to the clipboard of the terminal that prints it (OSC 52),
 * nor hide text with a carriage return or reorder it with bidirectional
 * overrides ("Trojan Source").
 *
 * Every printer of the CLI goes through here: values from outside are
 * escaped where they are put into the text (the CLI's own colours stay),
 * whole texts that hold no colours are escaped at once, and JSON output is
 * passed through escapeJson.
 */

/**
 * UNSAFE matches what a terminal may act on: C0 controls but tab and line
 * feed, DEL, C1 controls (U+0080–U+009F: 8-bit CSI, OSC, ST), and the
 * bidirectional formatting characters.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** UNSAFE_ANY is UNSAFE with tab and line feed too, for one-line values. */
const UNSAFE_ANY = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** SGR_OR_UNSAFE matches a colour sequence (SGR: `ESC [ n ; … m`) or one unsafe character. */
const SGR_OR_UNSAFE = /\x1b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * escapeControls escapes a text for a terminal, keeping its tabs and line
 * feeds (a multi-line message, a whole report). With `keepColours`, colour
 * sequences pass (the CLI's own styles on a terminal; values from outside
 * were escaped with escapeValue before): the last line of defence, so that
 * a value a printer forgot to escape can at worst change a colour, never
 * retitle, clear or write to the clipboard.
 */
export function escapeControls(text: string, keepColours = false): string {
  if (!keepColours) return text.replace(UNSAFE, escapeChar);
  return text.replace(SGR_OR_UNSAFE, (m) => (m.length > 1 ? m : escapeChar(m)));
}

/** escapeValue escapes one value from outside for a terminal, line feeds and tabs included (it stays on its line). */
export function escapeValue(text: string): string {
  return text.replace(UNSAFE_ANY, escapeChar);
}

/** JSON_UNSAFE is what JSON.stringify leaves raw that a terminal may act on (it escapes C0 itself). */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * escapeJson escapes, in text JSON.stringify wrote, the characters it leaves
 * raw that a terminal may act on, as `\uXXXX`: the same JSON to a parser.
 * Such characters only occur inside strings, so any piece of the text can
 * be passed on its own.
 */
export function escapeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
