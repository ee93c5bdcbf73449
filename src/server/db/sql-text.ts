/** Text for SQL LIKE/ILIKE patterns: the wildcard characters of the user's text match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An ILIKE pattern that matches the text anywhere. */
export const containsPattern = (text: string): string => `%${escapeLike(text)}%`;
