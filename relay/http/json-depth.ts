/**
 * How deeply a JSON text nests objects and arrays, found by one pass over the characters before the
 * text is parsed: a hostile body of a few KB can nest thousands of levels, which the rest of the
 * relay must never see.
 */

/** True when the text nests deeper than `maxDepth` (the top-level object counts 1). */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}
