/** The input with LIKE's wildcards (`%`, `_`) and the escape character taken literally, lower-cased. */
function woertlich(text: string): string {
  return text.toLowerCase().replace(/[\\%_]/g, (z) => `\\${z}`);
}

/** A `LIKE` pattern for "contains the text" (compare against a lower-cased column). */
export const enthaeltMuster = (text: string): string => `%${woertlich(text)}%`;

/** A `LIKE` pattern for "begins with the text" (compare against a lower-cased column). */
export const beginntMitMuster = (text: string): string => `${woertlich(text)}%`;
