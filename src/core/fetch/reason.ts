/** REASON_MAX_CHARS bounds the server's reason quoted in an error message: a line, not a page. */
export const REASON_MAX_CHARS = 200;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * shortReason picks the one line of an HTTP error body worth quoting to the
 * user: the <title> of an HTML page (proxies' `502 Bad Gateway` pages), else
 * the first line of text with tags stripped (Go's `404 page not found`, a
 * handler's `http.Error` text). Whitespace is collapsed and the result cut to
 * about 200 characters; '' when the body says nothing.
 */
export function shortReason(body: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  let text = title !== undefined && collapse(title) !== '' ? title : body;
  text = text
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, '\n')
    .replace(/<!--[\s\S]*?(-->|$)/g, '\n')
    .replace(/<!doctype[^>]*>/gi, '\n')
    .replace(/<\/?(p|div|br|h[1-6]|li|tr|hr|head|body|html|center|pre)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  const line =
    text
      .split(/\r?\n/)
      .map(collapse)
      .find((l) => l !== '') ?? '';
  const decoded = collapse(decodeEntities(line));
  return decoded.length > REASON_MAX_CHARS ? `${decoded.slice(0, REASON_MAX_CHARS - 1).trimEnd()}…` : decoded;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
