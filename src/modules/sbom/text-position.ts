/** Line and column of an offset, for error places. Only computed when an error is reported. */

/** The 1-based line of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** "line 3, column 17" for a character offset. */
export function linePlace(text: string, offset: number): string {
  const end = Math.min(Math.max(offset, 0), text.length);
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  return `line ${lineOf(text, end)}, column ${end - lineStart + 1}`;
}
